// The page's shared state: the engine's catalogue, the session (workers and runs), what the user
// chose (AppState: the scenario and the view), handles on the UI, and the run specs and share
// link derived from the choices. The other modules of the page read and write these.
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import { setLang, type Lang } from './i18n.ts';
import type { Card } from './charts/card.ts';
import type { Panel, PanelState } from './panel.ts';
import type { Catalogue, LeverValues, PatchConflict, RunSpec, SeriesInfo } from './protocol.ts';
import type { Mode, Session } from './session.ts';
import { encodeShare, type Baseline, type ShareProblem } from './share.ts';

export const DEFAULT_REPS = 8;
export const DEFAULT_MAP = 'open';

export interface AppState extends PanelState {
  lang: Lang;
  mode: Mode;
  reps: number;
  mapMetric: string;
  /** Street zoomed into on the map, or null for the whole district. */
  mapFocus: number | null;
  mapShow: 'main' | 'base' | 'diff';
  selectedGrid?: number;
  explore: string;
  /** Configuration B of compare mode (its own patches, levers and seed); undefined: the bare preset. */
  baseline?: Baseline;
  /** The guided step on screen, or undefined outside guided mode. */
  guide?: number;
  /**
   * A warm-start fork of the edited run: until `day` the run has the `trunk` levers; from then on
   * the levers of the panel (state.levers).
   */
  fork?: { day: number; trunk: LeverValues };
}

export interface Ui {
  cards: Record<string, Card>;
  kpis: Record<string, HTMLElement>;
  panel?: Panel;
  /** Signatures of what the flows, map and bands were last drawn from (undefined: draw again). */
  drawnFlows?: unknown;
  drawnGrid?: unknown;
  drawnReps?: unknown;
  error?: string;
  /** Problems with the link the page was opened with. */
  problems: ShareProblem[];
  /** Levers the ticked patches set differently: the page does not run until they are resolved. */
  conflicts: PatchConflict[];
  /** A change waits for its pause before the runs are rebuilt (Play then applies it first). */
  pendingChange?: boolean;
  /** A lever value is being typed and not yet committed (its change event comes on blur). */
  editing?: boolean;
}

export const app = {
  cat: undefined as unknown as Catalogue,
  session: undefined as unknown as Session,
  seriesBy: new Map<string, SeriesInfo>(),
  state: {
    preset: RUN_DEFAULTS.preset, patches: [], levers: {}, seed: RUN_DEFAULTS.seed, days: RUN_DEFAULTS.days, lang: 'zh', mode: 'single', reps: DEFAULT_REPS,
    mapMetric: DEFAULT_MAP, mapFocus: null, mapShow: 'main', explore: 'cases.emerged',
  } as AppState,
  ui: { cards: {}, kpis: {}, problems: [], conflicts: [] } as Ui,
};

export function setCatalogue(cat: Catalogue): void {
  app.cat = cat;
  app.seriesBy = new Map(cat.series.map((s) => [s.name, s]));
}

export function setLanguage(lang: Lang): void {
  app.state.lang = lang;
  setLang(lang);
}

/** The edited run: preset + patches + changed levers. */
export function spec(): RunSpec {
  const s = app.state;
  const f = activeFork();
  if (f) return { preset: s.preset, patches: [...s.patches], levers: { ...f.trunk }, seed: s.seed, days: s.days, fork: { day: f.day, levers: { ...s.levers } } };
  return { preset: s.preset, patches: [...s.patches], levers: { ...s.levers }, seed: s.seed, days: s.days };
}

/** The fork, when its day falls inside the run (a shorter horizon drops it). */
export function activeFork(): AppState['fork'] {
  const f = app.state.fork;
  return f && f.day >= 1 && f.day < app.state.days ? f : undefined;
}

/** The baseline (B) of compare mode: by default the preset alone (no patches, no changes), same seed; or the configuration set as B. */
export function baseSpec(): RunSpec {
  const s = app.state;
  const b = s.baseline;
  return { preset: s.preset, patches: b ? [...b.patches] : [], levers: b ? { ...b.levers } : {}, seed: b?.seed ?? s.seed, days: s.days };
}

/** The baseline run, in compare mode only. */
export function baseRun() {
  return app.state.mode === 'compare' ? app.session.base : undefined;
}

/** The share link of what is on screen: the scenario, configuration B, replications and the map's selection (defaults left out). */
export function shareUrl(): string {
  const s = app.state;
  const q = encodeShare({
    preset: s.preset, patches: s.patches, levers: s.levers, seed: s.seed, days: s.days, lang: s.lang, mode: s.mode,
    ...(s.baseline ? { baseline: s.baseline } : {}),
    ...(activeFork() ? { fork: activeFork() } : {}),
    ...(s.reps !== DEFAULT_REPS ? { reps: s.reps } : {}),
    ...(s.mapMetric !== DEFAULT_MAP ? { map: s.mapMetric } : {}),
    ...(s.mapFocus !== null ? { street: s.mapFocus } : {}),
  });
  return `${location.pathname}${q}`;
}

export function updateUrl(): void {
  history.replaceState(null, '', shareUrl());
}
