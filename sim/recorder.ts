// Observation (MODEL.md section 6): the daily series and the run summary, each with a stable
// name, unit and definition in both languages. Processes bump today's counters; at the end of
// each day `recordDay` turns counters and stocks into one value per series.
import { createCohort, cohortCounts, threeRates, type Cohort } from './cohort.ts';
import type { District } from './district.ts';
import { PURPOSES, SPENT } from './money.ts';
import { meanTrust } from './residents.ts';
import { CATEGORIES, SUB_ITEMS } from './taxonomy.ts';
import { postCounts } from './workforce.ts';
import { grown } from './typed.ts';
import type { World } from './world.ts';

export interface SeriesInfo {
  name: string;
  unit: string;
  zh: string;
  en: string;
}

const S = (name: string, unit: string, zh: string, en: string): SeriesInfo => ({ name, unit, zh, en });

/**
 * Every daily series, in output order. Rates are over a trailing 30-day window (NaN when it is
 * empty); the three hotline rates are on the cohort of orders due in that window, as known at
 * the end of the day (see cohort.ts).
 */
export const SERIES: readonly SeriesInfo[] = [
  S('cases.emerged', 'cases/day', '新发生事项', 'Issues emerged'),
  S('cases.discovered.patrol', 'cases/day', '巡查发现', 'Found by patrol'),
  S('cases.discovered.direct', 'cases/day', '居民直接反映', 'Told directly'),
  S('cases.discovered.hotline', 'cases/day', '12345 诉求', 'Hotline appeals'),
  S('cases.closed', 'cases/day', '办结', 'Cases closed'),
  S('cases.closed.grid', 'cases/day', '网格办结', 'Closed by grid'),
  S('cases.closed.community', 'cases/day', '社区办结', 'Closed by community'),
  S('cases.closed.street', 'cases/day', '街道办结', 'Closed by street'),
  S('cases.closed.department', 'cases/day', '部门办结', 'Closed by department'),
  S('cases.reopened', 'cases/day', '重新办理', 'Reopened'),
  S('cases.bounced', 'cases/day', '退单/推诿', 'Bounced (misrouted or pushed back)'),
  S('cases.pushedBack', 'cases/day', '部门推诿', 'Pushed back by departments'),
  S('cases.lapsed', 'cases/day', '未反映自行消失', 'Lapsed unreported'),
  S('cases.merged', 'cases/day', '重复诉求合并', 'Duplicate calls merged'),
  S('cases.hidden', 'cases', '未发现事项', 'Hidden issues'),
  S('cases.open.grid', 'cases', '网格在办', 'Open at grids'),
  S('cases.open.community', 'cases', '社区在办', 'Open at communities'),
  S('cases.open.street', 'cases', '街道在办', 'Open at streets'),
  S('cases.open.department', 'cases', '部门在办', 'Open at departments'),
  S('cases.open.other', 'cases', '转办途中/待接听/待资金', 'In transit, waiting for a call, or waiting for money'),
  S('cases.open', 'cases', '在办事项', 'Open cases (backlog)'),
  S('hotline.calls', 'calls/day', '热线来电', 'Hotline calls'),
  S('hotline.enquiries', 'calls/day', '咨询', 'Enquiries'),
  S('hotline.answered', 'calls/day', '接通', 'Calls answered'),
  S('hotline.closed', 'orders/day', '工单办结', 'Work orders closed'),
  S('rate.response', 'share', '响应率（近 30 天到期工单）', 'Response rate (orders due in the last 30 days)'),
  S('rate.resolution', 'share', '解决率（近 30 天到期工单，未办结计为未解决）', 'Resolution rate (orders due in the last 30 days; open ones count as unresolved)'),
  S('rate.satisfaction', 'share', '满意率（逾期未办结计为不满意）', 'Satisfaction rate (overdue open orders count as not satisfied)'),
  S('rate.inGrid', 'share', '网格体系内解决率', 'Closed inside the grid system'),
  S('rate.gridSatisfaction', 'share', '网格服务满意率', 'Grid-service satisfaction'),
  S('time.median', 'days', '办结时长中位数', 'Median resolution time'),
  S('time.p90', 'days', '办结时长 90 分位', '90th percentile resolution time'),
  S('whistle.blown', 'whistles/day', '吹哨', 'Whistles blown'),
  S('whistle.onTime', 'share', '按时报到率', 'Whistles answered on time'),
  S('trust.mean', '0–1', '平均信任', 'Mean trust'),
  S('trust.oldCompound', '0–1', '老旧小区信任', 'Trust, old compounds'),
  S('trust.commodity', '0–1', '商品房信任', 'Trust, commodity housing'),
  S('trust.resettlement', '0–1', '安置房信任', 'Trust, resettlement housing'),
  S('workforce.active', 'workers', '在岗网格员', 'Grid workers active'),
  S('workforce.vacant', 'posts', '空岗', 'Vacant posts'),
  S('workforce.training', 'workers', '培训中', 'In training'),
  S('workforce.surge', 'workers', '合同网格员', 'Surge contract workers'),
  S('workforce.morale', '0–1', '士气', 'Mean morale'),
  S('workforce.overtime', 'hours/day', '加班工时', 'Overtime hours'),
  S('workforce.quits', 'workers/day', '离职', 'Quits'),
  S('workforce.load', 'days of work', '网格积压（天）', 'Grid backlog in days of work'),
  S('money.balance.district', 'yuan', '区级余额', 'District balance'),
  S('money.balance.streets', 'yuan', '街道余额', 'Street balances'),
  S('money.balance.communities', 'yuan', '社区余额', 'Community balances'),
  S('money.balance.transit', 'yuan', '在途资金', 'Money in transit'),
  ...PURPOSES.map((p) => S(`money.spend.${p}`, 'yuan/day', `支出：${({ payroll: '工资', incentives: '激励', training: '培训', surge: '合同工', subsidy: '物业补贴', repairs: '维修', operations: '社区运行' } as Record<string, string>)[p]}`, `Spending: ${p}`)),
  S('money.transfers', 'yuan/day', '转移支付', 'Transfers'),
  S('money.unfundedCaseDays', 'case-days/day', '待资金事项天数', 'Unfunded case-days'),
];

export const SERIES_INDEX: Record<string, number> = Object.fromEntries(SERIES.map((s, i) => [s.name, i]));

export interface DayCounters {
  emerged: number;
  discovered: Float64Array;
  appeals: number;
  enquiries: number;
  enquiriesAnswered: number;
  callsAnswered: number;
  duplicates: number;
  merged: number;
  bounced: number;
  pushbacks: number;
  lapsed: number;
  whistles: number;
  whistlesReported: number;
  whistlesOnTime: number;
  closed: number;
  closedByLevel: Float64Array;
  reopened: number;
  unfunded: number;
  hotlineClosed: number;
  hotlineResponded: number;
  hotlineResolved: number;
  hotlineSatisfied: number;
  gridClosed: number;
  gridInside: number;
  gridInsideStrict: number;
  gridSatisfied: number;
}

const HIST_BIN = 0.25; // days
const HIST_BINS = 400; // up to 100 days, then one open-ended bin (100 days and more)
const WINDOW = 30;

export interface Recorder {
  days: number;
  capacity: number;
  values: Float64Array[];
  today: DayCounters;
  /** Per-day raw counts for trailing-window rates: [numerator, denominator] pairs. */
  raw: Float64Array[];
  /** Resolution-time histograms: per day (ring of WINDOW) and for the run so far, by category. */
  dayHist: Int32Array;
  ring: Int32Array;
  /** Scratch: the trailing window's histogram. */
  window: Int32Array;
  runHist: Int32Array; // (categories + 2) × (HIST_BINS + 1): categories, all, multi-department sub-items
  /** Issues emerged over the whole run, by sub-item. */
  emergedBySub: Float64Array;
  community: Float64Array; // per community, run so far: count, time sum, rated, satisfied
  /** Cases closed over the whole run by discovery channel (5) × level that closed them (4). */
  flow: Float64Array;
  lastSpent: Float64Array;
  lastTransferred: number;
  lastQuits: number;
  /** Hotline orders by the day their deadlines fall on (the three rates). */
  cohort: Cohort;
  /** Every closed case's resolution time (days), in closing order, with its key (category, +128 if multi-department). */
  /** Float32 (about a second's precision over years): half the memory of a year's closures. */
  times: Float32Array;
  timesKey: Uint8Array;
  timesCommunity: Uint16Array;
  timesN: number;
  /** Index into `times` of the first case closed on day t (t = 0 .. days). */
  dayStart: Int32Array;
  /**
   * Per-place money and waiting, for the result's places (sim/places.ts), cumulative over the run
   * and as they stood at the end of the warm-up (so the measurement window is total − atWarm):
   * fen spent per place (communities, then streets' own accounts, then one district-level entry),
   * the cases of each community waiting for money today, and its unfunded case-days.
   */
  placeSpend: Float64Array;
  placeSpendWarm: Float64Array;
  placeWaiting: Int32Array;
  placeUnfunded: Float64Array;
  placeUnfundedWarm: Float64Array;
  /** Ledger entries already attributed to places. */
  placeLedger: number;
}

const RAW = ['hc', 'hr', 'hs', 'hv', 'gc', 'gi', 'gs', 'wr', 'wo', 'gx'] as const;

function newCounters(): DayCounters {
  return {
    emerged: 0, discovered: new Float64Array(5), appeals: 0, enquiries: 0, enquiriesAnswered: 0, callsAnswered: 0,
    duplicates: 0, merged: 0, bounced: 0, pushbacks: 0, lapsed: 0, whistles: 0, whistlesReported: 0, whistlesOnTime: 0,
    closed: 0, closedByLevel: new Float64Array(4), reopened: 0, unfunded: 0,
    hotlineClosed: 0, hotlineResponded: 0, hotlineResolved: 0, hotlineSatisfied: 0, gridClosed: 0, gridInside: 0, gridInsideStrict: 0, gridSatisfied: 0,
  };
}

function resetCounters(c: DayCounters): void {
  for (const k of Object.keys(c) as (keyof DayCounters)[]) {
    const v = c[k];
    if (typeof v === 'number') (c as unknown as Record<string, number>)[k] = 0;
    else v.fill(0);
  }
}

/**
 * Cases closed per resident-day (the presets close 1.3 to 1.35 per thousand): the resolution
 * times are sized for the run's first year up front (they grow past it), so a district-sized run
 * does not copy them through nine doublings.
 */
const CLOSED_PER_RESIDENT_DAY = 1.6e-3;

export function createRecorder(days: number, d: District): Recorder {
  if (d.nCommunities > 0xffff) throw new RangeError(`at most 65535 communities, got ${d.nCommunities}`);
  const cap = Math.max(1, days);
  const timesCap = Math.max(1024, Math.ceil(d.population * Math.min(cap, 366) * CLOSED_PER_RESIDENT_DAY));
  return {
    days: 0, capacity: cap,
    values: SERIES.map(() => new Float64Array(cap)),
    today: newCounters(),
    raw: RAW.map(() => new Float64Array(cap)),
    dayHist: new Int32Array(HIST_BINS + 1),
    ring: new Int32Array(WINDOW * (HIST_BINS + 1)),
    window: new Int32Array(HIST_BINS + 1),
    runHist: new Int32Array((CATEGORIES.length + 2) * (HIST_BINS + 1)),
    emergedBySub: new Float64Array(SUB_ITEMS.length),
    community: new Float64Array(d.nCommunities * 4),
    flow: new Float64Array(5 * 4),
    lastSpent: new Float64Array(PURPOSES.length),
    lastTransferred: 0,
    lastQuits: 0,
    cohort: createCohort(cap),
    times: new Float32Array(timesCap),
    timesKey: new Uint8Array(timesCap),
    timesCommunity: new Uint16Array(timesCap),
    timesN: 0,
    dayStart: new Int32Array(cap + 1),
    placeSpend: new Float64Array(d.nCommunities + d.nStreets + 1),
    placeSpendWarm: new Float64Array(d.nCommunities + d.nStreets + 1),
    placeWaiting: new Int32Array(d.nCommunities),
    placeUnfunded: new Float64Array(d.nCommunities),
    placeUnfundedWarm: new Float64Array(d.nCommunities),
    placeLedger: 0,
  };
}

/** The place of a money account: its community, its street (nCommunities + street), or the district level (last). */
function accountPlace(w: World, a: number): number {
  const m = w.money;
  const d = w.district;
  if (a >= m.firstCommunity) return a - m.firstCommunity;
  if (a >= m.firstStreetTask) return d.nCommunities + (a - m.firstStreetTask);
  if (a >= m.firstStreetEarmarked) return d.nCommunities + (a - m.firstStreetEarmarked);
  if (a >= m.firstStreetGeneral) return d.nCommunities + (a - m.firstStreetGeneral);
  return d.nCommunities + d.nStreets;
}

/** Today's spending by place (the ledger entries since yesterday's record, as the spending series counts them). */
function recordPlaceSpend(w: World): void {
  const r = w.recorder;
  const m = w.money;
  for (let i = r.placeLedger; i < m.ledgerN; i++) {
    if (m.ledgerTo[i] === SPENT) r.placeSpend[accountPlace(w, m.ledgerFrom[i])] += m.ledgerAmount[i];
  }
  r.placeLedger = m.ledgerN;
}

/** Key of a resolution time: its category, plus MULTI when the sub-item needs several departments, plus SATISFIED. */
export const MULTI = 128;
export const SATISFIED = 64;
const CATEGORY_MASK = SATISFIED - 1;

/**
 * A case closed: keep its resolution time (days from discovery), community and rating for exact
 * quantiles and equity over the measurement window; add it to today's histogram and to the
 * run-so-far histogram and community tallies (live pictures).
 */
export function recordResolution(w: World, category: number, multiDepartment: boolean, community: number, days: number, satisfied: boolean): void {
  const r = w.recorder;
  const bin = Math.min(HIST_BINS, Math.max(0, Math.floor(days / HIST_BIN)));
  r.dayHist[bin]++;
  if (r.timesN === r.times.length) {
    r.times = grown(r.times, 2 * r.timesN);
    r.timesKey = grown(r.timesKey, 2 * r.timesN);
    r.timesCommunity = grown(r.timesCommunity, 2 * r.timesN);
  }
  r.times[r.timesN] = days;
  r.timesKey[r.timesN] = category + (multiDepartment ? MULTI : 0) + (satisfied ? SATISFIED : 0);
  r.timesCommunity[r.timesN] = community;
  r.timesN++;
  r.runHist[category * (HIST_BINS + 1) + bin]++;
  r.runHist[CATEGORIES.length * (HIST_BINS + 1) + bin]++;
  if (multiDepartment) r.runHist[(CATEGORIES.length + 1) * (HIST_BINS + 1) + bin]++;
  const k = community * 4;
  r.community[k]++;
  r.community[k + 1] += days;
  r.community[k + 2]++;
  if (satisfied) r.community[k + 3]++;
}

/**
 * First observed day of a run of `days` days: the warm-up, or day 0 when the run is not longer
 * than the warm-up (the result's `window` then says so plainly).
 */
export function observedFrom(warmupDays: number, days: number): number {
  return days > warmupDays ? warmupDays : 0;
}

/** k-th smallest (0-based) of a[0..n) by quickselect, in place (deterministic pivots). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  // One exit (one keyed load) for both ways out of the loop: a load that only the rare exit
  // reaches has no type feedback, and optimised code deoptimised on it at every call (cold runs).
  return a[k];
}

/**
 * Exact q-quantile of the values (linear between order statistics, the usual "type 7":
 * h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])); NaN when there are none.
 * `a` is scratch: it is reordered.
 */
export function exactQuantile(a: Float64Array, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = select(a, n, lo);
  if (h === lo || lo + 1 >= n) return x;
  // the next order statistic is the minimum of the part above lo
  let y = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < y) y = a[i];
  return x + (h - lo) * (y - x);
}

/** Per community over cases closed on days [from, to): count, time sum, rated, satisfied (4 per community). */
export function communityTallies(r: Recorder, from: number, to: number, nCommunities: number): Float64Array {
  const out = new Float64Array(nCommunities * 4);
  for (let i = r.dayStart[from]; i < r.dayStart[to]; i++) {
    const k = r.timesCommunity[i] * 4;
    out[k]++;
    out[k + 1] += r.times[i];
    out[k + 2]++;
    if (r.timesKey[i] & SATISFIED) out[k + 3]++;
  }
  return out;
}

/**
 * Histograms (quarter-day bins, the last open-ended) of the resolution times closed on days
 * [from, to), in one pass: a row for each category 0 .. categories-1, then a row of all.
 */
export function histogramsByCategory(r: Recorder, from: number, to: number, categories: number): number[][] {
  const B = HIST_BINS + 1;
  const h = new Int32Array((categories + 1) * B);
  const all = categories * B;
  for (let i = r.dayStart[from]; i < r.dayStart[to]; i++) {
    const bin = Math.min(HIST_BINS, Math.max(0, Math.floor(r.times[i] / HIST_BIN)));
    const c = r.timesKey[i] & CATEGORY_MASK;
    if (c < categories) h[c * B + bin]++;
    h[all + bin]++;
  }
  const rows: number[][] = [];
  for (let c = 0; c <= categories; c++) rows.push(Array.from(h.subarray(c * B, (c + 1) * B)));
  return rows;
}

function keeps(key: number, keep: number): boolean {
  return keep === -1 || (keep === MULTI ? key >= MULTI : (key & CATEGORY_MASK) === keep);
}

/**
 * Resolution times of the cases closed on days [from, to) (0 ≤ from ≤ to ≤ days recorded) whose key passes `keep`
 * (−1: all; 0..: that category; MULTI: multi-department sub-items), copied for quantiles.
 */
export function timesOf(r: Recorder, from: number, to: number, keep: number, scratch?: Float64Array): { a: Float64Array; n: number } {
  const lo = r.dayStart[from];
  const hi = r.dayStart[to];
  const a = scratch && scratch.length >= hi - lo ? scratch : new Float64Array(Math.max(0, hi - lo));
  let n = 0;
  for (let i = lo; i < hi; i++) if (keeps(r.timesKey[i], keep)) a[n++] = r.times[i];
  return { a, n };
}

/**
 * timesOf for every category at once (two passes, not one per category): the times of the cases
 * closed on days [from, to) grouped by category, each group in closing order, in `a`; category
 * c's times are a[start[c] .. start[c + 1]). `scratch` is used when it is large enough.
 */
export function timesByCategory(r: Recorder, from: number, to: number, categories: number, scratch?: Float64Array): { a: Float64Array; start: Int32Array } {
  const lo = r.dayStart[from];
  const hi = r.dayStart[to];
  const start = new Int32Array(categories + 1);
  for (let i = lo; i < hi; i++) {
    const c = r.timesKey[i] & CATEGORY_MASK;
    if (c < categories) start[c + 1]++;
  }
  for (let c = 0; c < categories; c++) start[c + 1] += start[c];
  const n = start[categories];
  const a = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  const at = start.slice(0, categories);
  for (let i = lo; i < hi; i++) {
    const c = r.timesKey[i] & CATEGORY_MASK;
    if (c < categories) a[at[c]++] = r.times[i];
  }
  return { a, start };
}

/**
 * Quantile of a histogram slice (linear inside the bin); NaN when empty. The last bin is
 * open-ended: a quantile that falls in it is NaN here (use exact times instead).
 */
export function histQuantile(h: Int32Array, offset: number, q: number): number {
  let total = 0;
  for (let i = 0; i <= HIST_BINS; i++) total += h[offset + i];
  if (total === 0) return NaN;
  const target = q * total;
  let acc = 0;
  for (let i = 0; i <= HIST_BINS; i++) {
    const n = h[offset + i];
    if (acc + n >= target && n > 0) return i < HIST_BINS ? (i + (target - acc) / n) * HIST_BIN : NaN;
    acc += n;
  }
  return NaN;
}

function grow(r: Recorder): void {
  const cap = r.capacity * 2;
  r.values = r.values.map((a) => grown(a, cap));
  r.raw = r.raw.map((a) => grown(a, cap));
  r.dayStart = grown(r.dayStart, cap + 1);
  r.capacity = cap;
}

function windowRate(r: Recorder, num: number, den: number, t: number): number {
  let n = 0, d = 0;
  for (let i = Math.max(0, t - WINDOW + 1); i <= t; i++) {
    n += r.raw[num][i];
    d += r.raw[den][i];
  }
  return d > 0 ? n / d : NaN;
}

function rawSumTo(r: Recorder, k: number, from: number, t: number): number {
  let s = 0;
  for (let i = from; i <= t; i++) s += r.raw[k][i];
  return s;
}

/**
 * A quantile of the trailing window's resolution times: from the quarter-day histogram
 * (linear inside the bin), or, when it falls in the open-ended last bin, exactly from the times.
 */
function windowQuantile(r: Recorder, win: Int32Array, lo: number, t: number, q: number): number {
  const x = histQuantile(win, 0, q);
  if (x === x) return x;
  let total = 0;
  for (let b = 0; b <= HIST_BINS; b++) total += win[b];
  if (total === 0) return NaN;
  const need = r.dayStart[t + 1] - r.dayStart[lo];
  if (windowScratch.length < need) windowScratch = new Float64Array(Math.max(need, 2 * windowScratch.length));
  const { a, n } = timesOf(r, lo, t + 1, -1, windowScratch);
  return exactQuantile(a, n, q);
}

/** Scratch for windowQuantile (reused from day to day; only ever read after being filled). */
let windowScratch = new Float64Array(1024);

/** End of day t: write one value per series and reset today's counters. */
export function recordDay(w: World, t: number): void {
  const r = w.recorder;
  if (t >= r.capacity) grow(r);
  const c = r.today;
  const k = w.counters;
  const m = w.money;
  const v = r.values;
  let i = 0;
  const put = (x: number) => { v[i++][t] = x; };
  put(c.emerged);
  put(c.discovered[1]); put(c.discovered[2]); put(c.discovered[3]);
  put(c.closed);
  put(c.closedByLevel[0]); put(c.closedByLevel[1]); put(c.closedByLevel[2]); put(c.closedByLevel[3]);
  put(c.reopened); put(c.bounced); put(c.pushbacks); put(c.lapsed); put(c.merged);
  put(k.hidden);
  const q = k.queuedByLevel;
  put(q[0]); put(q[1]); put(q[2]); put(q[3]);
  const other = k.inCall + k.inTransit + k.waitingFunds;
  put(other);
  put(q[0] + q[1] + q[2] + q[3] + other);
  put(c.appeals + c.enquiries + c.duplicates);
  put(c.enquiries);
  put(c.callsAnswered);
  put(c.hotlineClosed);
  // raw counts for the windowed rates
  const raw = [c.hotlineClosed, c.hotlineResponded, c.hotlineResolved, c.hotlineSatisfied, c.gridClosed, c.gridInside, c.gridSatisfied, c.whistlesReported, c.whistlesOnTime, c.gridInsideStrict];
  for (let j = 0; j < RAW.length; j++) r.raw[j][t] = raw[j];
  const lo = Math.max(0, t - WINDOW + 1);
  const rates = threeRates(cohortCounts(r.cohort, lo, t + 1), rawSumTo(r, 0, lo, t), rawSumTo(r, 3, lo, t));
  put(rates.response);
  put(rates.resolution);
  put(rates.satisfaction);
  put(windowRate(r, 5, 4, t));
  put(windowRate(r, 6, 4, t));
  // trailing-window resolution-time histogram
  const slot = (t % WINDOW) * (HIST_BINS + 1);
  for (let b = 0; b <= HIST_BINS; b++) r.ring[slot + b] = r.dayHist[b];
  r.dayHist.fill(0);
  const win = r.window;
  win.fill(0);
  const filled = Math.min(WINDOW, t + 1);
  for (let s = 0; s < filled; s++) for (let b = 0; b <= HIST_BINS; b++) win[b] += r.ring[s * (HIST_BINS + 1) + b];
  r.dayStart[t + 1] = r.timesN;
  put(windowQuantile(r, win, lo, t, 0.5));
  put(windowQuantile(r, win, lo, t, 0.9));
  put(c.whistles);
  put(windowRate(r, 8, 7, t));
  put(meanTrust(w, t, -1)); put(meanTrust(w, t, 0)); put(meanTrust(w, t, 1)); put(meanTrust(w, t, 2));
  const wf = w.workforce;
  const pc = postCounts(wf);
  put(pc.active); put(pc.vacant); put(pc.training); put(wf.surgeCount); put(pc.morale);
  put(wf.overtimeToday);
  put(wf.quitsToday);
  wf.quitsToday = 0;
  wf.hiresToday = 0;
  wf.overtimeToday = 0;
  let qh = 0, bh = 0;
  for (let g = 0; g < w.district.nGrids; g++) { qh += w.units.queuedHours[g]; bh += w.units.baseHours[g]; }
  put(bh > 0 ? qh / bh : 0);
  let streets = 0, communities = 0;
  for (let a = m.firstStreetGeneral; a < m.firstCommunity; a++) streets += m.balance[a];
  for (let a = m.firstCommunity; a < m.nAccounts; a++) communities += m.balance[a];
  put(m.balance[m.district] / 100); put(streets / 100); put(communities / 100); put(m.balance[m.transit] / 100);
  for (let p = 0; p < PURPOSES.length; p++) {
    put((m.spent[p] - r.lastSpent[p]) / 100);
    r.lastSpent[p] = m.spent[p];
  }
  put((m.transferred - r.lastTransferred) / 100);
  r.lastTransferred = m.transferred;
  put(c.unfunded);
  recordPlaceSpend(w);
  r.days = t + 1;
  if (r.days === w.params.warmupDays) {
    r.placeSpendWarm.set(r.placeSpend);
    r.placeUnfundedWarm.set(r.placeUnfunded);
  }
  resetCounters(r.today);
}

export { HIST_BIN, HIST_BINS };
