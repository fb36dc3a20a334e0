// Small SVG time charts for the debrief, as strings: one line per group over the whole session,
// round boundaries as dashed lines, and each round's decisions and events as numbered marks.
// Pure (no DOM, no Node APIs): the facilitator page and the printable handout both use it.
import type { RoundOutcome } from './messages.ts';

export const GROUP_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  /** Label of group g (0-based). */
  groupLabel: (g: number) => string;
}

/** One series over all rounds, one line per group, with decision marks. */
export function seriesChart(groups: RoundOutcome[][], series: string, o: ChartOptions): string {
  const W = o.width ?? 640;
  const H = (o.height ?? 220) + 16 * Math.max(0, groups.length - 1);
  const L = 48, R = 10, B = 28;
  const T = 24 + 16 * Math.max(0, groups.length - 1);
  const lines = groups.map((rounds) => rounds.flatMap((r) => r.series[series] ?? []));
  const n = Math.max(1, ...lines.map((l) => l.length));
  const vals = lines.flat().filter((x): x is number => x !== null && Number.isFinite(x));
  let lo = vals.length ? Math.min(...vals) : 0;
  let hi = vals.length ? Math.max(...vals) : 1;
  if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
  const x = (i: number) => L + (i / Math.max(1, n - 1)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}" font-family="sans-serif" font-size="11">`);
  parts.push(`<text x="${L}" y="14" font-size="13" font-weight="bold">${esc(o.title)}</text>`);
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#888"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#888"/>`);
  const fmt = (v: number) => (Math.abs(hi - lo) < 5 ? v.toFixed(2) : Math.round(v).toString());
  parts.push(`<text x="${L - 4}" y="${T + 4}" text-anchor="end">${fmt(hi)}</text><text x="${L - 4}" y="${H - B}" text-anchor="end">${fmt(lo)}</text>`);
  // round boundaries and numbers
  const first = groups.find((g) => g.length) ?? [];
  let day = 0;
  first.forEach((r, i) => {
    const len = (r.series[series] ?? []).length;
    const x0 = x(day);
    if (i > 0) parts.push(`<line x1="${x0}" y1="${T}" x2="${x0}" y2="${H - B}" stroke="#bbb" stroke-dasharray="3,3"/>`);
    parts.push(`<text x="${(x0 + x(day + len - 1)) / 2}" y="${H - B + 14}" text-anchor="middle">R${r.round}</text>`);
    day += len;
  });
  lines.forEach((line, g) => {
    let d = '';
    let pen = false;
    line.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path d="${d}" fill="none" stroke="${GROUP_COLOURS[g % GROUP_COLOURS.length]}" stroke-width="2"><title>${esc(o.groupLabel(g))}</title></path>`);
    // decision marks at each round start: a dot with the number of lever changes
    let start = 0;
    groups[g].forEach((r) => {
      const len = (r.series[series] ?? []).length;
      const marks = r.changes.length + r.events.length;
      if (marks > 0) {
        // one row of marks per group along the top, at the start of the round
        const cx = x(start) + 9;
        const cy = T + 8 + 16 * g;
        const tip = [...r.changes.map((c) => `${c.role}: ${c.lever} ${String(c.from)} → ${String(c.to)}`), ...r.events.map((e) => `event: ${e}`)].join('\n');
        parts.push(`<g class="mark"><circle cx="${cx}" cy="${cy}" r="7" fill="${GROUP_COLOURS[g % GROUP_COLOURS.length]}" stroke="#fff"/><text x="${cx}" y="${cy + 4}" text-anchor="middle" fill="#fff" font-size="10">${marks}</text><title>${esc(`${o.groupLabel(g)} R${r.round}\n${tip}`)}</title></g>`);
      }
      start += len;
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A KPI as text: rates as percentages, trust to three places, counts and money rounded. */
export function fmtKpi(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (name.startsWith('rate.') || name.startsWith('trust.') || name.startsWith('worst.')) return name.startsWith('trust.') ? v.toFixed(3) : `${(100 * v).toFixed(1)}%`;
  return Math.round(v).toLocaleString('en-US');
}
