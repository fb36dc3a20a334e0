// From the user's choices to runs on screen: a change of scenario updates the share link at
// once and, after a short pause (typing, sliders), opens fresh runs. Ticked patches that set a
// lever differently are a conflict: the page shows it and runs nothing until one is unticked.
import { app, baseSpec, spec, updateUrl } from './app.ts';
import { ensembleRefresh } from './ensemble.ts';
import { hooks } from './hooks.ts';
import { updateStatus } from './status.ts';

let timer: ReturnType<typeof setTimeout> | undefined;
let checking = 0;
let building: Promise<void> | undefined;

/** A change is waiting (debounce, or the conflict check) before the runs are rebuilt. */
export function changePending(): boolean {
  return timer !== undefined || checking > 0;
}

/** The scenario changed: update the link now, rebuild the runs soon (or now). */
export function scenarioChanged(now = false): void {
  updateUrl();
  ensembleRefresh();
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (now) void rebuildRuns();
  else timer = setTimeout(() => { timer = undefined; app.ui.pendingChange = false; void rebuildRuns(); }, 200);
  // A finished run disables Play; a waiting change enables it again at once, so the click that
  // follows the edit (the blur fires just before it) is not lost on a disabled button.
  app.ui.pendingChange = timer !== undefined;
  updateStatus();
}

/**
 * Apply a change still waiting for its pause (a value typed just before a click on Play), and
 * wait until the runs are rebuilt: the click then plays the scenario the user sees, never the old one.
 */
export async function applyPending(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = undefined;
    app.ui.pendingChange = false;
    await rebuildRuns();
  }
  while (building) await building;
}

/** Run `fn` (play, to the end, a step) after any waiting change is applied. */
export function afterPending(fn: () => unknown): void {
  // A lever value still in its field (typed, not yet blurred) is committed first: blurring fires
  // its change event now, whichever order the browser gives the blur and the click.
  const active = document.activeElement;
  if (active instanceof HTMLInputElement && active.closest('.lever-input')) active.blur();
  app.ui.editing = false;
  if (!changePending()) {
    void fn();
    return;
  }
  applyPending().then(() => fn(), showError);
}

/** Check the patches, then open fresh runs, or close them while the patches conflict. */
export function rebuildRuns(): Promise<void> {
  const p = rebuild().finally(() => { if (building === p) building = undefined; });
  building = p;
  return p;
}

async function rebuild(): Promise<void> {
  const { session, state, ui } = app;
  checking++;
  try {
    const wanted = JSON.stringify(spec());
    const conflicts = state.patches.length > 1 ? await session.api.conflicts(state.patches) : [];
    if (JSON.stringify(spec()) !== wanted) return; // changed meanwhile: a newer rebuild follows
    const wasBlocked = ui.conflicts.length > 0;
    ui.conflicts = conflicts;
    ui.panel?.showConflicts(conflicts);
    ui.drawnFlows = ui.drawnGrid = undefined;
    if (conflicts.length) {
      await session.close();
      hooks.rebuildMain();
      return;
    }
    if (wasBlocked) hooks.rebuildMain();
    ui.error = undefined;
    await session.prepare(spec(), baseSpec(), state.mode);
  } catch (e) {
    showError(e);
  } finally {
    checking--;
    updateStatus();
  }
}

export function showError(e: unknown): void {
  app.ui.error = e instanceof Error ? e.message : String(e);
  console.error(e);
  updateStatus();
}
