// KPI cards: the latest value of each key series (rates over the engine's trailing 30-day
// window), a sparkline over the horizon and, in compare mode, the difference from the baseline
// marked better or worse by the KPI's direction (arrow and word, not colour alone).
import * as d3 from 'd3';
import { el } from './charts/card.ts';
import { decimate } from './charts/lines.ts';
import { fmtDelta, fmtWithUnit, infoLabel, t } from './i18n.ts';
import { OKABE_ITO } from './palette.ts';
import type { Band, SeriesInfo } from './protocol.ts';
import type { RunData } from './session.ts';

/** `money.balance` is all the `money.balance.*` series added up. */
export const KPIS: { name: string; better: 1 | -1 | 0 }[] = [
  { name: 'rate.response', better: 1 },
  { name: 'rate.resolution', better: 1 },
  { name: 'rate.satisfaction', better: 1 },
  { name: 'cases.open', better: -1 },
  { name: 'time.median', better: -1 },
  { name: 'time.p90', better: -1 },
  { name: 'rate.inGrid', better: 1 },
  { name: 'trust.mean', better: 1 },
  { name: 'workforce.vacant', better: -1 },
  { name: 'money.balance', better: 0 },
];

const BALANCE = 'money.balance';

/** The last finite value within the last 60 days (rates are NaN while their window is empty). */
export function lastFinite(a: ArrayLike<number> | undefined, n: number): number {
  if (!a) return NaN;
  for (let i = n - 1; i >= Math.max(0, n - 60); i--) if (Number.isFinite(a[i])) return a[i];
  return NaN;
}

const balanceCache = new WeakMap<RunData, { day: number; values: Float64Array }>();

/** All balances added up, day by day (kept per run and extended as days arrive). */
function balanceSeries(r: RunData, series: readonly SeriesInfo[]): Float64Array | undefined {
  const names = series.filter((s) => s.name.startsWith(`${BALANCE}.`)).map((s) => s.name);
  if (!names.length || !r.values[names[0]]) return undefined;
  let c = balanceCache.get(r);
  if (!c) {
    c = { day: 0, values: new Float64Array(r.horizon).fill(NaN) };
    balanceCache.set(r, c);
  }
  const arrays = names.map((n) => r.values[n]);
  for (let i = c.day; i < r.day; i++) {
    let sum = 0;
    for (const a of arrays) sum += a[i];
    c.values[i] = sum;
  }
  c.day = r.day;
  return c.values;
}

export function kpiSeries(r: RunData, name: string, series: readonly SeriesInfo[]): Float64Array | undefined {
  return name === BALANCE ? balanceSeries(r, series) : r.values[name];
}

export function kpiValue(r: RunData, name: string, series: readonly SeriesInfo[]): number {
  return lastFinite(kpiSeries(r, name, series), r.day);
}

function kpiUnit(name: string, seriesBy: Map<string, SeriesInfo>): string {
  return name === BALANCE ? 'yuan' : seriesBy.get(name)?.unit ?? '';
}

/** One card per KPI whose series the catalogue has; returns them by name. */
export function buildKpiCards(parent: HTMLElement, seriesBy: Map<string, SeriesInfo>): Record<string, HTMLElement> {
  const out: Record<string, HTMLElement> = {};
  for (const k of KPIS) {
    if (k.name !== BALANCE && !seriesBy.has(k.name)) continue;
    const card = el('div', { class: 'kpi', 'data-kpi': k.name });
    const label = k.name === BALANCE ? t('balance') : infoLabel(seriesBy.get(k.name));
    card.append(el('div', { class: 'kpi-label', title: label }, label), el('div', { class: 'kpi-value' }, '–'), el('div', { class: 'kpi-delta' }));
    const spark = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    spark.setAttribute('class', 'spark');
    spark.setAttribute('viewBox', '0 0 120 26');
    // The sparkline spans its card's width (the stroke keeps its width).
    spark.setAttribute('preserveAspectRatio', 'none');
    spark.setAttribute('aria-hidden', 'true');
    card.append(spark);
    out[k.name] = card;
    parent.append(card);
  }
  return out;
}

export type Verdict = 'better' | 'worse' | 'unclear' | 'none';

/**
 * The verdict on a KPI from the paired difference of replications (edited − baseline) on the last
 * day with an interval: better or worse only when the interval excludes 0, else no clear
 * difference; with no interval (one seed) no verdict at all.
 */
export function verdict(diff: Band | undefined, day: number, better: 1 | -1 | 0): { verdict: Verdict; mean: number; lo: number; hi: number } {
  if (!diff || better === 0) return { verdict: 'none', mean: NaN, lo: NaN, hi: NaN };
  for (let i = Math.min(day, diff.lo.length) - 1; i >= Math.max(0, day - 60); i--) {
    const lo = diff.lo[i];
    const hi = diff.hi[i];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    const mean = diff.mean[i];
    if (lo > 0 || hi < 0) return { verdict: Math.sign(mean) === better ? 'better' : 'worse', mean, lo, hi };
    return { verdict: 'unclear', mean, lo, hi };
  }
  return { verdict: 'none', mean: NaN, lo: NaN, hi: NaN };
}

/** Update one KPI card from the edited run (and the baseline in compare mode; `diff`: the replications' paired difference). */
export function drawKpi(card: HTMLElement, k: (typeof KPIS)[number], r: RunData, b: RunData | undefined, seriesBy: Map<string, SeriesInfo>, series: readonly SeriesInfo[], diff?: Band): void {
  const unit = kpiUnit(k.name, seriesBy);
  const a = kpiSeries(r, k.name, series);
  const v = lastFinite(a, r.day);
  // Only what changed is written (the cards redraw a few times a second while a run plays).
  const valueEl = card.querySelector('.kpi-value')!;
  const text = fmtWithUnit(v, unit);
  if (valueEl.textContent !== text) valueEl.textContent = text;
  const data = Number.isFinite(v) ? String(v) : '';
  if (card.dataset.value !== data) card.dataset.value = data;
  const delta = card.querySelector('.kpi-delta') as HTMLElement;
  const was = { text: delta.textContent, className: delta.className, verdict: delta.dataset.verdict, title: delta.title };
  const next = { ...was };
  if (b) {
    const bv = lastFinite(kpiSeries(b, k.name, series), b.day);
    const dv = v - bv;
    const vd = verdict(diff, r.day, k.better);
    if (vd.verdict === 'better' || vd.verdict === 'worse') {
      const good = vd.verdict === 'better';
      next.text = `${good ? '▲' : '▼'} ${fmtDelta(vd.mean, unit)} ${t(vd.verdict)}`;
      next.className = `kpi-delta ${good ? 'good' : 'bad'}`;
    } else if (vd.verdict === 'unclear') {
      next.text = `${fmtDelta(vd.mean, unit)} · ${t('noClearDifference')}`;
      next.className = 'kpi-delta unclear';
    } else {
      // One seed: the difference is shown, but not judged (noise alone can move it).
      next.text = Number.isFinite(dv) ? `${fmtDelta(dv, unit)}${k.better ? ` · ${t('oneSeed')}` : ''}` : '';
      next.className = 'kpi-delta';
    }
    next.verdict = vd.verdict;
    next.title = vd.verdict === 'none' ? `${t('vsBaseline')}: ${next.text}`
      : `${t('vsBaseline')}: ${fmtDelta(vd.mean, unit)} [${fmtDelta(vd.lo, unit)}, ${fmtDelta(vd.hi, unit)}] (${t('pairedCi')})`;
  } else {
    next.text = k.name.startsWith('rate.') || k.name.startsWith('time.') ? t('kpiNote') : '';
    next.className = 'kpi-delta muted';
  }
  if (next.text !== was.text) delta.textContent = next.text;
  if (next.className !== was.className) delta.className = next.className;
  if (next.verdict !== was.verdict && next.verdict !== undefined) delta.dataset.verdict = next.verdict;
  if (next.title !== was.title) delta.title = next.title;
  const spark = d3.select(card.querySelector('svg.spark') as SVGSVGElement);
  const runs = [{ key: 'main', a, n: r.day, color: OKABE_ITO.blue, dash: false }];
  if (b) runs.unshift({ key: 'base', a: kpiSeries(b, k.name, series), n: b.day, color: OKABE_ITO.vermillion, dash: true });
  let lo = Infinity;
  let hi = -Infinity;
  const pts = runs.map((q) => (q.a ? decimate(q.a, q.n, 120) : []));
  runs.forEach((q, j) => {
    for (const i of pts[j]) {
      const val = q.a![i];
      if (val < lo) lo = val;
      if (val > hi) hi = val;
    }
  });
  if (!(hi >= lo)) lo = hi = 0;
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const x = d3.scaleLinear().domain([0, Math.max(1, r.horizon - 1)]).range([1, 119]);
  const y = d3.scaleLinear().domain([lo, hi]).range([24, 2]);
  spark.selectAll<SVGPathElement, (typeof runs)[number]>('path').data(runs, (d) => d.key).join('path')
    .attr('fill', 'none').attr('stroke', (d) => d.color).attr('stroke-width', 1.5).attr('vector-effect', 'non-scaling-stroke').attr('stroke-dasharray', (d) => (d.dash ? '3 2' : null))
    .attr('d', (d, j) => (d.a ? d3.line<number>().defined((i) => Number.isFinite(d.a![i])).x(x).y((i) => y(d.a![i]))(pts[j]) ?? '' : ''));
}
