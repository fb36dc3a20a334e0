// The sandbox page's entry: loads the engine's catalogue in a worker, reads the share link,
// builds the page and opens the first runs; exposes a small test hook (window.govsim).
// The parts: app.ts (shared state, specs, link), layout.ts (the page), panel.ts (scenario panel),
// runs.ts (choices → runs), status.ts (run controls), draw.ts (redraw scheduling), figures.ts,
// map-view.ts and summary-table.ts (the pictures), run-export.ts (downloads).
import './style.css';
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import { app, baseSpec, setCatalogue, setLanguage, spec, updateUrl } from './app.ts';
import { draw, drawn, drawTimes } from './draw.ts';
import { createEngine } from './engine.ts';
import type { Lang } from './i18n.ts';
import { KPIS, kpiValue } from './kpis.ts';
import { buildUi, rebuildMain } from './layout.ts';
import { pruneLevers } from './panel.ts';
import type { RunSpec } from './protocol.ts';
import { changePending, rebuildRuns, showError } from './runs.ts';
import { Session, type Mode } from './session.ts';
import { decodeShare } from './share.ts';
import { updateStatus } from './status.ts';
import { MAP_METRICS } from './map-view.ts';
import { exportCaption } from './export.ts';
import { ensembleState } from './ensemble.ts';
import { caption, fillHandoutHead } from './room.ts';

const longTasks: number[] = [];
let readyResolve!: () => void;
const ready = new Promise<void>((r) => { readyResolve = r; });

function observeLongTasks(): void {
  try {
    const po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (app.session?.playing) longTasks.push(e.duration);
    });
    po.observe({ type: 'longtask', buffered: true });
  } catch {
    // Not every browser reports long tasks (Firefox does not); the figure is measured in Chromium.
  }
}

async function start(): Promise<void> {
  observeLongTasks();
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    if (resizeTimer) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => draw(true), 150);
  });
  app.session = new Session({
    onData: () => draw(),
    onState: () => updateStatus(),
    onError: showError,
  });
  setCatalogue(await app.session.api.catalogue());
  const cat = app.cat;
  const presets = cat.presets.filter((p) => p.kind === 'scenario').map((p) => p.id);
  const defaults = {
    preset: presets.includes(RUN_DEFAULTS.preset) ? RUN_DEFAULTS.preset : presets[0], patches: [], levers: {}, seed: RUN_DEFAULTS.seed, days: RUN_DEFAULTS.days, lang: 'zh' as Lang, mode: 'single' as Mode,
  };
  const { state: s, problems } = decodeShare(location.search, {
    levers: cat.levers, presets, patches: cat.patches.map((p) => p.id), maxDays: cat.maxDays, mapMetrics: MAP_METRICS.map((m) => m.id),
  }, defaults);
  Object.assign(app.state, { preset: s.preset, patches: s.patches, levers: s.levers, seed: s.seed, days: s.days, mode: s.mode ?? 'single' });
  // Drop link levers equal to preset + patches, so "changed" means changed (for A and for B).
  pruneLevers(cat, app.state);
  if (s.baseline) {
    const b = { preset: s.preset, ...s.baseline };
    pruneLevers(cat, b);
    app.state.baseline = { patches: b.patches, levers: b.levers, ...(b.seed !== undefined ? { seed: b.seed } : {}) };
  }
  if (s.fork) {
    const trunk = { preset: s.preset, patches: s.patches, levers: s.fork.trunk };
    pruneLevers(cat, trunk);
    app.state.fork = { day: s.fork.day, trunk: trunk.levers };
  }
  // Replications and the map's selection from the link.
  if (s.reps !== undefined) app.state.reps = s.reps;
  if (s.map !== undefined) app.state.mapMetric = s.map;
  if (s.street !== undefined) app.state.mapFocus = s.street;
  exportCaption.get = caption;
  window.addEventListener('beforeprint', () => {
    fillHandoutHead();
    draw(true);
  });
  app.ui.problems = problems;
  setLanguage(s.lang ?? 'zh');
  buildUi();
  updateUrl();
  await rebuildRuns();
  // A street from the link that the district does not have: the whole district instead.
  const streets = app.session.main?.layout.streets.length ?? 0;
  if (app.state.mapFocus !== null && app.state.mapFocus >= streets) {
    app.ui.problems.push({ param: 'street', got: String(app.state.mapFocus), max: streets - 1 });
    app.state.mapFocus = null;
    updateUrl();
    rebuildMain();
  }
  draw(true);
  readyResolve();
}

declare global {
  interface Window {
    govsim: {
      ready: Promise<void>;
      state(): unknown;
      /** The digest of a run computed by a fresh worker (patches may be left out: none). */
      digest(spec: Omit<RunSpec, 'patches'> & { patches?: string[] }): Promise<string>;
      runToEnd(): Promise<void>;
      longTasks: number[];
      drawTimes: Record<string, number>;
      stepMillis(): Promise<number>;
      /** A fresh engine for scripts (measurements). */
      engine: typeof createEngine;
    };
  }
}

window.govsim = {
  ready,
  state: () => {
    const { session, state, ui, cat } = app;
    return {
      day: session?.main?.day ?? 0,
      horizon: session?.main?.horizon ?? 0,
      done: session?.main?.done ?? false,
      digest: session?.main?.done ? session.main.manifest?.digest : undefined,
      baseDigest: session?.base?.done ? session.base.manifest?.digest : undefined,
      lang: state.lang,
      mode: state.mode,
      spec: spec(),
      baseSpec: baseSpec(),
      playing: session?.playing ?? false,
      preparing: session?.preparing ?? true,
      /** A change is waiting for its debounce (or the patch check) before the runs are rebuilt. */
      pending: changePending(),
      /** Levers the ticked patches set differently (nothing runs meanwhile). */
      conflicts: ui.conflicts.map((c) => c.lever),
      mapFocus: state.mapFocus,
      selectedGrid: state.selectedGrid ?? null,
      reps: session?.reps ? { n: session.reps.n, digests: session.reps.digests } : undefined,
      /** The KPI cards' numbers, from the data (the cards themselves may be a frame behind). */
      kpis: Object.fromEntries(KPIS.filter((k) => ui.kpis[k.name]).map((k) => {
        const v = session?.main ? kpiValue(session.main, k.name, cat.series) : NaN;
        return [k.name, Number.isFinite(v) ? v : null];
      })),
      /** Nothing is waiting to be drawn. */
      drawn: drawn(),
      /** The guided step on screen (undefined outside guided mode). */
      guide: state.guide,
      /** Configuration B of compare mode when set (undefined: the bare preset). */
      baseline: state.baseline,
      /** The fork of the edited run (day and levers before it), when set. */
      fork: state.fork,
      /** A previous finished run is kept (drawn faded). */
      previous: !!session?.previous,
      /** Compare mode over a posterior ensemble: loaded digest, error, progress, result. */
      ensemble: ensembleState(),
    };
  },
  digest: (s) => Session.digestOf({ ...s, patches: s.patches ?? [] }),
  runToEnd: async () => {
    await ready;
    await app.session.runToEnd();
    draw(true);
  },
  longTasks,
  drawTimes,
  stepMillis: () => app.session.api.stepMillis(),
  engine: createEngine,
};

start().catch(showError);
