// Small server-side SVG charts for report sections (no script needed): a waterfall of Shapley
// shares with interval whiskers, histograms of weighted samples, and pair (scatter) plots.
// Every label is escaped; the output is trusted HTML for renderReport's extra sections.

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

const num = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toString() : '–');

export interface WaterfallStep {
  label: string;
  value: number;
  low?: number;
  high?: number;
  /** The component alone (drawn as a tick), to show interaction. */
  alone?: number;
}

/** A horizontal waterfall: start, one bar per step (its Shapley share), end. */
export function waterfallSvg(title: string, start: number, steps: WaterfallStep[], end: number): string {
  const rowH = 24, labelW = 260, chartW = 420, pad = 8;
  const h = (steps.length + 2) * rowH + 40;
  let acc = start;
  const spans: { a: number; b: number; s: WaterfallStep }[] = [];
  for (const s of steps) { spans.push({ a: acc, b: acc + s.value, s }); acc += s.value; }
  const vals = [start, end, ...spans.flatMap((x) => [x.a, x.b, x.a + (x.s.low ?? x.s.value) - x.s.value, x.a + (x.s.high ?? x.s.value) - x.s.value])].filter(Number.isFinite);
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (hi - lo < 1e-12) { lo -= 1; hi += 1; }
  const span = hi - lo;
  lo -= span * 0.05; hi += span * 0.05;
  const X = (v: number) => labelW + ((v - lo) / (hi - lo)) * chartW;
  let out = `<svg class="waterfall" width="${labelW + chartW + 140}" height="${h}" role="img" aria-label="${esc(title)}"><text x="${pad}" y="16" font-weight="bold">${esc(title)}</text>`;
  const row = (i: number, label: string, a: number, b: number, cls: string, extra = '') => {
    const y = 28 + i * rowH;
    const x0 = Math.min(X(a), X(b)), w = Math.max(1, Math.abs(X(b) - X(a)));
    out += `<text x="${pad}" y="${y + 15}">${esc(label)}</text><rect x="${x0.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" class="${cls}"/>${extra}`;
  };
  row(0, 'baseline', lo, start, 'wf-total');
  out += `<text x="${labelW + chartW + 6}" y="${28 + 15}">${num(start)}</text>`;
  spans.forEach((x, i) => {
    const y = 28 + (i + 1) * rowH;
    let extra = '';
    if (x.s.low !== undefined && x.s.high !== undefined && Number.isFinite(x.s.low) && Number.isFinite(x.s.high)) {
      extra += `<line x1="${X(x.a + x.s.low).toFixed(1)}" x2="${X(x.a + x.s.high).toFixed(1)}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" class="wf-ci"/>`;
    }
    if (x.s.alone !== undefined && Number.isFinite(x.s.alone)) {
      const ax = X(x.a + x.s.alone);
      extra += `<line x1="${ax.toFixed(1)}" x2="${ax.toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 3}" class="wf-alone"><title>alone: ${num(x.s.alone)}</title></line>`;
    }
    extra += `<text x="${labelW + chartW + 6}" y="${y + 15}">${x.s.value >= 0 ? '+' : ''}${num(x.s.value)}${x.s.alone !== undefined && Number.isFinite(x.s.alone) ? ` (alone ${x.s.alone >= 0 ? '+' : ''}${num(x.s.alone)})` : ''}</text>`;
    row(i + 1, x.s.label, x.a, x.b, x.s.value >= 0 ? 'wf-up' : 'wf-down', extra);
  });
  row(steps.length + 1, 'all components', lo, end, 'wf-total');
  out += `<text x="${labelW + chartW + 6}" y="${28 + (steps.length + 1) * rowH + 15}">${num(end)}</text></svg>`;
  return out;
}

/** A histogram of weighted values. */
export function histogramSvg(title: string, values: number[], weights: number[], range: [number, number], bins = 20): string {
  const w = 260, h = 120, top = 22;
  const [lo, hi] = range[1] > range[0] ? range : [range[0] - 1, range[0] + 1];
  const counts = new Array<number>(bins).fill(0);
  values.forEach((v, i) => { counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)))] += weights[i]; });
  const max = Math.max(...counts, 1e-12);
  let out = `<svg class="hist" width="${w}" height="${h + top + 18}" role="img" aria-label="${esc(title)}"><text x="2" y="14" font-size="12">${esc(title)}</text>`;
  counts.forEach((c, i) => {
    const bh = (c / max) * h;
    out += `<rect x="${((i * w) / bins).toFixed(1)}" y="${(top + h - bh).toFixed(1)}" width="${(w / bins - 1).toFixed(1)}" height="${bh.toFixed(1)}" class="bar"/>`;
  });
  out += `<text x="0" y="${top + h + 14}" font-size="10">${num(lo)}</text><text x="${w}" y="${top + h + 14}" font-size="10" text-anchor="end">${num(hi)}</text></svg>`;
  return out;
}

/** A scatter plot of two coordinates, dot area by weight. */
export function scatterSvg(xLabel: string, yLabel: string, xs: number[], ys: number[], weights: number[], xr: [number, number], yr: [number, number]): string {
  const s = 150, m = 4;
  const maxW = Math.max(...weights, 1e-12);
  const X = (v: number) => m + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * (s - 2 * m);
  const Y = (v: number) => s - m - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * (s - 2 * m);
  let out = `<svg class="pair" width="${s}" height="${s}" role="img" aria-label="${esc(`${yLabel} against ${xLabel}`)}"><rect x="0" y="0" width="${s}" height="${s}" class="frame"/>`;
  xs.forEach((x, i) => { out += `<circle cx="${X(x).toFixed(1)}" cy="${Y(ys[i]).toFixed(1)}" r="${(1 + 2.5 * Math.sqrt(weights[i] / maxW)).toFixed(2)}" class="dot"/>`; });
  return `${out}</svg>`;
}

export const SECTION_CSS = `<style>
.gs-extra{margin:1.5rem 0}.gs-extra table{border-collapse:collapse;font-size:13px}.gs-extra td,.gs-extra th{border:1px solid #ccc;padding:2px 6px;text-align:right}
.gs-extra th:first-child,.gs-extra td:first-child{text-align:left}
.wf-up{fill:#2a9d8f}.wf-down{fill:#e76f51}.wf-total{fill:#8d99ae}.wf-ci{stroke:#222;stroke-width:1.5}.wf-alone{stroke:#000;stroke-width:2;stroke-dasharray:2 1}
.hist .bar{fill:#457b9d}.pair .frame{fill:none;stroke:#bbb}.pair .dot{fill:#1d3557;fill-opacity:.45}
.gs-extra svg text{font-family:sans-serif;font-size:12px}
</style>`;
