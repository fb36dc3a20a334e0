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

const CAP = 30;

/** Regroup a fine histogram into `cap` whole-day bins and one overflow bin; returns counts. */
export function regroup(h: { binDays: number; all: number[] }, cap = CAP): number[] {
  const out = new Array(cap + 1).fill(0);
  h.all.forEach((n, i) => {
    const day = Math.floor(i * h.binDays + 1e-9);
    out[Math.min(cap, day)] += n;
  });
  return out;
}

export function drawHistogram(card: Card, runs: HistRun[]): void {
  const root = d3.select(card.svg);
  const lg = root.selectAll<SVGGElement, null>('g.legend').data([null]).join('g').attr('class', 'legend');
  const top = drawLegend(lg, runs.map((r, i) => ({ key: String(i), label: r.label, color: r.color })), card.width);
  const box = { x: 52, y: top + 14, w: card.width - 64, h: card.height - top - 14 - 40 };
  const data = runs.map((r) => {
    const counts = r.histogram ? regroup(r.histogram) : new Array(CAP + 1).fill(0);
    const total = d3.sum(counts);
    return { ...r, counts, total, shares: counts.map((c) => (total > 0 ? c / total : 0)) };
  });
  const x = d3.scaleBand<number>().domain(d3.range(CAP + 1)).range([box.x, box.x + box.w]).paddingInner(0.15);
  const sub = d3.scaleBand<number>().domain(d3.range(runs.length)).range([0, x.bandwidth()]).padding(0.05);
  const ymax = d3.max(data, (d) => d3.max(d.shares)) || 0.1;
  const y = d3.scaleLinear().domain([0, ymax]).nice(4).range([box.y + box.h, box.y]);
  const g = root.selectAll<SVGGElement, null>('g.panel').data([null]).join('g').attr('class', 'panel');
  g.selectAll<SVGGElement, null>('g.x-axis').data([null]).join('g').attr('class', 'x-axis axis').attr('transform', `translate(0,${box.y + box.h})`)
    .call(d3.axisBottom(x).tickValues(d3.range(0, CAP + 1, 5)).tickFormat((d) => (d === CAP ? `≥${CAP}` : String(d))).tickSizeOuter(0));
  g.selectAll<SVGTextElement, string>('text.x-label').data([t('days')]).join('text').attr('class', 'x-label')
    .attr('x', box.x + box.w / 2).attr('y', box.y + box.h + 32).attr('text-anchor', 'middle').attr('font-size', 12).text((d) => d);
  const ay = g.selectAll<SVGGElement, null>('g.y-axis').data([null]).join('g').attr('class', 'y-axis axis').attr('transform', `translate(${box.x},0)`)
    .call(d3.axisLeft(y).ticks(4).tickFormat((d) => fmtValue(d as number, 'share')).tickSize(-box.w));
  ay.selectAll('.tick line').attr('stroke', '#e5e5e5');
  ay.select('.domain').remove();
  const bars = data.flatMap((d, k) => d.shares.map((s, i) => ({ k, i, s, n: d.counts[i], color: d.color, label: d.label })));
  g.selectAll<SVGRectElement, (typeof bars)[number]>('rect.bar').data(bars, (b) => `${b.k}-${b.i}`).join('rect').attr('class', 'bar')
    .attr('x', (b) => x(b.i)! + sub(b.k)!).attr('width', sub.bandwidth())
    .attr('y', (b) => y(b.s)).attr('height', (b) => y(0) - y(b.s)).attr('fill', (b) => b.color)
    .on('mousemove', (ev: MouseEvent, b) => {
      const range = b.i === CAP ? `≥ ${CAP}` : `${b.i}–${b.i + 1}`;
      showTooltip(card, ev, `<div class="tt-date">${range} ${escapeHtml(t('days'))}</div><div>${escapeHtml(b.label)}: <b>${fmtValue(b.s, 'share')}</b> (${fmtInt(b.n)})</div>`);
    })
    .on('mouseleave', () => hideTooltip(card));
  const empty = data.every((d) => d.total === 0);
  g.selectAll<SVGTextElement, string>('text.empty').data(empty ? [t('noData')] : []).join('text').attr('class', 'empty')
    .attr('x', box.x + box.w / 2).attr('y', box.y + box.h / 2).attr('text-anchor', 'middle').attr('fill', '#888').text((d) => d);
}

export const HIST_COLORS = { main: OKABE_ITO.blue, base: OKABE_ITO.sky };
