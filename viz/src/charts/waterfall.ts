// A horizontal waterfall of a decomposition: the baseline, one bar per component (its Shapley
// share of the total effect, with the interval over replications as a whisker and its effect
// alone as a dashed tick), and the end with every component. Bars: components + 2.
import * as d3 from 'd3';

export interface WaterfallStep {
  label: string;
  value: number;
  low?: number | null;
  high?: number | null;
  /** The component's effect alone (a tick): the gap to the bar's end is interaction. */
  alone?: number | null;
}

export interface WaterfallData {
  title: string;
  start: number;
  steps: WaterfallStep[];
  end: number;
}

const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : '–');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${num(x)}`;

export const WATERFALL_COLORS = { up: '#2a9d8f', down: '#e76f51', total: '#8d99ae' };

export function drawWaterfall(parent: Element, data: WaterfallData, opts: { labelWidth?: number; chartWidth?: number } = {}): SVGSVGElement {
  const rowH = 24;
  const labelW = opts.labelWidth ?? 260;
  const chartW = opts.chartWidth ?? 420;
  const pad = 8;
  const W = labelW + chartW + 190;
  const H = (data.steps.length + 2) * rowH + 56;
  let acc = data.start;
  const spans = data.steps.map((s) => { const a = acc; acc += s.value; return { a, b: acc, s }; });
  const vals = [data.start, data.end, ...spans.flatMap((x) => [x.a, x.b, ok(x.s.low) ? x.a + x.s.low : NaN, ok(x.s.high) ? x.a + x.s.high : NaN, ok(x.s.alone) ? x.a + x.s.alone : NaN])].filter(ok);
  let [lo, hi] = d3.extent(vals) as [number, number];
  if (!(hi - lo > 1e-12)) { lo -= 1; hi += 1; }
  const span = hi - lo;
  const x = d3.scaleLinear().domain([lo - span * 0.05, hi + span * 0.05]).range([labelW, labelW + chartW]);
  const [d0] = x.domain();
  const svg = d3.select(parent).append('svg').attr('class', 'chart waterfall').attr('width', W).attr('height', H)
    .attr('viewBox', `0 0 ${W} ${H}`).style('max-width', '100%').attr('role', 'img').attr('aria-label', data.title);
  svg.append('text').attr('class', 'title').attr('x', pad).attr('y', 16).attr('font-weight', 'bold').text(data.title);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${28 + (data.steps.length + 2) * rowH + 2})`)
    .call(d3.axisBottom(x).ticks(6).tickSizeOuter(0).tickFormat((d) => d3.format('~g')(d as number)));
  const row = (i: number, label: string, a: number, b: number, kind: 'up' | 'down' | 'total', right: string) => {
    const y = 28 + i * rowH;
    const g = svg.append('g').attr('class', `wf-row wf-${kind}`);
    g.append('text').attr('class', 'wf-label').attr('x', pad).attr('y', y + 15).text(label);
    g.append('rect').attr('class', 'wf-bar').attr('x', Math.min(x(a), x(b))).attr('y', y + 3)
      .attr('width', Math.max(1, Math.abs(x(b) - x(a)))).attr('height', rowH - 8).attr('fill', WATERFALL_COLORS[kind]);
    g.append('text').attr('class', 'wf-value').attr('x', labelW + chartW + 6).attr('y', y + 15).text(right);
    return { g, y };
  };
  row(0, 'baseline', d0, data.start, 'total', num(data.start));
  spans.forEach((sp, i) => {
    const s = sp.s;
    const { g, y } = row(i + 1, s.label, sp.a, sp.b, s.value >= 0 ? 'up' : 'down', `${signed(s.value)}${ok(s.alone) ? ` (alone ${signed(s.alone)})` : ''}`);
    if (ok(s.low) && ok(s.high)) {
      g.append('line').attr('class', 'wf-ci').attr('x1', x(sp.a + s.low)).attr('x2', x(sp.a + s.high))
        .attr('y1', y + rowH / 2).attr('y2', y + rowH / 2).attr('stroke', '#222').attr('stroke-width', 1.5);
    }
    if (ok(s.alone)) {
      g.append('line').attr('class', 'wf-alone').attr('x1', x(sp.a + s.alone)).attr('x2', x(sp.a + s.alone))
        .attr('y1', y + 1).attr('y2', y + rowH - 3).attr('stroke', '#000').attr('stroke-width', 2).attr('stroke-dasharray', '2 1')
        .append('title').text(`alone: ${num(s.alone)}`);
    }
  });
  row(data.steps.length + 1, 'all components', d0, data.end, 'total', num(data.end));
  return svg.node()!;
}
