// The charts' pictures from the runs on screen: line charts (edited, baseline, replication
// bands), the difference panels of compare mode, the resolution-time histogram, and the case and
// money Sankeys. Which series each line chart shows is picked from the catalogue, so new series
// join by themselves.
import * as d3 from 'd3';
import { app, baseRun } from './app.ts';
import { drawHistogram, HIST_COLORS } from './charts/histogram.ts';
import { axisFont, drawLineChart, drawLegend, drawPanel, type Line, type Mark } from './charts/lines.ts';
import { drawSankeys, type FlowGraph } from './charts/sankey.ts';
import { bi, fmtInt, fmtWithUnit, infoLabel, t, tk, type WordKey } from './i18n.ts';
import { categorical, OKABE_ITO } from './palette.ts';
import type { LeverValues, RunSpec, SeriesInfo } from './protocol.ts';
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

/** The resolved levers of a run spec: preset, then its patches, then the changed levers. */
export function resolvedLevers(spec: RunSpec): LeverValues {
  const out: LeverValues = { ...(app.cat.presetLevers[spec.preset] ?? {}) };
  for (const id of spec.patches) Object.assign(out, app.cat.patches.find((p) => p.id === id)?.levers ?? {});
  return Object.assign(out, spec.levers);
}

const SHOCKS: { id: string; lengthLever?: string; word: WordKey }[] = [
  { id: 'heatWave', lengthLever: 'shock.heatWave.days', word: 'shockHeatWave' },
  { id: 'epidemic', lengthLever: 'shock.epidemic.days', word: 'shockEpidemic' },
  { id: 'budgetCut', word: 'shockBudgetCut' },
  { id: 'hiringFreeze', lengthLever: 'shock.hiringFreeze.days', word: 'shockHiringFreeze' },
];

/** Shocks and forks of the runs on screen, marked on the time charts (start day, and length where it has one). */
export function shockMarks(): Mark[] {
  const specs = [app.session.main?.spec, baseRun()?.spec].filter((x): x is RunSpec => !!x);
  const out = new Map<string, Mark>();
  // A forked run has the shocks of its levers before the fork and of the fork's levers after it.
  const leverSets = specs.flatMap((sp) => (sp.fork ? [{ sp, from: 0, to: sp.fork.day }, { sp: { ...sp, levers: sp.fork.levers }, from: sp.fork.day, to: Infinity }] : [{ sp, from: 0, to: Infinity }]));
  for (const { sp, from, to } of leverSets) {
    const lv = resolvedLevers(sp);
    for (const s of SHOCKS) {
      const start = Number(lv[`shock.${s.id}.startDay`]);
      if (!Number.isFinite(start) || start < 0) continue;
      if (start < from || start >= to) continue;
      const days = s.lengthLever ? Number(lv[s.lengthLever]) : undefined;
      out.set(`${s.id}-${start}-${days}`, { day: start, days: Number.isFinite(days) ? days : undefined, label: t(s.word) });
    }
  }
  // Forks: the day the levers changed mid-run (a warm start from the run's own state).
  for (const sp of specs) {
    if (sp.fork) out.set(`fork-${sp.fork.day}`, { day: sp.fork.day, label: t('forkMark'), kind: 'fork' });
  }
  return [...out.values()];
}

function linesFor(names: string[], withBands = true): { lines: Line[]; legend: Line[] } {
  const r = app.session.main!;
  const b = baseRun();
  const prev = b ? undefined : app.session.previous;
  const reps = app.session.reps;
  const lines: Line[] = [];
  const legend: Line[] = [];
  names.forEach((name, i) => {
    const color = categorical(i);
    const label = infoLabel(app.seriesBy.get(name));
    if (prev?.values[name]) lines.push({ key: `${name}-prev`, label: `${label} · ${t('previousRun')}`, color, values: prev.values[name], n: prev.day, faded: true });
    if (b) lines.push({ key: `${name}-base`, label: `${label} · ${t('baseline')}`, color, values: b.values[name], n: b.day, dash: true, band: withBands ? reps?.base?.[name] : undefined, spread: withBands ? reps?.baseSpread?.[name] : undefined });
    lines.push({ key: name, label: b ? `${label} · ${t('edited')}` : label, color, values: r.values[name], n: r.day, band: withBands ? reps?.main[name] : undefined, spread: withBands ? reps?.mainSpread?.[name] : undefined });
    legend.push({ key: name, label, color, n: 0 });
  });
  if (b) {
    legend.push({ key: 'style-edited', label: t('edited'), color: '#222', n: 0 });
    legend.push({ key: 'style-base', label: t('baseline'), color: '#222', n: 0, dash: true });
  }
  if (prev) legend.push({ key: 'style-prev', label: t('previousRun'), color: '#222', n: 0, faded: true });
  if (reps) {
    legend.push({ key: 'style-mean', label: t('legendMean', { n: reps.n }), color: '#222', n: 0 });
    legend.push({ key: 'style-seed', label: t('legendSeed'), color: '#999', n: 0 });
  }
  return { lines, legend };
}

export function drawLinePart(c: LineChart): void {
  const r = app.session.main!;
  const names = app.cat.series.filter(c.pick).map((s) => s.name);
  if (!names.length) return;
  const { lines, legend } = linesFor(names);
  drawLineChart(app.ui.cards[c.id], { start: r.layout.startDate, horizon: r.horizon, unit: app.seriesBy.get(names[0])!.unit, lines, zero: c.zero, marks: shockMarks() }, legend);
}

export function drawExplore(): void {
  const r = app.session.main!;
  const ex = app.seriesBy.get(app.state.explore) ? app.state.explore : app.cat.series[0].name;
  const { lines, legend } = linesFor([ex]);
  drawLineChart(app.ui.cards.explore, { start: r.layout.startDate, horizon: r.horizon, unit: app.seriesBy.get(ex)!.unit, lines, zero: true, marks: shockMarks() }, legend);
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
  const cols = card.width < 560 ? 1 : card.width < 900 ? 2 : 3;
  const rows = Math.ceil(names.length / cols);
  const fs = axisFont();
  const left = Math.round(fs * 5.2);
  const rowH = 150 + fs * 3;
  if (Math.abs(card.height - (top + rows * rowH + 4)) > 1) card.resize(top + rows * rowH + 4);
  const cw = card.width / cols;
  const ch = rowH;
  const marks = shockMarks();
  const panels = root.selectAll<SVGGElement, string>('g.diff-panel').data(names, (d) => d).join('g').attr('class', 'diff-panel');
  panels.each(function (name, i) {
    const info = app.seriesBy.get(name)!;
    const n = Math.min(r.day, b.day);
    const values = new Float64Array(r.horizon).fill(NaN);
    for (let k = 0; k < n; k++) values[k] = r.values[name][k] - b.values[name][k];
    const box = { x: (i % cols) * cw + left, y: top + Math.floor(i / cols) * ch + 20 + 2 * fs, w: cw - left - 14, h: ch - 28 - 4.3 * fs };
    drawPanel(d3.select(this), {
      start: r.layout.startDate, horizon: r.horizon, unit: info.unit, zeroLine: true, title: infoLabel(info), marks,
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

