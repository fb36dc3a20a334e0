// Late-bound calls between the sandbox's parts, so that no two of them import each other:
// map-view.ts asks for a redraw (draw.ts, which draws the map) and runs.ts asks for the main
// area to be rebuilt (layout.ts, which lays out the run controls). draw.ts and layout.ts fill
// these in when they are loaded (main.ts loads both before anything can call them).
export interface Hooks {
  /** draw.ts's draw(force): schedule a redraw of every chart. */
  draw(force?: boolean): void;
  /** layout.ts's rebuildMain(): build the main area again. */
  rebuildMain(): void;
}

const unset = (name: string) => (): void => { throw new Error(`viz: ${name}() called before its module registered it`); };

export const hooks: Hooks = { draw: unset('draw'), rebuildMain: unset('rebuildMain') };
