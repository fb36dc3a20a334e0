// Horizontal intervals, one row each: a point (or a bar from 0) at the estimate and a line over
// its interval. The report's forest plot of effects (relative change with its CI per metric) and,
// with bars, the tornado charts of Morris μ* and Sobol indices (see tornado.ts). Values beyond a
// fixed domain are clamped to its edge with an arrow saying so.
import * as d3 from 'd3';

export interface IntervalRow {
  label: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  color: string;
  /** Drawn in its colour (an interval that excludes 0, say); otherwise grey. */
  strong?: boolean;
}

export interface IntervalOptions {
  width?: number;
  /** Room for the row labels (px). */
  left?: number;
  /** A fixed x domain (else everything drawn fits, 0 included). */
  domain?: [number, number];
  tickFormat?: (x: number) => string;
  /** A bar from 0 to the estimate instead of a dot (tornado). */
  bars?: boolean;
  /** Formats numbers in the hover titles. */
  format?: (x: number | null) => string;
  className?: string;
}

const GREY = '#8c959f';
const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export function drawIntervals(parent: Element, rows: IntervalRow[], opts: IntervalOptions = {}): SVGSVGElement {
  const W = opts.width ?? 1120;
  const rowH = 17;
  const m = { t: 24, r: 30, b: 10, l: opts.left ?? 300 };
  const H = m.t + m.b + rowH * rows.length;
  const format = opts.format ?? ((x: number | null) => (ok(x) ? d3.format('.4~g')(x) : '–'));
  const svg = d3.select(parent).append('svg').attr('class', `chart intervals ${opts.className ?? ''}`.trim())
    .attr('width', W).attr('height', H).attr('viewBox', `0 0 ${W} ${H}`).style('max-width', '100%');
  const vals = [0];
  for (const r of rows) for (const v of [r.low, r.high, r.mean]) if (ok(v)) vals.push(v);
  const [e0, e1] = d3.extent(vals) as [number, number];
  const x = d3.scaleLinear().domain(opts.domain ?? (e0 === e1 ? [e0 - 1, e1 + 1] : [e0, e1])).range([m.l, W - m.r]);
  if (!opts.domain) x.nice();
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${m.t - 4})`)
    .call(d3.axisTop(x).ticks(8).tickFormat((d) => (opts.tickFormat ?? d3.format('~g'))(d as number)));
  svg.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', m.t - 4).attr('y2', H - m.b)
    .attr('stroke', '#57606a').attr('stroke-dasharray', '4 3');
  const [d0, d1] = x.domain();
  const cx = (v: number) => x(Math.max(d0, Math.min(d1, v)));
  rows.forEach((r, i) => {
    const yy = m.t + i * rowH + rowH / 2;
    const g = svg.append('g').attr('class', 'row');
    if (i % 2 === 0) g.append('rect').attr('class', 'stripe').attr('x', 0).attr('y', yy - rowH / 2).attr('width', W).attr('height', rowH).attr('fill', '#f6f8fa');
    // (room for an arrow ◀ between the label and the axis)
    g.append('text').attr('class', 'row-label').attr('x', m.l - 16).attr('y', yy + 4).attr('text-anchor', 'end').text(r.label);
    const c = r.strong ? r.color : GREY;
    if (ok(r.low) && ok(r.high)) {
      g.append('line').attr('class', 'ci').attr('x1', cx(r.low)).attr('x2', cx(r.high)).attr('y1', yy).attr('y2', yy)
        .attr('stroke', c).attr('stroke-width', 2);
    }
    if (ok(r.mean)) {
      if (opts.bars) {
        g.append('rect').attr('class', 'bar').attr('x', Math.min(x(0), cx(r.mean))).attr('y', yy - 5)
          .attr('width', Math.abs(cx(r.mean) - x(0))).attr('height', 10).attr('fill', r.color).attr('opacity', 0.55);
      } else {
        g.append('circle').attr('class', 'mean').attr('cx', cx(r.mean)).attr('cy', yy).attr('r', 3.5).attr('fill', c);
      }
    }
    // Beyond the axis: an arrow at the edge says so.
    if (ok(r.high) && r.high > d1) g.append('text').attr('class', 'beyond').attr('x', x(d1) + 2).attr('y', yy + 4).attr('fill', c).text('▶');
    if (ok(r.low) && r.low < d0) g.append('text').attr('class', 'beyond').attr('x', x(d0) - 12).attr('y', yy + 4).attr('fill', c).text('◀');
    g.append('title').text(`${r.label}: ${format(r.mean)} [${format(r.low)}, ${format(r.high)}]`);
  });
  return svg.node()!;
}
