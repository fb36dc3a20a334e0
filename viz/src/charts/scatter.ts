// Scatter plots: points with optional vertical intervals (sweep: a lever's value against a
// metric's point mean and CI), optional labels (Morris μ* against σ) and optional dot areas by
// weight (calibration pair plots, particles sized by their weight).
import * as d3 from 'd3';

export interface ScatterPoint {
  x: number | string;
  y: number | null;
  low?: number | null;
  high?: number | null;
  /** Dot area grows with the weight (relative to the largest). */
  weight?: number;
  label?: string;
}

export interface ScatterOptions {
  width?: number;
  height?: number;
  margin?: { t: number; r: number; b: number; l: number };
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Axes with ticks (default); without them a frame marks the plot area. */
  axes?: boolean;
  xLabel?: string;
  yLabel?: string;
  color?: string;
  tickFormat?: (x: number) => string;
  className?: string;
  title?: string;
}

const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
const defaultTick = (v: number) => (Math.abs(v) >= 1000 ? d3.format('~s')(v) : d3.format('~g')(v));

export function drawScatter(parent: Element, points: ScatterPoint[], opts: ScatterOptions = {}): SVGSVGElement {
  const W = opts.width ?? 360;
  const H = opts.height ?? 220;
  const axes = opts.axes ?? true;
  const m = opts.margin ?? (axes ? { t: 8, r: 10, b: 30, l: 56 } : { t: 4, r: 4, b: 4, l: 4 });
  const color = opts.color ?? '#0969da';
  const tick = opts.tickFormat ?? defaultTick;
  const svg = d3.select(parent).append('svg').attr('class', `chart scatter ${opts.className ?? ''}`.trim())
    .attr('width', W).attr('height', H).attr('viewBox', `0 0 ${W} ${H}`).style('max-width', '100%');
  if (opts.title) svg.attr('role', 'img').attr('aria-label', opts.title);
  const numeric = points.every((p) => typeof p.x === 'number');
  let px: (p: ScatterPoint) => number;
  let xAxis: d3.Axis<d3.NumberValue> | d3.Axis<string>;
  if (numeric) {
    const xs = points.map((p) => p.x as number).filter(ok);
    const ext = (xs.length ? d3.extent(xs) : [0, 1]) as [number, number];
    const x = d3.scaleLinear().domain(opts.xDomain ?? (ext[0] === ext[1] ? [ext[0] - 1, ext[1] + 1] : ext)).range([m.l, W - m.r]);
    if (!opts.xDomain) x.nice();
    px = (p) => x(p.x as number);
    xAxis = d3.axisBottom(x).ticks(5).tickFormat((d) => tick(d as number));
  } else {
    const x = d3.scalePoint().domain([...new Set(points.map((p) => String(p.x)))]).range([m.l, W - m.r]).padding(0.5);
    px = (p) => x(String(p.x)) ?? m.l;
    xAxis = d3.axisBottom(x);
  }
  const vals = points.flatMap((p) => [p.low, p.high, p.y]).filter(ok);
  const yExt = (vals.length ? d3.extent(vals) : [0, 1]) as [number, number];
  const y = d3.scaleLinear().domain(opts.yDomain ?? (yExt[0] === yExt[1] ? [yExt[0] - 1, yExt[1] + 1] : yExt)).range([H - m.b, m.t]);
  if (!opts.yDomain) y.nice();
  if (axes) {
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${H - m.b})`).call(xAxis as d3.Axis<d3.NumberValue>);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5).tickFormat((d) => tick(d as number)));
  } else {
    svg.append('rect').attr('class', 'frame').attr('x', 0.5).attr('y', 0.5).attr('width', W - 1).attr('height', H - 1).attr('fill', 'none').attr('stroke', '#bbb');
  }
  if (opts.xLabel) svg.append('text').attr('class', 'axis-label').attr('x', W - m.r).attr('y', H - 4).attr('text-anchor', 'end').text(opts.xLabel);
  if (opts.yLabel) svg.append('text').attr('class', 'axis-label').attr('x', m.l + 4).attr('y', m.t + 10).text(opts.yLabel);
  const maxW = d3.max(points, (p) => p.weight ?? 0) || 1;
  for (const p of points) {
    if (!ok(typeof p.x === 'number' ? p.x : 0)) continue;
    const xx = px(p);
    if (ok(p.low) && ok(p.high)) svg.append('line').attr('class', 'ci').attr('x1', xx).attr('x2', xx).attr('y1', y(p.low)).attr('y2', y(p.high)).attr('stroke', '#8c959f');
    if (!ok(p.y)) continue;
    const r = p.weight !== undefined ? 1 + 2.5 * Math.sqrt(Math.max(0, p.weight) / maxW) : 3.5;
    svg.append('circle').attr('class', 'dot').attr('cx', xx).attr('cy', y(p.y)).attr('r', r)
      .attr('fill', color).attr('fill-opacity', p.weight !== undefined ? 0.45 : 0.8);
    if (p.label) svg.append('text').attr('class', 'point-label').attr('x', xx + 6).attr('y', y(p.y) + 4).text(p.label);
  }
  return svg.node()!;
}
