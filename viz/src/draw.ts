// Redrawing without blocking: the page is split into parts (status, KPI cards, each chart, the
// map, the summary). A pass over the out-of-date parts runs as a chain of short tasks: light
// parts share a task until about 8 ms are spent, a heavy part (its last drawing took more than
// that: a Sankey, the map) gets a task of its own, started after the page has been painted, so
// its layout reads do not also lay out what the parts before it changed. Between tasks the
// page yields (MessageChannel), so clicks and the workers' messages go in between and no task
// holds more than one heavy part. While a run plays, the charts and cards (everything but the
// status line) redraw at most every chartInterval() ms, so the main thread leaves the cores to
// the workers; at full speed the status line follows at most every STATUS_MS, and the Sankeys
// (the costliest parts) at most every SANKEY_MS. The last day of a run, and a pause, are drawn
// at once, Sankeys included. A forced draw (language, mode, a click) draws everything at once.
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
 * At full speed the charts redraw at most twice a second: the main thread's drawing, not the
 * worker's stepping, is what limits a live play on a 2-core machine.
 */
const FULL_SPEED_MS = 500;

/**
 * Charts redraw at most this often while a run plays (ms): twice a second at full speed.
 * At full speed the interval also stays at least 4× the last pass's drawing time (at most a
 * fifth of the main thread goes to the charts, however slow the machine), up to once a second.
 */
function chartInterval(): number {
  const speed = app.session?.speed ?? Infinity;
  if (Number.isFinite(speed) && speed <= 100) return 100;
  return Number.isFinite(speed) ? 250 : Math.min(1000, Math.max(FULL_SPEED_MS, 4 * lastPass));
}

/** Nothing is waiting to be drawn. */
export function drawn(): boolean {
  return dirty.size === 0 && !frameRequested && chartTimer === undefined && statusTimer === undefined && !sankeysOwed && sankeyTimer === undefined;
}

/**
 * While a run plays at full speed the Sankeys redraw at most this often (ms): each costs tens of
 * ms of main thread (layout reads for its labels) and they change slowly. They are always drawn
 * when the run ends or pauses.
 */
const SANKEY_MS = 1000;
const SANKEYS = ['caseflow', 'moneyflow'];
/** When the Sankeys were last drawn, and whether newer flows are waiting for them. */
let sankeysDrawn = -Infinity;
let sankeysOwed = false;
let sankeyTimer: ReturnType<typeof setTimeout> | undefined;

/** Playing at full speed, the run not over yet (the Sankeys wait; see SANKEY_MS). */
function throttled(): boolean {
  const s = app.session;
  return !!s?.playing && !Number.isFinite(s.speed) && !s.main?.done;
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
    passStart = true;
    runParts(Infinity);
    return;
  }
  schedule();
}

/** A task of its own, queued behind what is waiting (clicks, the workers' messages). */
const channel = new MessageChannel();
let onTask: (() => void) | undefined;
channel.port1.onmessage = () => {
  const f = onTask;
  onTask = undefined;
  f?.();
};

/**
 * Run the next slice of the pass in a task of its own: straight away (after what is queued) for
 * light parts, after the next paint for a heavy one.
 */
function schedule(): void {
  if (frameRequested) return;
  frameRequested = true;
  const run = () => {
    frameRequested = false;
    runParts(BUDGET);
    if (dirty.size) schedule();
  };
  const next = nextPart();
  if (next && (drawTimes[next.id] ?? 0) > BUDGET) {
    requestAnimationFrame(() => { onTask = run; channel.port2.postMessage(null); });
  } else {
    onTask = run;
    channel.port2.postMessage(null);
  }
}

/** Main-thread time (ms) a slice of a pass may take (a heavier part takes a slice alone). */
const BUDGET = 8;
/** The next slice starts a pass (nothing was left to draw after the last one). */
let passStart = true;

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
  // At full speed the Sankeys wait for SANKEY_MS after their last drawing (sankeysOwed, and a timer).
  parts.push({
    id: 'flows', run: () => {
      if (flowsChanged()) {
        dirty.add('histogram');
        sankeysOwed = true;
      }
      if (!sankeysOwed) return;
      const wait = throttled() ? sankeysDrawn + SANKEY_MS - performance.now() : 0;
      if (wait > 0) {
        sankeyTimer ??= setTimeout(() => { sankeyTimer = undefined; dirty.add('flows'); schedule(); }, wait);
        return;
      }
      if (sankeyTimer) clearTimeout(sankeyTimer);
      sankeyTimer = undefined;
      sankeysOwed = false;
      sankeysDrawn = performance.now();
      for (const id of SANKEYS) dirty.add(id);
    },
  });
  parts.push({ id: 'histogram', run: drawHist, onDemand: true });
  parts.push({ id: 'caseflow', run: drawCaseFlow, onDemand: true });
  parts.push({ id: 'moneyflow', run: drawMoneyFlow, onDemand: true });
  parts.push({ id: 'map', run: () => { if (gridChanged()) drawMapPart(); } });
  parts.push({ id: 'summary', run: drawSummary });
  parts.push({ id: 'guide', run: drawGuideAnswer });
  return parts;
}

/** Parts put off by an earlier slice go first, so a heavy part is never starved. */
function inOrder(parts: Part[]): Part[] {
  return [...parts.filter((p) => putOff.has(p.id)), ...parts.filter((p) => !putOff.has(p.id))];
}

/** The part the next slice starts with. */
function nextPart(): Part | undefined {
  return inOrder(drawParts()).find((p) => dirty.has(p.id));
}

/**
 * Draw out-of-date parts in order until `budget` ms are spent (at least one part). A part whose
 * last drawing would take the slice past its budget waits for the next slice, so a slice holds at
 * most one heavy part (a Sankey, the map of a large district) and never two.
 */
function runParts(budget: number): void {
  const parts = drawParts();
  if (!parts.length) {
    dirty.clear();
    sankeysOwed = false;
    if (sankeyTimer) clearTimeout(sankeyTimer);
    sankeyTimer = undefined;
    return;
  }
  if (passStart) {
    // The style sheet's axis size and the cards' widths, read once a pass, before it changes the
    // page (no style recalculation or layout for these reads); the later slices of the pass go on
    // with them (a resize forces a new pass).
    passStart = false;
    newDrawPass();
    axisFont();
    let refit = false;
    for (const c of Object.values(app.ui.cards)) refit = c.fit() || refit;
    if (refit) app.ui.drawnFlows = app.ui.drawnGrid = undefined;
  }
  const t0 = performance.now();
  let ran = 0;
  for (const p of inOrder(parts)) {
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
  if (!dirty.size) passStart = true;
  if (!dirty.size && inPass) {
    lastPass = passSoFar;
    inPass = false;
  }
}
