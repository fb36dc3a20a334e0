// Time-series panels: lines over the run's dates, optional confidence bands from replications,
// dashed lines for the baseline in compare mode, and a hover read-out of the values on a day.
import * as d3 from 'd3';
import type { Band } from '../protocol.ts';
import { axisUnit, dateAt, fmtDate, fmtDiffTick, fmtValue, fmtWithUnit, getLang, locale, t } from '../i18n.ts';
import { GREY } from '../palette.ts';
import { escapeHtml, hideTooltip, showTooltip, type Card } from './card.ts';

export interface Line {
  key: string;
  label: string;
  color: string;
  values?: ArrayLike<number>;
  /** Days filled so far. */
  n: number;
  dash?: boolean;
  /** 95 % interval of the mean over replications (drawn shaded, with the mean as the line). */
  band?: Band;
  /** Spread of the runs themselves (10–90 % of replications), drawn as thin dotted edges. */
  spread?: Band;
  /** A previous run kept for reference: drawn thin and faded. */
  faded?: boolean;
}

export interface LinesView {
  start: string;
  horizon: number;
  unit: string;
  lines: Line[];
  /** Keep 0 in the y domain. */
  zero?: boolean;
  /** Draw a reference line at y = 0 (difference charts): the y domain is symmetric around 0. */
  zeroLine?: boolean;
  title?: string;
  /** Events marked on the time axis (shocks): a dashed rule from `day` (and a shaded span of `days`). */
  marks?: Mark[];
  /** Label the x axis with run days (0, 1, …) instead of dates from `start` (runs on different calendars). */
  runDays?: boolean;
}

/** A shock (a shaded span) or a fork of the run (a solid rule: the levers changed that day). */
export interface Mark { day: number; days?: number; label: string; kind?: 'shock' | 'fork' }

export interface Box { x: number; y: number; w: number; h: number }

type G = d3.Selection<SVGGElement, any, any, any>;

const tickCache = new Map<string, (d: Date) => string>();
function monthTick(lang: string): (d: Date) => string {
  let f = tickCache.get(lang);
  if (!f) {
    f = makeMonthTick(lang);
    tickCache.set(lang, f);
  }
  return f;
}

function makeMonthTick(lang: string) {
  const month = new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' });
  const year = new Intl.DateTimeFormat(lang, { year: 'numeric', timeZone: 'UTC' });
  // "3 Jan" / "1月3日", never "03/01" (read as 1 March in one country and 3 January in another).
  const day = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return (d: Date) => (d.getUTCDate() !== 1 ? day.format(d) : d.getUTCMonth() === 0 ? year.format(d) : month.format(d));
}

/** True when no line has a finite value to draw (nothing to chart). */
export function emptyView(view: LinesView): boolean {
  for (const l of view.lines) {
    if (l.values) for (let i = 0; i < l.n; i++) if (Number.isFinite(l.values[i])) return false;
    if (l.band) for (let i = 0; i < view.horizon; i++) if (Number.isFinite(l.band.mean[i])) return false;
  }
  return true;
}

/** The smallest half-width of a difference panel's domain, by unit (a flat zero still gets a readable axis). */
function minHalf(unit: string): number {
  return unit === 'share' || unit === 'share of posts' ? 0.005 : unit === '0–1' || unit === 'ratio' ? 0.005 : 1;
}

/**
 * The y domain: everything drawn fits. Difference panels (zeroLine) are symmetric around 0 and
 * never clamped to [0, 1] (a difference of shares can be negative); levels of shares stay in [0, 1].
 */
export function extent(view: LinesView): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (x: number) => {
    if (Number.isFinite(x)) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  };
  for (const l of view.lines) {
    if (l.values) for (let i = 0; i < l.n; i++) see(l.values[i]);
    for (const b of [l.band, l.spread]) {
      if (b) for (let i = 0; i < view.horizon; i++) {
        see(view.zero && !view.zeroLine ? Math.max(0, b.lo[i]) : b.lo[i]);
        see(b.hi[i]);
      }
    }
  }
  if (view.zeroLine) {
    const m = Number.isFinite(lo) ? Math.max(Math.abs(lo), Math.abs(hi), minHalf(view.unit)) : minHalf(view.unit);
    return [-m, m];
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (view.zero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  }
  if (view.unit === 'share') {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= view.unit === 'share' ? Math.min(lo, 0.05) : pad;
    hi += view.unit === 'share' ? Math.min(1 - hi, 0.05) : pad;
  }
  return [lo, hi];
}

/**
 * Tick values whose labels are all different ("-0.00 | -0.00 | 0.00" never): fewer ticks until
 * the labels differ; at worst the domain's two ends. Minus zero is written as zero.
 */
export function distinctTicks(domain: [number, number], count: number, fmt: (x: number) => string): number[] {
  const y = d3.scaleLinear().domain(domain);
  for (let k = Math.max(2, count); k >= 2; k--) {
    const ticks = y.ticks(k).map((v) => (Math.abs(v) < 1e-12 ? 0 : v));
    const labels = ticks.map(fmt);
    if (ticks.length >= 2 && new Set(labels).size === labels.length) return ticks;
  }
  const ends = [domain[0], domain[1]];
  return fmt(ends[0]) === fmt(ends[1]) ? [ends[0]] : ends;
}

/**
 * Indices of the points worth drawing: all of them when there are few, else the lowest and the
 * highest of each pixel column (in day order), so a ten-year line costs what its width costs.
 * A column with no finite value keeps one index, so gaps stay gaps.
 */
export function decimate(values: ArrayLike<number>, n: number, width: number): number[] {
  if (n <= 2 * width) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const cols = Math.max(1, Math.floor(width));
  for (let c = 0; c < cols; c++) {
    const i0 = Math.floor((c * n) / cols);
    const i1 = Math.floor(((c + 1) * n) / cols);
    let lo = -1;
    let hi = -1;
    for (let i = i0; i < i1; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) continue;
      if (lo < 0 || x < values[lo]) lo = i;
      if (hi < 0 || x > values[hi]) hi = i;
    }
    if (lo < 0) out.push(i0);
    else if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return out;
}

function allNonNegative(a: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] < 0) return false;
  return true;
}

/** Every k-th index (k so that about two points fall on each pixel), and the last. */
function stride(n: number, width: number): number[] {
  const k = Math.max(1, Math.floor(n / (2 * width)));
  const out: number[] = [];
  for (let i = 0; i < n; i += k) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

let axisFontCache: number | undefined;

/**
 * The axis text size in px (larger on a projector; set by the page's style sheet). Read once per
 * drawing pass (see `newDrawPass`): reading a computed style after the charts changed the page
 * would make the browser recompute the page's style on the spot, once per chart.
 */
export function axisFont(): number {
  if (typeof document === 'undefined') return 11.5;
  if (axisFontCache === undefined) {
    const v = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--axis-font'));
    axisFontCache = Number.isFinite(v) && v > 0 ? v : 11.5;
  }
  return axisFontCache;
}

/** A new drawing pass (a frame, a resize, print): the style sheet's sizes are read again. */
export function newDrawPass(): void {
  axisFontCache = undefined;
}

/**
 * What each axis and legend group was last drawn from: a group drawn again from the same inputs
 * is left as it is (no new tick labels, no style and layout work for text that did not change).
 */
const drawnFrom = new WeakMap<Element, string>();
/** True (and remembered) when `key` differs from what `node` was last drawn from. */
function changed(node: Element | null, key: string): boolean {
  if (!node || drawnFrom.get(node) === key) return false;
  drawnFrom.set(node, key);
  return true;
}

let clipIds = 0;

/** Draw one panel of lines into `g` inside `box` (axes included); a panel with nothing to draw says so. */
export function drawPanel(g: G, view: LinesView, box: Box, card?: Card): void {
  const lang = locale(getLang());
  const empty = emptyView(view);
  g.selectAll<SVGTextElement, string>('text.empty').data(empty ? [t('noData')] : []).join('text').attr('class', 'empty')
    .attr('x', box.x + box.w / 2).attr('y', box.y + box.h / 2).attr('text-anchor', 'middle').attr('fill', '#777').attr('font-size', 13).text((d) => d);
  g.selectAll('.axis, g.plot, line.zero, text.unit').attr('display', empty ? 'none' : null);
  // A panel with a title carries its unit in the title; a whole-card chart writes it above its y axis.
  const unit = axisUnit(view.unit, !!view.zeroLine);
  if (view.title) {
    // The title wraps onto a second line above the first when it is wider than the panel (long
    // Chinese labels on a phone); the unit stays at the end, never cut off.
    const lines = wrapText(`${view.title} (${unit})`, box.w + 4, 12.5);
    const title = g.selectAll<SVGTextElement, string>('text.panel-title').data([lines.join('\n')]).join('text').attr('class', 'panel-title')
      .attr('x', box.x - 4).attr('y', box.y - 6 - axisFont() / 2).attr('font-size', 12.5).attr('font-weight', 600);
    title.selectAll<SVGTSpanElement, string>('tspan').data(lines).join('tspan')
      .attr('x', box.x - 4).attr('dy', (_, i) => (i === 0 ? `${-(lines.length - 1) * 1.15}em` : '1.15em')).text((d) => d);
  }
  if (empty) return;
  const fs = axisFont();
  const time = d3.scaleUtc().domain([dateAt(view.start, 0), dateAt(view.start, Math.max(1, view.horizon - 1))]).range([box.x, box.x + box.w]);
  // Points are placed by day index (no Date per point); the axis uses the time scale.
  const day = d3.scaleLinear().domain([0, Math.max(1, view.horizon - 1)]).range([box.x, box.x + box.w]);
  const y = d3.scaleLinear().domain(extent(view)).range([box.y + box.h, box.y]);
  if (!view.zeroLine) y.nice(4);
  const fmtTick = (d: number) => (view.zeroLine ? fmtDiffTick(d, view.unit, getLang()) : fmtValue(Math.abs(d) < 1e-12 ? 0 : d, view.unit, getLang()));
  const ticks = distinctTicks(y.domain() as [number, number], Math.max(2, Math.floor(box.h / (fs * 3.4))), fmtTick);
  // The axes are drawn again only when what they show changed (the time axis stays put for a whole
  // run; the value axis moves when the data leave its rounded domain).
  const ax = g.selectAll<SVGGElement, null>('g.x-axis').data([null]).join('g');
  if (changed(ax.node(), `${box.x}|${box.y}|${box.w}|${box.h}|${view.start}|${view.horizon}|${view.runDays ? 'days' : 'dates'}|${lang}|${fs}`)) {
    ax.attr('class', 'x-axis axis').attr('transform', `translate(0,${box.y + box.h})`);
    if (view.runDays) ax.call(d3.axisBottom(day).ticks(Math.max(2, Math.floor(box.w / (fs * 8)))).tickFormat(d3.format('~d')).tickSizeOuter(0));
    else ax.call(d3.axisBottom(time).ticks(Math.max(2, Math.floor(box.w / (fs * 8)))).tickFormat((d) => monthTick(lang)(d as Date)).tickSizeOuter(0));
    // A tick label at either end of the axis turns inward: under the y axis it would run into the
    // lowest y label ("80.0%2021年"), at the right edge out of the card.
    ax.selectAll<SVGTextElement, Date | number>('.tick text').attr('text-anchor', (d) => {
      const x = typeof d === 'number' ? day(d) : time(d);
      return x - box.x < fs * 1.5 ? 'start' : box.x + box.w - x < fs * 1.5 ? 'end' : 'middle';
    });
  }
  const ay = g.selectAll<SVGGElement, null>('g.y-axis').data([null]).join('g');
  if (changed(ay.node(), `${box.x}|${box.y}|${box.w}|${box.h}|${y.domain().join(',')}|${ticks.join(',')}|${view.unit}|${!!view.zeroLine}|${getLang()}|${fs}`)) {
    ay.attr('class', 'y-axis axis').attr('transform', `translate(${box.x},0)`);
    ay.call(d3.axisLeft(y).tickValues(ticks).tickFormat((d) => fmtTick(d as number)).tickSize(-box.w));
    ay.selectAll('.tick line').attr('stroke', '#e5e5e5');
    ay.select('.domain').remove();
  }
  // The unit of the y axis, above it (every axis says what it counts).
  g.selectAll<SVGTextElement, string>('text.unit').data(view.title ? [] : [unit]).join('text').attr('class', 'unit axis-unit')
    .attr('x', 4).attr('y', box.y - fs / 2 - 4).attr('text-anchor', 'start').attr('fill', '#555').text((d) => d);
  g.selectAll<SVGLineElement, null>('line.zero').data(view.zeroLine ? [null] : []).join('line').attr('class', 'zero')
    .attr('x1', box.x).attr('x2', box.x + box.w).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', GREY).attr('stroke-width', 1);
  // Everything drawn from data stays inside the panel's frame.
  const node = g.node() as SVGGElement & { dataset: DOMStringMap };
  if (!node.dataset.clip) node.dataset.clip = `panel-clip-${++clipIds}`;
  const clipId = node.dataset.clip;
  const clip = g.selectAll<SVGClipPathElement, null>('clipPath').data([null]).join('clipPath').attr('id', clipId);
  clip.selectAll<SVGRectElement, null>('rect').data([null]).join('rect').attr('x', box.x).attr('y', box.y).attr('width', box.w).attr('height', box.h);
  const plot = g.selectAll<SVGGElement, null>('g.plot').data([null]).join('g').attr('class', 'plot').attr('clip-path', `url(#${clipId})`);
  const marks = (view.marks ?? []).filter((m) => m.day >= 0 && m.day < view.horizon);
  const mk = plot.selectAll<SVGGElement, Mark>('g.mark').data(marks, (m) => `${m.day}-${m.label}`).join((e) => {
    const m = e.append('g').attr('class', 'mark');
    m.append('rect').attr('fill', '#999').attr('fill-opacity', 0.12);
    m.append('line').attr('stroke', '#666').attr('stroke-dasharray', '3 3');
    m.append('text').attr('font-size', 11).attr('fill', '#444').attr('dy', '1em');
    return m;
  });
  mk.attr('class', (m) => `mark ${m.kind ?? 'shock'}`);
  mk.select('line').attr('stroke', (m) => (m.kind === 'fork' ? '#0072b2' : '#666')).attr('stroke-width', (m) => (m.kind === 'fork' ? 1.5 : 1))
    .attr('stroke-dasharray', (m) => (m.kind === 'fork' ? null : '3 3'));
  mk.select('text').attr('fill', (m) => (m.kind === 'fork' ? '#0072b2' : '#444'));
  mk.select('rect').attr('x', (m) => day(m.day)).attr('y', box.y).attr('height', box.h)
    .attr('width', (m) => Math.max(0, day(Math.min(view.horizon - 1, m.day + (m.days ?? 0))) - day(m.day)));
  mk.select('line').attr('x1', (m) => day(m.day)).attr('x2', (m) => day(m.day)).attr('y1', box.y).attr('y2', box.y + box.h);
  mk.select('text').attr('x', (m) => day(m.day) + 3).attr('y', (_, i) => box.y + 2 + (i % 3) * 13).text((m) => m.label);
  const bands = view.lines.filter((l) => l.band);
  // Counts cannot go below zero: clip an interval that would (small n gives wide intervals).
  let floor = -Infinity;
  if (view.zero && !view.zeroLine && view.lines.every((l) => !l.values || allNonNegative(l.values, l.n))) floor = 0;
  const lo = (b: Band, i: number) => Math.max(floor, b.lo[i]);
  plot.selectAll<SVGPathElement, Line>('path.band').data(bands, (l) => l.key).join('path').attr('class', 'band')
    .attr('fill', (l) => l.color).attr('fill-opacity', 0.22).attr('stroke', 'none')
    .attr('d', (l) => {
      const b = l.band!;
      return d3.area<number>().defined((i) => Number.isFinite(b.lo[i]) && Number.isFinite(b.hi[i]))
        .x(day).y0((i) => y(lo(b, i))).y1((i) => y(b.hi[i]))(stride(view.horizon, box.w)) ?? '';
    });
  const spreads = view.lines.filter((l) => l.spread).flatMap((l) => (['lo', 'hi'] as const).map((edge) => ({ l, edge })));
  plot.selectAll<SVGPathElement, { l: Line; edge: 'lo' | 'hi' }>('path.spread').data(spreads, (d) => `${d.l.key}-${d.edge}`).join('path').attr('class', 'spread')
    .attr('fill', 'none').attr('stroke', (d) => d.l.color).attr('stroke-width', 1).attr('stroke-dasharray', '1 3').attr('stroke-opacity', 0.9)
    .attr('d', (d) => {
      const a = d.l.spread![d.edge];
      return d3.line<number>().defined((i) => Number.isFinite(a[i])).x(day).y((i) => y(a[i]))(stride(view.horizon, box.w)) ?? '';
    });
  // With replications the line is the mean of the runs (inside its band); the one seed on screen is drawn thin.
  plot.selectAll<SVGPathElement, Line>('path.band-mean').data(bands, (l) => l.key).join('path').attr('class', 'band-mean')
    .attr('fill', 'none').attr('stroke', (l) => l.color).attr('stroke-width', 2).attr('stroke-dasharray', (l) => (l.dash ? '5 3' : null))
    .attr('d', (l) => d3.line<number>().defined((i) => Number.isFinite(l.band!.mean[i])).x(day).y((i) => y(l.band!.mean[i]))(stride(view.horizon, box.w)) ?? '');
  plot.selectAll<SVGPathElement, Line>('path.line').data(view.lines.filter((l) => l.values), (l) => l.key).join('path')
    .attr('class', (l) => `line${l.faded ? ' previous' : ''}${l.band ? ' seed' : ''}`)
    .attr('fill', 'none').attr('stroke', (l) => l.color)
    .attr('stroke-width', (l) => (l.faded || l.band ? 1.2 : l.dash ? 1.6 : 2))
    .attr('stroke-opacity', (l) => (l.faded ? 0.45 : l.band ? 0.5 : 1))
    .attr('stroke-dasharray', (l) => (l.faded ? '2 2' : l.dash ? '5 3' : null))
    .attr('d', (l) => d3.line<number>().defined((i) => Number.isFinite(l.values![i])).x(day).y((i) => y(l.values![i]))(decimate(l.values!, l.n, box.w)) ?? '');
  if (!card) return;
  const rule = g.selectAll<SVGLineElement, null>('line.rule').data([null]).join('line').attr('class', 'rule')
    .attr('y1', box.y).attr('y2', box.y + box.h).attr('stroke', '#999').attr('stroke-width', 1).attr('visibility', 'hidden');
  g.selectAll<SVGRectElement, null>('rect.overlay').data([null]).join('rect').attr('class', 'overlay')
    .attr('x', box.x).attr('y', box.y).attr('width', box.w).attr('height', box.h).attr('fill', 'transparent')
    .on('mousemove', (ev: MouseEvent) => {
      const [px] = d3.pointer(ev, g.node());
      const d = Math.max(0, Math.min(view.horizon - 1, Math.round(day.invert(px))));
      const rows = view.lines.map((l) => {
        const v = l.values && d < l.n ? l.values[d] : l.band ? l.band.mean[d] : NaN;
        const ci = l.band && Number.isFinite(l.band.lo[d]) ? ` <span class="ci">[${fmtValue(l.band.lo[d], view.unit)}, ${fmtValue(l.band.hi[d], view.unit)}]</span>` : '';
        return `<div><span class="sw" style="background:${l.color}"></span>${escapeHtml(l.label)}: <b>${fmtWithUnit(v, view.unit)}</b>${ci}</div>`;
      });
      rule.attr('x1', day(d)).attr('x2', day(d)).attr('visibility', 'visible');
      showTooltip(card, ev, `<div class="tt-date">${fmtDate(dateAt(view.start, d), getLang(), 'short')}</div>${rows.join('')}`);
    })
    .on('mouseleave', () => {
      rule.attr('visibility', 'hidden');
      hideTooltip(card);
    });
}

/** Rough width of a text in px (CJK characters are about a full em, others about half). */
export function approxWidth(s: string, fontSize: number): number {
  return [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.53) * fontSize, 0);
}

/** Split a label into at most two lines that fit `width` (at a space, a comma or between CJK characters). */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  if (approxWidth(text, fontSize) <= width) return [text];
  const chars = [...text];
  let best = -1;
  for (let i = 1; i < chars.length; i++) {
    const head = chars.slice(0, i).join('');
    if (approxWidth(head, fontSize) > width) break;
    const prev = chars[i - 1];
    const here = chars[i];
    if (/[\s,，、（(]/.test(here) || /[\s,，、]/.test(prev) || (prev.charCodeAt(0) > 0x2e80 && here.charCodeAt(0) > 0x2e80)) best = i;
  }
  if (best <= 0) return [text];
  return [chars.slice(0, best).join('').trimEnd(), chars.slice(best).join('').trimStart()];
}

/** A legend row of swatches and labels along the top of a card, wrapping as needed; returns its height. */
export function drawLegend(g: G, items: { key: string; label: string; color: string; dash?: boolean; faded?: boolean }[], width: number, x0 = 8, y0 = 14): number {
  const approx = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12.5 : 6.6), 0);
  let x = x0;
  let y = y0;
  const placed = items.map((it) => {
    const w = 26 + approx(it.label) + 14;
    if (x + w > width && x > x0) {
      x = x0;
      y += 18;
    }
    const p = { ...it, x, y };
    x += w;
    return p;
  });
  // The same legend in the same place is left as it is.
  if (!changed(g.node(), JSON.stringify(placed))) return y + 12;
  const sel = g.selectAll<SVGGElement, (typeof placed)[number]>('g.legend-item').data(placed, (d) => d.key).join((enter) => {
    const e = enter.append('g').attr('class', 'legend-item');
    e.append('line').attr('x1', 0).attr('x2', 20).attr('stroke-width', 3);
    e.append('text').attr('x', 25).attr('dy', '0.35em').attr('font-size', 12);
    return e;
  });
  sel.attr('transform', (d) => `translate(${d.x},${d.y})`);
  sel.select('line').attr('stroke', (d) => d.color).attr('stroke-dasharray', (d) => (d.faded ? '2 2' : d.dash ? '5 3' : null))
    .attr('stroke-opacity', (d) => (d.faded ? 0.45 : 1));
  sel.select('text').text((d) => d.label);
  return y + 12;
}

/** A whole-card line chart: legend on top, one panel below. */
export function drawLineChart(card: Card, view: LinesView, legend = view.lines): void {
  const root = d3.select(card.svg);
  const lg = root.selectAll<SVGGElement, null>('g.legend').data([null]).join('g').attr('class', 'legend');
  const top = drawLegend(lg, legend.map((l) => ({ key: l.key, label: l.label, color: l.color, dash: l.dash, faded: l.faded })), card.width);
  const panel = root.selectAll<SVGGElement, null>('g.panel').data([null]).join('g').attr('class', 'panel');
  const fs = axisFont();
  const left = Math.round(fs * 5.2);
  drawPanel(panel, view, { x: left, y: top + 12 + fs, w: card.width - left - 14, h: card.height - top - 12 - fs - Math.round(fs * 2.3) }, card);
}
