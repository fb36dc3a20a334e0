// Charts of weighted samples (the particles of a calibration): a histogram of one parameter
// over its prior's range, bars = summed weights, and a pair plot (lower triangle of scatter
// plots, dot area by weight) showing trade-offs between parameters.
import * as d3 from 'd3';
import { drawScatter } from './scatter.ts';

export interface WeightedHistogramData {
  title: string;
  values: number[];
  weights: number[];
  range: [number, number];
  bins?: number;
}

const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : '–');

/** Summed weights per bin over `range` (values outside go to the end bins). */
export function weightedBins(values: number[], weights: number[], range: [number, number], bins: number): number[] {
  const [lo, hi] = range[1] > range[0] ? range : [range[0] - 1, range[0] + 1];
  const counts = new Array<number>(bins).fill(0);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)))] += weights[i] ?? 0;
  });
  return counts;
}

export function drawWeightedHistogram(parent: Element, data: WeightedHistogramData, opts: { width?: number; height?: number } = {}): SVGSVGElement {
  const w = opts.width ?? 260;
  const h = opts.height ?? 120;
  const top = 22;
  const bins = data.bins ?? 20;
  const [lo, hi] = data.range[1] > data.range[0] ? data.range : [data.range[0] - 1, data.range[0] + 1];
  const counts = weightedBins(data.values, data.weights, [lo, hi], bins);
  const y = d3.scaleLinear().domain([0, d3.max(counts) || 1]).range([0, h]);
  const H = h + top + 18;
  const svg = d3.select(parent).append('svg').attr('class', 'chart hist').attr('width', w).attr('height', H)
    .attr('viewBox', `0 0 ${w} ${H}`).attr('role', 'img').attr('aria-label', data.title);
  svg.append('text').attr('class', 'title').attr('x', 2).attr('y', 14).attr('font-size', 12).text(data.title);
  svg.selectAll('rect.bar').data(counts).join('rect').attr('class', 'bar')
    .attr('x', (_, i) => (i * w) / bins).attr('y', (c) => top + h - y(c)).attr('width', w / bins - 1).attr('height', (c) => y(c)).attr('fill', '#457b9d')
    .append('title').text((c, i) => `${num(lo + ((hi - lo) * i) / bins)} – ${num(lo + ((hi - lo) * (i + 1)) / bins)}: weight ${num(c)}`);
  svg.append('line').attr('x1', 0).attr('x2', w).attr('y1', top + h + 0.5).attr('y2', top + h + 0.5).attr('stroke', '#8c959f');
  svg.append('text').attr('x', 0).attr('y', top + h + 14).attr('font-size', 10).text(num(lo));
  svg.append('text').attr('x', w).attr('y', top + h + 14).attr('font-size', 10).attr('text-anchor', 'end').text(num(hi));
  return svg.node()!;
}

export interface PairPlotData {
  parameters: { label: string; range: [number, number] }[];
  /** samples[k][i]: parameter i of sample k. */
  samples: number[][];
  weights: number[];
}

/** A table: row i (from the second parameter on), column j < i holds parameter i against parameter j; axes span the ranges. */
export function drawPairPlot(parent: Element, data: PairPlotData, size = 150): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'pairs';
  const k = data.parameters.length;
  const head = table.insertRow();
  head.appendChild(document.createElement('th'));
  for (const p of data.parameters.slice(0, k - 1)) head.appendChild(document.createElement('th')).textContent = p.label;
  for (let i = 1; i < k; i++) {
    const pi = data.parameters[i];
    const tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = pi.label;
    for (let j = 0; j < k - 1; j++) {
      const td = tr.insertCell();
      td.style.width = `${size}px`;
      if (j >= i) continue;
      const pj = data.parameters[j];
      drawScatter(td, data.samples.map((s, n) => ({ x: s[j], y: s[i], weight: data.weights[n] })), {
        width: size, height: size, axes: false, xDomain: pj.range, yDomain: pi.range, color: '#1d3557', className: 'pair',
        title: `${pi.label} against ${pj.label}`,
      });
    }
  }
  parent.appendChild(table);
  return table;
}
