// Resolution-time distribution: the engine's fine histogram (quarter-day bins) regrouped into
// whole days up to a cap, with an overflow bar; shares of cases closed so far. In compare mode
// the baseline's bars stand beside the edited run's.
import * as d3 from 'd3';
import { fmtInt, fmtValue, t } from '../i18n.ts';
import { OKABE_ITO } from '../palette.ts';
import { escapeHtml, hideTooltip, showTooltip, type Card } from './card.ts';
import { drawLegend } from './lines.ts';

export interface HistRun {
  label: string;
  color: string;
  histogram?: { binDays: number; all: number[] };
}

const CAPS = [2, 3, 7, 15, 30, 60];

/** The shortest span (days) from CAPS holding at least 97 % of the cases of every histogram. */
export function chooseCap(hs: { binDays: number; all: number[] }[]): number {
  for (const cap of CAPS) {
    const ok = hs.every((h) => {
      let total = 0;
      let inside = 0;
      h.all.forEach((n, i) => {
        total += n;
        if ((i + 1) * h.binDays <= cap + 1e-9) inside += n;
      });
      return total === 0 || inside >= 0.97 * total;
    });
    if (ok) return cap;
  }
  return CAPS[CAPS.length - 1];
}

/** Bar width (days) for a span: about 30 bars, a whole number of the engine's bins. */
export function barDays(cap: number, binDays: number): number {
  return Math.max(binDays, Math.round(cap / 30 / binDays) * binDays);
}

/** Regroup a fine histogram into bars of `width` days up to `cap` days, plus one overflow bar; returns counts. */
export function regroup(h: { binDays: number; all: number[] }, cap = 30, width = 1): number[] {
  const bars = Math.round(cap / width);
  const out = new Array(bars + 1).fill(0);
  h.all.forEach((n, i) => {
    const k = Math.floor((i * h.binDays) / width + 1e-9);
    out[Math.min(bars, k)] += n;
  });
  return out;
}

export function drawHistogram(card: Card, runs: HistRun[]): void {
  const root = d3.select(card.svg);
  const lg = root.selectAll<SVGGElement, null>('g.legend').data([null]).join('g').attr('class', 'legend');
  const top = drawLegend(lg, runs.map((r, i) => ({ key: String(i), label: r.label, color: r.color })), card.width);
  const box = { x: 52, y: top + 14, w: card.width - 64, h: card.height - top - 14 - 40 };
  const hs = runs.map((r) => r.histogram).filter((h): h is { binDays: number; all: number[] } => !!h);
  const cap = chooseCap(hs);
  const width = barDays(cap, hs[0]?.binDays ?? 0.25);
  const bars = Math.round(cap / width);
  const data = runs.map((r) => {
    const counts = r.histogram ? regroup(r.histogram, cap, width) : new Array(bars + 1).fill(0);
    const total = d3.sum(counts);
    return { ...r, counts, total, shares: counts.map((c) => (total > 0 ? c / total : 0)) };
  });
  const x = d3.scaleBand<number>().domain(d3.range(bars + 1)).range([box.x, box.x + box.w]).paddingInner(0.15);
  const tickStep = cap <= 3 ? 0.5 : cap <= 7 ? 1 : cap <= 15 ? 3 : cap <= 30 ? 5 : 10;
  const ticks = d3.range(bars + 1).filter((i) => i === bars || Math.abs((i * width) / tickStep - Math.round((i * width) / tickStep)) < 1e-9);
  const num = (d: number) => fmtValue(d, 'x');
  const sub = d3.scaleBand<number>().domain(d3.range(runs.length)).range([0, x.bandwidth()]).padding(0.05);
  const ymax = d3.max(data, (d) => d3.max(d.shares)) || 0.1;
  const y = d3.scaleLinear().domain([0, ymax]).nice(4).range([box.y + box.h, box.y]);
  const g = root.selectAll<SVGGElement, null>('g.panel').data([null]).join('g').attr('class', 'panel');
  g.selectAll<SVGGElement, null>('g.x-axis').data([null]).join('g').attr('class', 'x-axis axis').attr('transform', `translate(0,${box.y + box.h})`)
    .call(d3.axisBottom(x).tickValues(ticks).tickFormat((i) => (i === bars ? `≥${num(cap)}` : num(i * width))).tickSizeOuter(0))
    // A tick marks where its bar's days begin (the bar's left edge), except the overflow bar.
    .call((a) => a.selectAll<SVGGElement, number>('.tick').attr('transform', (i) => `translate(${i === bars ? x(i)! + x.bandwidth() / 2 : x(i)! - (x.step() - x.bandwidth()) / 2},0)`));
  g.selectAll<SVGTextElement, string>('text.x-label').data([t('days')]).join('text').attr('class', 'x-label')
    .attr('x', box.x + box.w / 2).attr('y', box.y + box.h + 32).attr('text-anchor', 'middle').attr('font-size', 12).text((d) => d);
  const ay = g.selectAll<SVGGElement, null>('g.y-axis').data([null]).join('g').attr('class', 'y-axis axis').attr('transform', `translate(${box.x},0)`)
    .call(d3.axisLeft(y).ticks(4).tickFormat((d) => fmtValue(d as number, 'share')).tickSize(-box.w));
  ay.selectAll('.tick line').attr('stroke', '#e5e5e5');
  ay.select('.domain').remove();
  const rects = data.flatMap((d, k) => d.shares.map((s, i) => ({ k, i, s, n: d.counts[i], color: d.color, label: d.label })));
  g.selectAll<SVGRectElement, (typeof rects)[number]>('rect.bar').data(rects, (b) => `${b.k}-${b.i}`).join('rect').attr('class', 'bar')
    .attr('x', (b) => x(b.i)! + sub(b.k)!).attr('width', sub.bandwidth())
    .attr('y', (b) => y(b.s)).attr('height', (b) => y(0) - y(b.s)).attr('fill', (b) => b.color)
    .on('mousemove', (ev: MouseEvent, b) => {
      const range = b.i === bars ? `≥ ${num(cap)}` : `${num(b.i * width)}–${num((b.i + 1) * width)}`;
      showTooltip(card, ev, `<div class="tt-date">${range} ${escapeHtml(t('days'))}</div><div>${escapeHtml(b.label)}: <b>${fmtValue(b.s, 'share')}</b> (${fmtInt(b.n)})</div>`);
    })
    .on('mouseleave', () => hideTooltip(card));
  const empty = data.every((d) => d.total === 0);
  g.selectAll<SVGTextElement, string>('text.empty').data(empty ? [t('noData')] : []).join('text').attr('class', 'empty')
    .attr('x', box.x + box.w / 2).attr('y', box.y + box.h / 2).attr('text-anchor', 'middle').attr('fill', '#888').text((d) => d);
}

export const HIST_COLORS = { main: OKABE_ITO.blue, base: OKABE_ITO.sky };
