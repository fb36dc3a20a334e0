// Redrawing without blocking: the page is split into parts (status, KPI cards, each chart, the
// map, the summary). While a run plays, each animation frame draws the parts that are out of date
// until about 8 ms are spent, so no frame's task grows long; what is left waits for the next
// frame. While a run plays, the charts and cards (everything but the status line) redraw at most
// every chartInterval() ms, so the main thread leaves the cores to the workers; at full speed the
// status line follows at most every STATUS_MS. The last day of a run is drawn at once. A forced
// draw (language, mode, a click) draws everything at once.
import { app, baseRun } from './app.ts';
import { axisFont, newDrawPass } from './charts/lines.ts';
import { drawCaseFlow, drawDiff, drawExplore, drawHist, drawLinePart, drawMoneyFlow, LINE_CHARTS } from './figures.ts';
import { getLang } from './i18n.ts';
import { KPIS, drawKpi } from './kpis.ts';
import { drawMapPart, gridChanged } from './map-view.ts';
import { updateStatus } from './status.ts';
import { hooks } from './hooks.ts';
import { drawSummary } from './summary-table.ts';
import { drawGuideAnswer } from './room.ts';

/** Longest time each part of a redraw took (ms), for the speed script. */
export const drawTimes: Record<string, number> = {};
const dirty = new Set<string>();
const putOff = new Set<string>();
let frameRequested = false;
/** When the charts were last marked for a redraw, and the timer that marks them after a throttled update. */
let chartsMarked = -Infinity;
let chartTimer: ReturnType<typeof setTimeout> | undefined;

/** Main-thread time (ms) of the last complete pass over the charts and cards, and of the pass under way. */
let lastPass = 0;
let passSoFar = 0;
let inPass = false;

/**
 * Charts redraw at most this often while a run plays (ms): a few times a second at full speed.
 * At full speed the interval also stays at least 4× the last pass's drawing time (at most a
 * fifth of the main thread goes to the charts, however slow the machine), up to once a second.
 */
function chartInterval(): number {
  const speed = app.session?.speed ?? Infinity;
  if (Number.isFinite(speed) && speed <= 100) return 100;
  return Number.isFinite(speed) ? 250 : Math.min(1000, Math.max(250, 4 * lastPass));
}

/** Nothing is waiting to be drawn. */
export function drawn(): boolean {
  return dirty.size === 0 && !frameRequested && chartTimer === undefined && statusTimer === undefined;
}

/** When the status line was last marked, and the timer that marks it after a throttled update. */
let statusMarked = -Infinity;
let statusTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * At full speed the status line (date, day, progress bar) follows the chunks of days at most this
 * often (ms): ten times a second, so a stream of small chunks does not ask for a frame each.
 */
const STATUS_MS = 100;

hooks.draw = (force) => draw(force);

export function draw(force = false): void {
  const now = performance.now();
  // The last day of a run is drawn at once (the run is over: nothing to leave the cores to).
  const wait = force || !app.session?.playing || app.session.main?.done ? 0 : chartsMarked + chartInterval() - now;
  if (wait <= 0) {
    chartsMarked = statusMarked = now;
    if (statusTimer) clearTimeout(statusTimer);
    statusTimer = undefined;
    if (chartTimer) clearTimeout(chartTimer);
    chartTimer = undefined;
    for (const p of drawParts()) if (!p.onDemand) dirty.add(p.id);
    if (!inPass) passSoFar = 0;
    inPass = true;
  } else {
    chartTimer ??= setTimeout(() => { chartTimer = undefined; draw(); }, wait);
    const statusWait = Number.isFinite(app.session.speed) ? 0 : statusMarked + STATUS_MS - now;
    if (statusWait > 0) {
      statusTimer ??= setTimeout(() => { statusTimer = undefined; draw(); }, statusWait);
      return;
    }
    statusMarked = now;
    dirty.add('status');
  }
  if (force) {
    const ui = app.ui;
    ui.drawnFlows = ui.drawnGrid = ui.drawnReps = undefined;
    runParts(Infinity);
    return;
  }
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(onFrame);
}

function onFrame(): void {
  frameRequested = false;
  runParts(8);
  if (dirty.size && !frameRequested) {
    frameRequested = true;
    requestAnimationFrame(onFrame);
  }
}

function timed(name: string, fn: () => void): void {
  const t0 = performance.now();
  fn();
  const dt = performance.now() - t0;
  if (!(drawTimes[name] >= dt)) drawTimes[name] = dt;
}

/** `onDemand` parts are marked out of date by another part (flows), not by every new day. */
interface Part { id: string; run(): void; onDemand?: boolean }

function flowsChanged(): boolean {
  const { session, ui } = app;
  const sig = [session.main!.flows, baseRun()?.flows, session.reps, getLang()];
  if (ui.drawnFlows !== undefined && !(ui.drawnFlows as unknown[]).some((x, i) => x !== sig[i])) return false;
  ui.drawnFlows = sig;
  return true;
}

/** The parts of the page that redraw, in the order a frame draws them. */
function drawParts(): Part[] {
  const { session, ui, state, cat, seriesBy } = app;
  if (!session?.main || !ui.cards.open) return [];
  const parts: Part[] = [
    { id: 'status', run: updateStatus },
  ];
  for (const k of KPIS) {
    const card = ui.kpis[k.name];
    if (card) parts.push({ id: `kpi-${k.name}`, run: () => drawKpi(card, k, session.main!, baseRun(), seriesBy, cat.series, session.reps?.diff?.[k.name]) });
  }
  if (state.mode === 'compare' && ui.cards.diff) parts.push({ id: 'diff', run: () => { if (session.base) drawDiff(); } });
  for (const c of LINE_CHARTS) parts.push({ id: `line-${c.id}`, run: () => drawLinePart(c) });
  parts.push({ id: 'explore', run: drawExplore });
  // Flows and the map change only when the worker sends details (a few times a second).
  parts.push({ id: 'flows', run: () => { if (flowsChanged()) { dirty.add('histogram'); dirty.add('caseflow'); dirty.add('moneyflow'); } } });
  parts.push({ id: 'histogram', run: drawHist, onDemand: true });
  parts.push({ id: 'caseflow', run: drawCaseFlow, onDemand: true });
  parts.push({ id: 'moneyflow', run: drawMoneyFlow, onDemand: true });
  parts.push({ id: 'map', run: () => { if (gridChanged()) drawMapPart(); } });
  parts.push({ id: 'summary', run: drawSummary });
  parts.push({ id: 'guide', run: drawGuideAnswer });
  return parts;
}

/**
 * Draw out-of-date parts in order until `budget` ms are spent (at least one part). A part whose
 * last drawing would take the frame past its budget waits for the next frame, so a frame holds at
 * most one heavy part (the map of a large district, say) and never two.
 */
function runParts(budget: number): void {
  const parts = drawParts();
  if (!parts.length) {
    dirty.clear();
    return;
  }
  // The style sheet's axis size, read before this pass changes the page (no style recalculation).
  newDrawPass();
  axisFont();
  let refit = false;
  for (const c of Object.values(app.ui.cards)) refit = c.fit() || refit;
  if (refit) app.ui.drawnFlows = app.ui.drawnGrid = undefined;
  const t0 = performance.now();
  let ran = 0;
  // Parts put off by an earlier frame go first, so a heavy part is never starved.
  const ordered = [...parts.filter((p) => putOff.has(p.id)), ...parts.filter((p) => !putOff.has(p.id))];
  for (const p of ordered) {
    if (!dirty.has(p.id)) continue;
    if (ran > 0 && performance.now() - t0 + (drawTimes[p.id] ?? 0) > budget) {
      putOff.add(p.id);
      continue;
    }
    ran++;
    putOff.delete(p.id);
    dirty.delete(p.id);
    const t1 = performance.now();
    timed(p.id, () => p.run());
    passSoFar += performance.now() - t1;
    if (performance.now() - t0 > budget) break;
  }
  if (!dirty.size && inPass) {
    lastPass = passSoFar;
    inPass = false;
  }
}
