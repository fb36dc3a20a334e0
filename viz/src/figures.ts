// The charts' pictures from the runs on screen: line charts (edited, baseline, replication
// bands), the difference panels of compare mode, the resolution-time histogram, and the case and
// money Sankeys. Which series each line chart shows is picked from the catalogue, so new series
// join by themselves.
import * as d3 from 'd3';
import { app, baseRun } from './app.ts';
import { drawHistogram, HIST_COLORS } from './charts/histogram.ts';
import { drawLineChart, drawLegend, drawPanel, type Line } from './charts/lines.ts';
import { drawSankeys, type FlowGraph } from './charts/sankey.ts';
import { bi, fmtInt, fmtWithUnit, infoLabel, t, tk, type WordKey } from './i18n.ts';
import { categorical, OKABE_ITO } from './palette.ts';
import type { SeriesInfo } from './protocol.ts';
import type { RunData } from './session.ts';

export interface LineChart { id: string; title: WordKey; pick: (s: SeriesInfo) => boolean; zero: boolean }

export const LINE_CHARTS: LineChart[] = [
  { id: 'open', title: 'chartOpen', pick: (s) => s.name.startsWith('cases.open.'), zero: true },
  { id: 'rates', title: 'chartRates', pick: (s) => ['rate.response', 'rate.resolution', 'rate.satisfaction'].includes(s.name), zero: false },
  { id: 'workforce', title: 'chartWorkforce', pick: (s) => s.name.startsWith('workforce.') && (s.unit === 'workers' || s.unit === 'posts'), zero: true },
  { id: 'balances', title: 'chartBalances', pick: (s) => s.name.startsWith('money.balance.'), zero: true },
];

/** The series of compare mode's difference panels. */
const DIFF_SERIES = ['rate.response', 'rate.resolution', 'rate.satisfaction', 'cases.open', 'time.median', 'trust.mean'];

function linesFor(names: string[], withBands = true): { lines: Line[]; legend: Line[] } {
  const r = app.session.main!;
  const b = baseRun();
  const reps = app.session.reps;
  const lines: Line[] = [];
  const legend: Line[] = [];
  names.forEach((name, i) => {
    const color = categorical(i);
    const label = infoLabel(app.seriesBy.get(name));
    if (b) lines.push({ key: `${name}-base`, label: `${label} · ${t('baseline')}`, color, values: b.values[name], n: b.day, dash: true, band: withBands ? reps?.base?.[name] : undefined });
    lines.push({ key: name, label: b ? `${label} · ${t('edited')}` : label, color, values: r.values[name], n: r.day, band: withBands ? reps?.main[name] : undefined });
    legend.push({ key: name, label, color, n: 0 });
  });
  if (b) {
    legend.push({ key: 'style-edited', label: t('edited'), color: '#222', n: 0 });
    legend.push({ key: 'style-base', label: t('baseline'), color: '#222', n: 0, dash: true });
  }
  return { lines, legend };
}

export function drawLinePart(c: LineChart): void {
  const r = app.session.main!;
  const names = app.cat.series.filter(c.pick).map((s) => s.name);
  if (!names.length) return;
  const { lines, legend } = linesFor(names);
  drawLineChart(app.ui.cards[c.id], { start: r.layout.startDate, horizon: r.horizon, unit: app.seriesBy.get(names[0])!.unit, lines, zero: c.zero }, legend);
}

export function drawExplore(): void {
  const r = app.session.main!;
  const ex = app.seriesBy.get(app.state.explore) ? app.state.explore : app.cat.series[0].name;
  const { lines, legend } = linesFor([ex]);
  drawLineChart(app.ui.cards.explore, { start: r.layout.startDate, horizon: r.horizon, unit: app.seriesBy.get(ex)!.unit, lines, zero: true }, legend);
}

export function drawDiff(): void {
  const r = app.session.main!;
  const b = app.session.base!;
  const card = app.ui.cards.diff;
  const names = DIFF_SERIES.filter((n) => app.seriesBy.has(n));
  const root = d3.select(card.svg);
  const lg = root.selectAll<SVGGElement, null>('g.legend').data([null]).join('g').attr('class', 'legend');
  const items = [{ key: 'd', label: t('difference'), color: OKABE_ITO.purple }];
  if (app.session.reps?.diff) items.push({ key: 'ci', label: t('replicationsDone', { n: app.session.reps.n }), color: '#c9a3bd' });
  const top = drawLegend(lg, items, card.width);
  const cols = 3;
  const rows = Math.ceil(names.length / cols);
  const cw = card.width / cols;
  const ch = (card.height - top - 4) / rows;
  const panels = root.selectAll<SVGGElement, string>('g.diff-panel').data(names, (d) => d).join('g').attr('class', 'diff-panel');
  panels.each(function (name, i) {
    const info = app.seriesBy.get(name)!;
    const n = Math.min(r.day, b.day);
    const values = new Float64Array(r.horizon).fill(NaN);
    for (let k = 0; k < n; k++) values[k] = r.values[name][k] - b.values[name][k];
    const box = { x: (i % cols) * cw + 56, y: top + Math.floor(i / cols) * ch + 24, w: cw - 70, h: ch - 62 };
    drawPanel(d3.select(this), {
      start: r.layout.startDate, horizon: r.horizon, unit: info.unit, zeroLine: true, title: infoLabel(info),
      lines: [{ key: 'diff', label: infoLabel(info), color: OKABE_ITO.purple, values, n, band: app.session.reps?.diff?.[name] }],
    }, box, card);
  });
}

export function drawHist(): void {
  const r = app.session.main!;
  const b = baseRun();
  const runs = b ? [{ label: t('baseline'), color: HIST_COLORS.base, histogram: b.flows?.histogram }] : [];
  runs.push({ label: b ? t('edited') : t('chartHistogram'), color: HIST_COLORS.main, histogram: r.flows?.histogram });
  drawHistogram(app.ui.cards.histogram, runs);
}

export function drawCaseFlow(): void {
  const r = app.session.main!;
  const b = baseRun();
  const levelLabel = new Map(app.cat.levels.map((l) => [l.id, l]));
  const caseGraph = (run: RunData | undefined, title?: string): FlowGraph => {
    const f = run?.flows?.caseFlow;
    const links = f ? f.channels.flatMap((ch, i) => f.levels.map((lv, j) => ({ source: `ch:${ch}`, target: `lv:${lv}`, value: f.counts[i][j] }))) : [];
    return { title, links };
  };
  const levelColors: Record<string, string> = { grid: OKABE_ITO.green, community: OKABE_ITO.sky, street: OKABE_ITO.orange, department: OKABE_ITO.vermillion };
  const chColors: Record<string, string> = { patrol: OKABE_ITO.blue, direct: OKABE_ITO.purple, hotline: OKABE_ITO.black, duplicate: '#999', unreported: '#bbb' };
  drawSankeys(app.ui.cards.caseflow, b ? [caseGraph(b, t('baseline')), caseGraph(r, t('edited'))] : [caseGraph(r)], {
    label: (id) => (id.startsWith('ch:') ? tk(`ch_${id.slice(3)}`) : t('closedBy', { level: bi(levelLabel.get(id.slice(3))) || id.slice(3) })),
    color: (id) => (id.startsWith('ch:') ? chColors[id.slice(3)] : levelColors[id.slice(3)]) ?? '#888',
    format: (v) => fmtInt(v),
    empty: t('noData'),
  });
}

export function drawMoneyFlow(): void {
  const r = app.session.main!;
  const b = baseRun();
  const moneyGraph = (run: RunData | undefined, title?: string): FlowGraph => ({
    title, links: (run?.flows?.moneyFlow ?? []).map((m) => ({ source: m.from, target: m.to, value: m.yuan })),
  });
  const moneyColors: Record<string, string> = { budget: OKABE_ITO.black, departments: OKABE_ITO.vermillion, district: OKABE_ITO.blue, transit: OKABE_ITO.sky, streets: OKABE_ITO.orange, communities: OKABE_ITO.green };
  drawSankeys(app.ui.cards.moneyflow, b ? [moneyGraph(b, t('baseline')), moneyGraph(r, t('edited'))] : [moneyGraph(r)], {
    label: (id) => tk(`mf_${id}`),
    color: (id) => moneyColors[id] ?? OKABE_ITO.purple,
    format: (v) => fmtWithUnit(v, 'yuan'),
    empty: t('noData'),
  }, 'column', 340);
}

