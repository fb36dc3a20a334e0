// Compare mode under parameter uncertainty: load a posterior ensemble (govsim calibrate's
// posterior.json), run B (baseline) vs A (edited) over draws × seeds per draw on a pool of engine
// workers, and show per metric the mean effect, the CI of the mean (seed noise), the range over plausible worlds,
// P(A better) and the share of worlds whose effect has the opposite sign. The worker does the
// checking, planning, runs and statistics with the CLI's own code (viz/src/posterior.ts), so the
// table and the exports equal `govsim compare B A --posterior FILE --draws D --seeds-per-draw S`.
import { app, baseSpec, spec } from './app.ts';
import { el } from './charts/card.ts';
import { createEngine, poolSize, type Engine } from './engine.ts';
import { download } from './export.ts';
import { csvRow } from '../../sim/csv.ts';
import { axisUnit, fmtDelta, fmtDeltaUnit, fmtDiffTick, getLang, infoLabel, locale, t } from './i18n.ts';
import {
  DEFAULT_DRAWS, DEFAULT_SEEDS_PER_DRAW, ENSEMBLE_LIMITS, MAX_ENSEMBLE_BYTES, type EnsembleInfo,
} from './posterior-protocol.ts';
import type { RunSpec } from './protocol.ts';

/** One metric's effect as in posterior-compare.json (NaN written as null). */
interface EffectJson {
  mean: number | null;
  seedOnly: [number | null, number | null];
  seedAndParameter: [number | null, number | null];
  pHigher: number | null;
  pBetter?: number | null;
  flips: number | null;
  drawEffects: (number | null)[];
}

/** The CLI's posterior-compare.json. */
export interface PosteriorCompareJson {
  posterior: { digest: string; engineVersion: string; base: string };
  drawn: number[];
  draws: number;
  seedsPerDraw: number;
  level: number;
  effects: Record<string, Record<string, EffectJson>>;
}

interface Result { doc: PosteriorCompareJson; a: RunSpec; b: RunSpec; runs: number }

const st: {
  name?: string;
  info?: EnsembleInfo;
  error?: string;
  draws: number;
  seeds: number;
  running?: { done: number; n: number };
  cancelled?: boolean;
  result?: Result;
} = { draws: DEFAULT_DRAWS, seeds: DEFAULT_SEEDS_PER_DRAW };

let holder: Engine | undefined;
let pool: Engine[] = [];
let gen = 0;

/** The worker that holds the loaded ensemble (checks, plans, analyses). */
function keeper(): Engine {
  holder ??= createEngine();
  return holder;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The comparison on screen (the CLI's posterior-compare.json), for the JSON export; undefined when none. */
export function ensembleExport(): { posteriorCompare: PosteriorCompareJson; posteriorCompareRuns: { a: RunSpec; b: RunSpec; runs: number; current: boolean } } | undefined {
  const r = st.result;
  if (!r) return undefined;
  return { posteriorCompare: r.doc, posteriorCompareRuns: { a: r.a, b: r.b, runs: r.runs, current: isCurrent(r) } };
}

/** Test hook: what the section holds. */
export function ensembleState() {
  return { loaded: st.info?.digest ?? null, error: st.error ?? null, running: st.running ?? null, done: !!st.result, current: st.result ? isCurrent(st.result) : null };
}

function isCurrent(r: Result): boolean {
  return JSON.stringify(r.a) === JSON.stringify(spec()) && JSON.stringify(r.b) === JSON.stringify(baseSpec());
}

async function loadFile(file: File): Promise<void> {
  cancel(false);
  st.name = file.name;
  st.info = undefined;
  st.result = undefined;
  st.error = undefined;
  try {
    if (file.size > MAX_ENSEMBLE_BYTES) throw new RangeError(t('ensembleTooBig', { mb: MAX_ENSEMBLE_BYTES / 1024 / 1024 }));
    st.info = await keeper().api.ensembleLoad(await file.text());
  } catch (e) {
    st.error = `${t('ensembleBadFile')}${file.name}: ${message(e)}`;
  }
  render();
}

function cancel(show = true): void {
  if (!st.running) return;
  gen++;
  for (const e of pool) e.terminate();
  pool = [];
  st.running = undefined;
  st.cancelled = show;
  render();
}

async function runEnsemble(): Promise<void> {
  if (!st.info || st.running) return;
  const my = ++gen;
  const a = spec();
  const b = baseSpec();
  st.error = undefined;
  st.cancelled = false;
  try {
    const plan = await keeper().api.ensemblePlan(a, b, st.draws, st.seeds);
    if (my !== gen) return;
    const jobs = plan.scenarios.flatMap((scenario, i) => plan.seeds.map((seed, s) => ({ i, s, scenario, seed })));
    const out: Record<string, number>[][] = plan.scenarios.map(() => []);
    st.running = { done: 0, n: jobs.length };
    render();
    pool = Array.from({ length: poolSize(jobs.length) }, () => createEngine());
    let next = 0;
    let done = 0;
    try {
      await Promise.all(pool.map(async (e) => {
        while (next < jobs.length && my === gen) {
          const j = jobs[next++];
          out[j.i][j.s] = await e.api.ensembleRun(j.scenario, j.seed, plan.days);
          if (my !== gen) return;
          st.running = { done: ++done, n: jobs.length };
          renderProgress();
        }
      }));
    } finally {
      if (my === gen) {
        for (const e of pool) e.terminate();
        pool = [];
      }
    }
    if (my !== gen) return;
    const text = await keeper().api.ensembleAnalyse({ keys: plan.keys, drawn: plan.drawn, seeds: plan.seeds, days: plan.days }, out);
    if (my !== gen) return;
    st.result = { doc: JSON.parse(text) as PosteriorCompareJson, a, b, runs: jobs.length };
  } catch (e) {
    if (my === gen) st.error = message(e);
  }
  if (my === gen) st.running = undefined;
  render();
}

const num = (x: number | null | undefined) => (typeof x === 'number' ? x : NaN);

function pct(x: number | null | undefined): string {
  const v = num(x);
  return Number.isFinite(v) ? new Intl.NumberFormat(locale(getLang()), { style: 'percent', maximumFractionDigits: 0 }).format(v) : '–';
}

/**
 * The verdict: better or worse only when BOTH intervals exclude 0 on the same side — the 95 % CI
 * of the mean (seed noise) and the range over plausible worlds (central 95 % of the draws'
 * effects); with few draws the latter is close to their min–max and can be narrower than the CI,
 * so neither alone is enough. "Depends on the parameters" when the CI excludes 0 but the range
 * over worlds does not; otherwise no clear difference.
 */
export function ensembleVerdict(e: EffectJson, better: 'higher' | 'lower' | undefined): 'better' | 'worse' | 'depends' | 'unclear' | 'none' {
  const [lo, hi] = e.seedAndParameter.map(num);
  const [slo, shi] = e.seedOnly.map(num);
  if (!better || !Number.isFinite(lo) || !Number.isFinite(hi)) return 'none';
  const side = (a: number, b: number) => (a > 0 ? 1 : b < 0 ? -1 : 0);
  const world = side(lo, hi);
  const seed = Number.isFinite(slo) && Number.isFinite(shi) ? side(slo, shi) : 0;
  if (world !== 0 && seed === world) return (world > 0) === (better === 'higher') ? 'better' : 'worse';
  if (seed !== 0 && world === 0) return 'depends';
  return 'unclear';
}

/** An interval of a difference: shares in percentage points with the unit written once ("[−2.3, +1.2] pp"). */
function interval(x: [number | null, number | null], unit: string): string {
  if (unit === 'share' || unit === 'share of posts') return `[${fmtDiffTick(num(x[0]), unit)}, ${fmtDiffTick(num(x[1]), unit)}] ${axisUnit(unit, true)}`;
  return `[${fmtDelta(num(x[0]), unit)}, ${fmtDelta(num(x[1]), unit)}]`;
}

function table(doc: PosteriorCompareJson): HTMLElement {
  const reform = Object.keys(doc.effects)[0];
  const effects = doc.effects[reform] ?? {};
  const tbl = el('table', { id: 'ensemble-table' });
  const head = el('tr');
  for (const c of ['metricCol', 'colMeanEffect', 'colSeedOnly', 'colSeedParam', 'colPBetter', 'colFlips', 'colVerdict'] as const) head.append(el('th', { scope: 'col' }, t(c)));
  tbl.append(el('thead'));
  tbl.tHead!.append(head);
  const body = el('tbody');
  for (const m of app.cat.metrics) {
    const e = effects[m.name];
    const better = st.info?.better[m.name];
    if (!e || !better) continue;
    const v = ensembleVerdict(e, better);
    const row = el('tr', { 'data-metric': m.name });
    row.append(el('th', { scope: 'row' }, infoLabel(m)));
    const cell = (col: string, text: string, lo?: number | null, hi?: number | null) => {
      const td = el('td', { class: 'num', 'data-col': col }, text);
      if (lo !== undefined) td.dataset.lo = String(num(lo));
      if (hi !== undefined) td.dataset.hi = String(num(hi));
      return td;
    };
    row.append(
      cell('mean', fmtDeltaUnit(num(e.mean), m.unit)),
      cell('seedOnly', interval(e.seedOnly, m.unit), e.seedOnly[0], e.seedOnly[1]),
      cell('seedAndParameter', interval(e.seedAndParameter, m.unit), e.seedAndParameter[0], e.seedAndParameter[1]),
      // Every draw's effect exactly 0 (a count nothing moved): no direction to be better in.
      cell('pBetter', e.drawEffects?.length && e.drawEffects.every((x) => x === 0) ? '–' : pct(e.pBetter)),
      cell('flips', pct(e.flips)),
    );
    const words = { better: t('better'), worse: t('worse'), depends: t('ensembleDepends'), unclear: t('noClearDifference'), none: '–' } as const;
    row.append(el('td', { 'data-col': 'verdict', 'data-verdict': v, class: `verdict${v === 'better' ? ' good' : v === 'worse' ? ' bad' : ''}` }, words[v]));
    body.append(row);
  }
  tbl.append(body);
  return tbl;
}

/**
 * The comparison as CSV: one row per reform and metric (every metric the analysis has), written
 * by the one CSV writer (sim/csv.ts: NaN and null empty, formula-like text defused).
 */
export function ensembleCsv(doc: PosteriorCompareJson): string {
  let out = csvRow(['reform', 'metric', 'mean', 'seed_only_lo', 'seed_only_hi', 'seed_param_lo', 'seed_param_hi', 'p_higher', 'p_better', 'flips', 'draws', 'seeds_per_draw', 'level', 'posterior_digest']);
  for (const [reform, byMetric] of Object.entries(doc.effects)) {
    for (const [m, e] of Object.entries(byMetric)) {
      out += csvRow([reform, m, e.mean, e.seedOnly[0], e.seedOnly[1], e.seedAndParameter[0], e.seedAndParameter[1], e.pHigher, e.pBetter, e.flips,
        doc.draws, doc.seedsPerDraw, doc.level, doc.posterior.digest]);
    }
  }
  return out;
}

function renderProgress(): void {
  const p = document.getElementById('ensemble-progress') as HTMLProgressElement | null;
  const s = document.getElementById('ensemble-status');
  if (!p || !s) return;
  p.hidden = !st.running;
  if (st.running) {
    p.max = st.running.n;
    p.value = st.running.done;
    s.textContent = t('ensembleRunning', { done: st.running.done, n: st.running.n });
  } else s.textContent = st.cancelled ? t('ensembleCancelled') : '';
}

/** The scenario changed: mark a comparison on screen as made for the earlier one (and update the notes). */
export function ensembleRefresh(): void {
  if (st.info || st.result) render();
}

/** Fill the section from the state (after a load, a run, a language change). */
function render(): void {
  const box = document.getElementById('ensemble');
  if (!box) return;
  const info = document.getElementById('ensemble-info')!;
  const err = document.getElementById('ensemble-error')!;
  const notes = document.getElementById('ensemble-notes')!;
  const out = document.getElementById('ensemble-result')!;
  const run = document.getElementById('ensemble-run') as HTMLButtonElement;
  const stop = document.getElementById('ensemble-cancel') as HTMLButtonElement;
  info.textContent = st.info ? t('ensembleLoaded', { name: st.name ?? '', n: st.info.particles, m: st.info.levers.length, base: st.info.base || '–', digest: st.info.digest.slice(0, 12) }) : '';
  err.textContent = st.error ?? '';
  err.hidden = !st.error;
  notes.replaceChildren();
  if (st.info) {
    const note = (text: string) => notes.append(el('li', {}, text));
    if (st.info.engineVersion !== app.cat.engineVersion) note(t('ensembleEngineNote', { v: st.info.engineVersion, w: app.cat.engineVersion }));
    if (st.info.base && st.info.base !== app.state.preset) note(t('ensembleBaseNote', { base: st.info.base, preset: app.state.preset }));
    const b = baseSpec();
    if (b.seed !== spec().seed) note(t('ensembleSeedNote', { seed: String(spec().seed) }));
  }
  notes.hidden = !notes.childElementCount;
  run.disabled = !st.info || !!st.running;
  stop.hidden = !st.running;
  renderProgress();
  out.replaceChildren();
  const r = st.result;
  if (r) {
    out.append(el('p', { class: 'muted', id: 'ensemble-done' }, t('ensembleDone', { d: r.doc.draws, s: r.doc.seedsPerDraw, n: r.runs })));
    if (!isCurrent(r)) out.append(el('p', { class: 'problems', id: 'ensemble-stale' }, t('ensembleStale')));
    const wrap = el('div', { class: 'ensemble-scroll' });
    wrap.append(table(r.doc));
    out.append(wrap, el('p', { class: 'muted' }, t('ensembleNote')));
    const csv = el('button', { type: 'button', id: 'ensemble-csv' }, t('ensembleCsv'));
    csv.addEventListener('click', () => download(`govsim-posterior-${r.doc.posterior.digest.slice(0, 12)}-seed${r.a.seed}.csv`, new Blob([ensembleCsv(r.doc)], { type: 'text/csv;charset=utf-8' })));
    out.append(csv);
  }
}

function numberField(id: string, label: string, value: number, min: number, max: number, set: (n: number) => void): HTMLElement {
  const wrap = el('label', { class: 'ensemble-field', for: id }, `${label} `);
  const input = el('input', { type: 'number', id, min: String(min), max: String(max), step: '1', value: String(value) });
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (Number.isInteger(n) && n >= min && n <= max) set(n);
    else input.value = String(value);
  });
  wrap.append(input);
  return wrap;
}

/** The section (compare mode): built with the main area, filled from the state kept here. */
export function buildEnsemble(): HTMLElement {
  const box = el('section', { class: 'summary ensemble', id: 'ensemble', 'aria-labelledby': 'ensemble-title' });
  box.append(el('h2', { id: 'ensemble-title' }, t('ensembleTitle')), el('p', { class: 'muted' }, t('ensembleIntro')));
  const fileRow = el('div', { class: 'row ensemble-row' });
  // The browser's own file control speaks the browser's language: it is hidden behind a label in the page's.
  const file = el('input', { type: 'file', id: 'ensemble-file', class: 'file-input', accept: '.json,application/json' });
  const fileLabel = el('label', { for: 'ensemble-file', class: 'file-button' }, t('ensembleChoose'));
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void loadFile(f);
  });
  fileRow.append(file, fileLabel, el('span', { class: 'muted' }, t('ensembleDrop')));
  box.addEventListener('dragover', (e) => {
    e.preventDefault();
    box.classList.add('drop');
  });
  box.addEventListener('dragleave', () => box.classList.remove('drop'));
  box.addEventListener('drop', (e) => {
    e.preventDefault();
    box.classList.remove('drop');
    const f = e.dataTransfer?.files?.[0];
    if (f) void loadFile(f);
  });
  const info = el('p', { id: 'ensemble-info', 'aria-live': 'polite' });
  const err = el('p', { id: 'ensemble-error', class: 'problems', role: 'alert', hidden: '' });
  const notes = el('ul', { id: 'ensemble-notes', class: 'muted', hidden: '' });
  const L = ENSEMBLE_LIMITS;
  const runRow = el('div', { class: 'row ensemble-row' });
  const run = el('button', { type: 'button', id: 'ensemble-run' }, t('ensembleRun'));
  run.addEventListener('click', () => void runEnsemble());
  const stop = el('button', { type: 'button', id: 'ensemble-cancel', hidden: '' }, t('ensembleCancel'));
  stop.addEventListener('click', () => cancel());
  const progress = el('progress', { id: 'ensemble-progress', max: '1', value: '0', hidden: '', 'aria-label': t('ensembleTitle') });
  runRow.append(
    numberField('ensemble-draws', t('ensembleDraws'), st.draws, L.minDraws, L.maxDraws, (n) => { st.draws = n; }),
    numberField('ensemble-seeds', t('ensembleSeeds'), st.seeds, L.minSeeds, L.maxSeeds, (n) => { st.seeds = n; }),
    run, stop, progress, el('span', { id: 'ensemble-status', class: 'muted', role: 'status' }),
  );
  box.append(fileRow, info, err, notes, runRow, el('div', { id: 'ensemble-result' }));
  // Filled once the section is in the page.
  queueMicrotask(render);
  return box;
}
