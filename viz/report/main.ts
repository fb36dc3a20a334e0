// The script of report.html (bundled with d3 and the sandbox's chart modules into one IIFE,
// dist/report/report.js, and inlined by api/cli/report-html.ts): reads the embedded JSON
// (#report-data) and draws the experiment's sections (series with CI bands, paired differences,
// forest plots, sweep scatter plots, Morris / Sobol tornado charts), then every extra chart a
// section embedded as JSON (`.gs-chart`: decomposition waterfalls, calibration histograms and
// pair plots). All text goes in through textContent / d3 .text(): nothing is parsed as HTML.
import * as d3 from 'd3';
import { drawPanel, type LinesView } from '../src/charts/lines.ts';
import { drawIntervals, type IntervalRow } from '../src/charts/interval.ts';
import { byLargest, drawTornado } from '../src/charts/tornado.ts';
import { drawScatter } from '../src/charts/scatter.ts';
import { drawWaterfall, type WaterfallData } from '../src/charts/waterfall.ts';
import { drawPairPlot, drawWeightedHistogram, type PairPlotData, type WeightedHistogramData } from '../src/charts/weighted.ts';
import { setLang } from '../src/i18n.ts';
import type { Band } from '../src/protocol.ts';

type Num = number | null;
interface Stat { mean: Num; ciLow: Num; ciHigh: Num }
interface Difference extends Stat { relative: Num; relativeLow: Num; relativeHigh: Num; effectSize: Num; verdict: string }
interface ScenarioInfo { key: string; id: string; levers: Record<string, unknown> }
interface MetricInfo { name: string; unit: string; en: string }
interface BandArrays { mean: Num[]; low: Num[]; high: Num[] }
interface MorrisRow { lever: string; mu: Num; muStar: Num; muStarLow: Num; muStarHigh: Num; sigma: Num; n: number }
interface SobolRow { lever: string; first: Num; firstLow: Num; firstHigh: Num; total: Num; totalLow: Num; totalHigh: Num }

/** What the report reads of ReportData (sim/experiments/document.ts). */
export interface ReportView {
  doc: {
    kind: 'compare' | 'sweep' | 'sensitivity';
    id: string; planHash: string; engineVersion: string; command: string;
    settings: { days: number; reps: number; seeds: number[]; level: number; forkDay?: number; design?: { method: string; factors: { lever: string }[] } };
    scenarios: ScenarioInfo[];
    metrics: MetricInfo[];
    summaries: Record<string, Record<string, Stat>>;
    differences?: Record<string, Record<string, Difference>>;
    correlations?: Record<string, Record<string, Num>>;
    sensitivity?: { method: 'morris' | 'sobol'; metrics: string[]; morris?: Record<string, MorrisRow[]>; sobol?: Record<string, { indices: SobolRow[]; n: number; variance: Num }> };
    runs: unknown[];
    failures: { scenario: string; replication: number; seed: number; error: string }[];
  };
  series: { startDate: string; days: number; names: string[]; info: { name: string; unit: string; en: string; zh: string }[]; omitted: number; bands: Record<string, { scenarios: BandArrays[]; differences?: BandArrays[] }> };
}

const ok = (x: Num | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);
const fmt = (x: Num | undefined) => (!ok(x) ? '–' : Math.abs(x) >= 1e5 ? d3.format(',.0f')(x) : d3.format('.4~g')(x));
const pct = (x: Num | undefined) => (!ok(x) ? '–' : d3.format('+.1%')(x));
const ci = (s: Stat | undefined) => (s ? `${fmt(s.mean)} [${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]` : '–');
const UP = '#0969da';
const DOWN = '#bc4c00';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string; className?: string } = {}, parent?: Element): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.text !== undefined) e.textContent = props.text;
  if (props.className) e.className = props.className;
  if (parent) parent.appendChild(e);
  return e;
}

function select(parent: Element, label: string, options: { value: string; label: string }[], onChange: (v: string) => void, value?: string): HTMLSelectElement {
  const wrap = el('label', { text: `${label} ` }, parent);
  const s = el('select', {}, wrap);
  for (const o of options) { const opt = el('option', { text: o.label }, s); opt.value = o.value; }
  if (value !== undefined) s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function legend(parent: Element, items: { label: string; color: string }[]): void {
  const l = el('div', { className: 'legend' }, parent);
  for (const it of items) el('span', { text: it.label }, l).style.setProperty('--c', it.color);
}

type Cell = string | number | { text: string; cls?: string };
function table(parent: Element, header: string[], rows: Cell[][], left = 1): void {
  const wrap = el('div', { className: 'scroll' }, parent);
  const t = el('table', {}, wrap);
  const tr = el('tr', {}, el('thead', {}, t));
  header.forEach((h, i) => el('th', { text: h, className: i < left ? 'l' : '' }, tr));
  const tb = el('tbody', {}, t);
  for (const r of rows) {
    const row = el('tr', {}, tb);
    r.forEach((c, i) => {
      const td = el('td', { text: typeof c === 'object' ? c.text : String(c) }, row);
      if (typeof c === 'object' && c.cls) td.className = c.cls;
      if (i < left) td.classList.add('l');
    });
  }
}

function toBand(b: BandArrays): Band {
  const f = (a: Num[]) => Float64Array.from(a, (x) => (ok(x) ? x : NaN));
  return { mean: f(b.mean), lo: f(b.low), hi: f(b.high), n: new Int32Array(b.mean.length) };
}

/** Lines with CI bands over the run: the sandbox's panel (lines.ts) in a report-sized SVG. */
function bandChart(parent: Element, data: ReportView, opts: { title: string; unit: string; lines: { key: string; color: string; band: BandArrays }[]; diff?: boolean }): void {
  const W = 1120;
  const H = 300;
  const svg = d3.select(parent).append('svg').attr('class', `chart bands${opts.diff ? ' differences' : ''}`)
    .attr('width', W).attr('height', H).attr('viewBox', `0 0 ${W} ${H}`).style('max-width', '100%')
    .attr('font-family', 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif');
  const view: LinesView = {
    start: data.series.startDate || '2000-01-01', runDays: !data.series.startDate, horizon: data.series.days, unit: opts.unit,
    lines: opts.lines.map((l) => ({ key: l.key, label: l.key, color: l.color, n: 0, band: toBand(l.band) })),
    zeroLine: opts.diff, title: opts.title,
    // A quantity that never goes below zero (counts, shares) keeps 0 on its axis and its bands are cut at 0, as in the sandbox.
    zero: !opts.diff && opts.lines.every((l) => l.band.mean.every((v) => v === null || v >= 0)),
  };
  drawPanel(svg.append('g').attr('class', 'panel'), view, { x: 72, y: 34, w: W - 72 - 18, h: H - 34 - 30 });
  if (!data.series.startDate) svg.append('text').attr('x', W - 18).attr('y', H - 2).attr('text-anchor', 'end').attr('fill', '#656d76').text('day of run');
}

export function drawReport(data: ReportView, main: HTMLElement): void {
  const doc = data.doc;
  const color = d3.scaleOrdinal<string, string>(d3.schemeTableau10).domain(doc.scenarios.map((s) => s.key));
  const metricInfo = new Map(doc.metrics.map((m) => [m.name, m]));
  const level = Math.round(doc.settings.level * 100);
  const section = (title: string, note?: string) => {
    const s = el('section', {}, main);
    el('h2', { text: title }, s);
    if (note) el('p', { className: 'note', text: note }, s);
    return s;
  };

  const meta = document.getElementById('meta');
  if (meta) {
    meta.textContent = [
      doc.kind, `${doc.settings.days} days`, `${doc.settings.reps} replication${doc.settings.reps > 1 ? 's' : ''}`,
      `seeds ${doc.settings.seeds[0]}…${doc.settings.seeds[doc.settings.seeds.length - 1]} (common random numbers)`,
      `${level} % intervals`, doc.settings.forkDay !== undefined ? `reforms fork from the baseline on day ${doc.settings.forkDay}` : null,
      `engine ${doc.engineVersion}`, doc.failures.length ? `${doc.failures.length} failed runs` : null,
    ].filter(Boolean).join(' · ');
  }
  const manifest = document.getElementById('manifest');
  if (manifest) {
    manifest.textContent = JSON.stringify({ id: doc.id, planHash: doc.planHash, engineVersion: doc.engineVersion, command: doc.command, settings: doc.settings, scenarios: doc.scenarios, runs: doc.runs, failures: doc.failures }, null, 2);
  }

  const seriesSection = (withDifferences: boolean) => {
    if (!data.series.names.length) return;
    const s = section('Daily series', `Mean over replications with ${level} % confidence bands${data.series.omitted ? ` (${data.series.omitted} more series are in series.csv)` : ''}.`);
    const ctl = el('div', { className: 'controls' }, s);
    const box = el('div', {}, s);
    const keys = doc.scenarios.map((x) => x.key);
    const draw = (name: string) => {
      box.replaceChildren();
      const info = data.series.info.find((i) => i.name === name)!;
      const b = data.series.bands[name];
      const shown = Math.min(12, keys.length);
      legend(box, keys.slice(0, shown).map((k) => ({ label: k, color: color(k) })));
      bandChart(box, data, { title: info.en, unit: info.unit, lines: b.scenarios.slice(0, shown).map((band, i) => ({ key: keys[i], color: color(keys[i]), band })) });
      if (withDifferences && b.differences) {
        el('h3', { text: 'Difference from the baseline (paired by replication)' }, box);
        legend(box, keys.slice(1).map((k) => ({ label: `${k} − ${keys[0]}`, color: color(k) })));
        bandChart(box, data, { title: `Δ ${info.en}`, unit: info.unit, diff: true, lines: b.differences.map((band, i) => ({ key: keys[i + 1], color: color(keys[i + 1]), band })) });
      }
    };
    select(ctl, 'Series', data.series.info.map((i) => ({ value: i.name, label: `${i.name} — ${i.en} · ${i.zh}` })), draw);
    draw(data.series.names[0]);
  };

  const compareReport = () => {
    const base = doc.scenarios[0];
    for (const reform of doc.scenarios.slice(1)) {
      const diff = doc.differences![reform.key];
      const levers = Object.entries(reform.levers).map(([k, v]) => `${k}=${String(v)}`).join(', ') || 'none';
      const s = section(`Effects: ${reform.key} vs ${base.key}`, `Paired differences (reform − baseline) over ${doc.settings.reps} replications with common random numbers; the verdict appears only where the ${level} % interval excludes 0. Levers changed: ${levers}${doc.settings.forkDay !== undefined ? ` (from day ${doc.settings.forkDay})` : ''}.`);
      el('h3', { text: `Forest plot: change relative to the baseline mean, with ${level} % intervals (blue: higher, orange: lower; grey: interval includes 0)` }, s);
      const rows: IntervalRow[] = doc.metrics.filter((m) => diff[m.name] && ok(diff[m.name].relative)).map((m) => {
        const d = diff[m.name];
        return { label: m.name, mean: d.relative, low: d.relativeLow, high: d.relativeHigh, color: d.verdict === 'higher' ? UP : DOWN, strong: !!d.verdict };
      });
      const lim = d3.max(rows, (r) => Math.max(Math.abs(r.low ?? 0), Math.abs(r.high ?? 0), Math.abs(r.mean ?? 0))) || 1;
      const cap = Math.min(lim, 2);
      drawIntervals(s, rows, { tickFormat: d3.format('+.0%'), domain: [-cap, cap], format: pct, className: 'forest' });
      el('h3', { text: 'Table' }, s);
      table(s, ['metric', 'unit', `${base.key} mean [CI]`, `${reform.key} mean [CI]`, 'difference [CI]', 'relative', 'd_z', 'verdict'],
        doc.metrics.map((m) => {
          const d = diff[m.name];
          return [m.name, m.unit, ci(doc.summaries[base.key][m.name]), ci(doc.summaries[reform.key][m.name]), ci(d), pct(d?.relative), fmt(d?.effectSize), { text: d?.verdict ?? '', cls: d?.verdict }];
        }));
    }
    seriesSection(true);
  };

  const sweepReport = () => {
    const design = doc.settings.design!;
    const factors = design.factors;
    const s = section(`Sweep: ${design.method} design over ${factors.map((f) => f.lever).join(', ')}`, `${doc.scenarios.length} points × ${doc.settings.reps} replications. Each dot is a point mean with its ${level} % interval.`);
    const ctl = el('div', { className: 'controls' }, s);
    const box = el('div', {}, s);
    const draw = (metric: string) => {
      box.replaceChildren();
      const grid = el('div', { className: 'small-multiples' }, box);
      for (const f of factors) {
        const cell = el('div', {}, grid);
        el('h3', { text: f.lever }, cell);
        drawScatter(cell, doc.scenarios.map((p) => {
          const st = doc.summaries[p.key][metric];
          const x = p.levers[f.lever];
          return { x: typeof x === 'number' ? x : String(x), y: st?.mean ?? null, low: st?.ciLow, high: st?.ciHigh };
        }), { className: 'sweep' });
      }
      el('h3', { text: 'Points' }, box);
      table(box, ['point', ...factors.map((f) => f.lever), `${metric} mean [CI]`], doc.scenarios.map((p) => [p.key, ...factors.map((f) => String(p.levers[f.lever])), ci(doc.summaries[p.key][metric])]));
    };
    const first = doc.metrics.some((m) => m.name === 'rate.resolution') ? 'rate.resolution' : doc.metrics[0].name;
    select(ctl, 'Metric', doc.metrics.map((m) => ({ value: m.name, label: `${m.name} — ${m.en}` })), draw, first);
    draw(first);
    const c = section('Correlation of each lever with each metric', 'Pearson correlation between the lever (on its explored range) and the point means.');
    table(c, ['metric', ...factors.map((f) => f.lever)], doc.metrics.map((m) => [m.name, ...factors.map((f) => fmt(doc.correlations?.[m.name]?.[f.lever]))]));
    seriesSection(false);
  };

  const sensitivityReport = () => {
    const sens = doc.sensitivity!;
    const morris = sens.method === 'morris';
    const s = section(morris ? 'Morris elementary effects' : 'Sobol indices (Saltelli sampling)',
      morris ? `μ*: mean absolute effect of moving a lever across its explored range (importance); σ: spread of the effects (interactions or non-linearity). Bars: μ* with ${level} % bootstrap intervals.`
        : `First-order index S1: share of output variance due to the lever alone; total index ST: including its interactions. Bootstrap ${level} % intervals.`);
    const ctl = el('div', { className: 'controls' }, s);
    const box = el('div', {}, s);
    const draw = (metric: string) => {
      box.replaceChildren();
      if (morris) {
        const idx = sens.morris![metric].slice().sort(byLargest((r) => r.muStar));
        el('h3', { text: `Tornado: μ* (${metric})` }, box);
        drawTornado(box, idx.map((r) => ({ label: r.lever, value: r.muStar, low: r.muStarLow, high: r.muStarHigh, color: UP })), { format: fmt });
        el('h3', { text: 'μ* against σ' }, box);
        const mx = d3.max(idx, (r) => r.muStar ?? 0) || 1;
        const sx = d3.max(idx, (r) => r.sigma ?? 0) || 1;
        drawScatter(box, idx.filter((r) => ok(r.muStar) && ok(r.sigma)).map((r) => ({ x: r.muStar!, y: r.sigma, label: r.lever })), {
          width: 900, height: 360, margin: { t: 10, r: 260, b: 36, l: 64 }, xDomain: [0, mx * 1.05], yDomain: [0, sx * 1.05], xLabel: 'μ*', yLabel: 'σ', className: 'morris',
        });
        table(box, ['lever', 'μ', 'μ*', 'μ* CI', 'σ', 'effects'], idx.map((r) => [r.lever, fmt(r.mu), fmt(r.muStar), `[${fmt(r.muStarLow)}, ${fmt(r.muStarHigh)}]`, fmt(r.sigma), r.n]));
      } else {
        const res = sens.sobol![metric];
        const idx = res.indices.slice().sort(byLargest((r) => r.total));
        el('h3', { text: `Tornado: total (ST) and first-order (S1) indices (${metric})` }, box);
        drawTornado(box, idx.flatMap((r) => [
          { label: `${r.lever} · ST`, value: r.total, low: r.totalLow, high: r.totalHigh, color: UP },
          { label: `${r.lever} · S1`, value: r.first, low: r.firstLow, high: r.firstHigh, color: '#bf8700' },
        ]), { format: fmt });
        el('p', { className: 'note', text: `${res.n} complete rows; output variance ${fmt(res.variance)}.` }, box);
        table(box, ['lever', 'S1', 'S1 CI', 'ST', 'ST CI'], idx.map((r) => [r.lever, fmt(r.first), `[${fmt(r.firstLow)}, ${fmt(r.firstHigh)}]`, fmt(r.total), `[${fmt(r.totalLow)}, ${fmt(r.totalHigh)}]`]));
      }
    };
    select(ctl, 'Output', sens.metrics.map((m) => ({ value: m, label: m + (metricInfo.get(m) ? ` — ${metricInfo.get(m)!.en}` : '') })), draw);
    draw(sens.metrics[0]);
    seriesSection(false);
  };

  if (doc.kind === 'compare') compareReport();
  else if (doc.kind === 'sweep') sweepReport();
  else sensitivityReport();
  if (doc.failures.length) {
    const f = section('Failed runs', 'These runs threw; the statistics above leave them out. Re-run with --resume to retry them.');
    table(f, ['scenario', 'replication', 'seed', 'error'], doc.failures.map((x) => [x.scenario, x.replication, x.seed, x.error]));
  }
}

/** Extra charts: `<div class="gs-chart" data-chart="KIND"><script type="application/json">DATA</script></div>`. */
export type ExtraChart =
  | { kind: 'waterfall'; data: WaterfallData }
  | { kind: 'histogram'; data: WeightedHistogramData }
  | { kind: 'pairs'; data: PairPlotData }
  | { kind: 'intervals'; data: IntervalChartData };

/** Rows of intervals with a caption (the equity section's streets). */
export interface IntervalChartData { title: string; rows: IntervalRow[]; left?: number; width?: number; domain?: [number, number] }

export function drawExtraCharts(root: ParentNode): void {
  for (const host of root.querySelectorAll<HTMLElement>('.gs-chart')) {
    const json = host.querySelector('script[type="application/json"]');
    if (!json?.textContent) throw new Error(`chart ${host.dataset.chart ?? '?'} has no data`);
    const data = JSON.parse(json.textContent) as unknown;
    switch (host.dataset.chart) {
      case 'waterfall': drawWaterfall(host, data as WaterfallData); break;
      case 'histogram': drawWeightedHistogram(host, data as WeightedHistogramData); break;
      case 'pairs': drawPairPlot(host, data as PairPlotData); break;
      case 'intervals': {
        const d = data as IntervalChartData;
        el('div', { className: 'chart-title', text: d.title }, host);
        drawIntervals(host, d.rows, { left: d.left, width: d.width, domain: d.domain, format: fmt, className: 'places' });
        break;
      }
      default: throw new Error(`unknown chart kind ${JSON.stringify(host.dataset.chart)}`);
    }
  }
}

setLang('en');
const dataEl = document.getElementById('report-data');
const mainEl = document.getElementById('main');
if (dataEl?.textContent && mainEl) drawReport(JSON.parse(dataEl.textContent) as ReportView, mainEl);
drawExtraCharts(document);
