// The sandbox page: builds the panel, run controls, KPI cards and charts from the engine's
// catalogues, wires them to the session (workers), keeps the address bar a share link, and
// exposes a small test hook (window.govsim).
import './style.css';
import * as d3 from 'd3';
import { chartCard, el, type Card } from './charts/card.ts';
import { drawHistogram, HIST_COLORS } from './charts/histogram.ts';
import { drawLineChart, drawLegend, drawPanel, type Line } from './charts/lines.ts';
import { communityIndex, communityName, drawMap, gridName } from './charts/map.ts';
import { drawSankeys, type FlowGraph } from './charts/sankey.ts';
import { createEngine } from './engine.ts';
import { KPIS, buildKpiCards, drawKpi, kpiValue } from './kpis.ts';
import { download, jsonNumbers, jsonSeries, seriesCsv } from './export.ts';
import {
  bi, dateAt, daysToNextMonth, fmtDate, fmtDelta, fmtInt, fmtValue, fmtWithUnit, getLang, setLang, t, tk, unitLabel, type Lang,
} from './i18n.ts';
import { categorical, OKABE_ITO } from './palette.ts';
import { buildPanel, type PanelState } from './panel.ts';
import type { Catalogue, RunSpec, SeriesInfo } from './protocol.ts';
import { Session, SPEEDS, type Mode, type RunData } from './session.ts';
import { decodeShare, encodeShare } from './share.ts';


interface AppState extends PanelState {
  lang: Lang;
  mode: Mode;
  reps: number;
  mapMetric: string;
  mapFocus: number | null;
  mapShow: 'main' | 'base' | 'diff';
  selectedGrid?: number;
  explore: string;
}

const MAP_METRICS: { id: string; unit: string }[] = [
  { id: 'open', unit: 'per 1,000 residents' },
  { id: 'hidden', unit: 'per 1,000 residents' },
  { id: 'queue', unit: 'cases' },
  { id: 'load', unit: 'days of work' },
  { id: 'workers', unit: 'workers' },
  { id: 'vacant', unit: 'posts' },
  { id: 'trust', unit: '0–1' },
  { id: 'resTime', unit: 'days' },
  { id: 'satisfaction', unit: 'share' },
  { id: 'oldShare', unit: 'share' },
  { id: 'elderly', unit: 'share' },
];

/** Line charts: which series each shows, chosen from the catalogue so new series join by themselves. */
const LINE_CHARTS: { id: string; title: 'chartOpen' | 'chartRates' | 'chartWorkforce' | 'chartBalances'; pick: (s: SeriesInfo) => boolean; zero: boolean }[] = [
  { id: 'open', title: 'chartOpen', pick: (s) => s.name.startsWith('cases.open.'), zero: true },
  { id: 'rates', title: 'chartRates', pick: (s) => ['rate.response', 'rate.resolution', 'rate.satisfaction'].includes(s.name), zero: false },
  { id: 'workforce', title: 'chartWorkforce', pick: (s) => s.name.startsWith('workforce.') && (s.unit === 'workers' || s.unit === 'posts'), zero: true },
  { id: 'balances', title: 'chartBalances', pick: (s) => s.name.startsWith('money.balance.'), zero: true },
];

const DIFF_SERIES = ['rate.response', 'rate.resolution', 'rate.satisfaction', 'cases.open', 'time.median', 'trust.mean'];

let cat: Catalogue;
let session: Session;
const state: AppState = {
  preset: 'training', levers: {}, seed: 1, days: 365, lang: 'zh', mode: 'single', reps: 8,
  mapMetric: 'open', mapFocus: null, mapShow: 'main', explore: 'cases.emerged',
};
let seriesBy = new Map<string, SeriesInfo>();
const ui: {
  cards: Record<string, Card>;
  kpis: Record<string, HTMLElement>;
  drawnFlows?: unknown;
  drawnGrid?: unknown;
  drawnReps?: unknown;
  pending: boolean;
  error?: string;
  problems: string[];
  syncPanel?: () => void;
} = { cards: {}, kpis: {}, pending: false, problems: [] };
const longTasks: number[] = [];
let readyResolve!: () => void;
const ready = new Promise<void>((r) => { readyResolve = r; });

// ---------------------------------------------------------------- specs and the address bar

function spec(): RunSpec {
  return { preset: state.preset, levers: { ...state.levers }, seed: state.seed, days: state.days };
}
function baseSpec(): RunSpec {
  return { preset: state.preset, levers: {}, seed: state.seed, days: state.days };
}
function shareUrl(): string {
  const q = encodeShare({ preset: state.preset, levers: state.levers, seed: state.seed, days: state.days, lang: state.lang, mode: state.mode });
  return `${location.pathname}${q}`;
}
function updateUrl(): void {
  history.replaceState(null, '', shareUrl());
}

let prepareTimer: ReturnType<typeof setTimeout> | undefined;
function scenarioChanged(now = false): void {
  updateUrl();
  if (prepareTimer) clearTimeout(prepareTimer);
  const go = () => {
    prepareTimer = undefined;
    ui.drawnFlows = ui.drawnGrid = undefined;
    session.prepare(spec(), baseSpec(), state.mode).catch(showError);
  };
  if (now) go();
  else prepareTimer = setTimeout(go, 200);
}

function showError(e: unknown): void {
  ui.error = e instanceof Error ? e.message : String(e);
  console.error(e);
  updateStatus();
}

// ---------------------------------------------------------------- layout

function buildUi(): void {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  const app = document.getElementById('app')!;
  app.replaceChildren();
  ui.cards = {};
  ui.kpis = {};
  ui.drawnFlows = ui.drawnGrid = ui.drawnReps = undefined;

  const skip = el('a', { href: '#charts', class: 'skip' }, t('skip'));
  const header = el('header', { class: 'top' });
  const titles = el('div', { class: 'titles' });
  titles.append(el('h1', {}, t('title')), el('p', { class: 'subtitle' }, t('subtitle')));
  const modes = el('div', { class: 'modes', role: 'radiogroup', 'aria-label': t('mode') });
  for (const m of ['single', 'compare'] as const) {
    const b = el('button', { type: 'button', role: 'radio', 'data-mode': m, 'aria-checked': String(state.mode === m) }, t(m));
    b.addEventListener('click', () => {
      if (state.mode === m) return;
      state.mode = m;
      buildUi();
      scenarioChanged(true);
    });
    modes.append(b);
  }
  const tools = el('div', { class: 'tools' });
  const csv = el('button', { type: 'button', id: 'export-csv' }, t('exportCsv'));
  csv.addEventListener('click', exportCsv);
  const json = el('button', { type: 'button', id: 'export-json' }, t('exportJson'));
  json.addEventListener('click', exportJson);
  const shareBtn = el('button', { type: 'button', id: 'share' }, t('shareLink'));
  const shareOut = el('input', { type: 'text', id: 'share-url', readonly: '', 'aria-label': t('shareLink'), hidden: '' });
  shareBtn.addEventListener('click', async () => {
    const url = new URL(shareUrl(), location.href).href;
    shareOut.value = url;
    shareOut.hidden = false;
    shareOut.select();
    try {
      await navigator.clipboard.writeText(url);
      shareBtn.textContent = t('linkCopied');
      setTimeout(() => { shareBtn.textContent = t('shareLink'); }, 2000);
    } catch {
      // The link stays selected in the box for copying by hand.
    }
  });
  const langBtn = el('button', { type: 'button', id: 'lang', lang: state.lang === 'zh' ? 'en' : 'zh', 'aria-label': `${t('language')}: ${t('otherLanguage')}` }, t('otherLanguage'));
  langBtn.addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    setLang(state.lang);
    updateUrl();
    buildUi();
    draw(true);
  });
  tools.append(csv, json, shareBtn, shareOut, langBtn);
  header.append(titles, modes, tools);

  const aside = el('aside', { id: 'panel', 'aria-labelledby': 'panel-title' });
  ui.syncPanel = buildPanel(aside, cat, state, { onChange: () => scenarioChanged() });

  const main = el('main', { id: 'main' });
  main.append(buildControls());
  if (ui.problems.length) {
    const warn = el('div', { class: 'problems', role: 'alert' });
    warn.append(el('strong', {}, t('problem')), el('ul'));
    for (const p of ui.problems) warn.querySelector('ul')!.append(el('li', {}, p));
    main.append(warn);
  }
  const kpis = el('section', { class: 'kpis', 'aria-label': t('kpis') });
  ui.kpis = buildKpiCards(kpis, seriesBy);
  if (state.mode === 'compare') main.append(el('p', { class: 'kpi-note' }, t('kpiCompare')));
  main.append(kpis);

  const charts = el('section', { class: 'charts', id: 'charts', tabindex: '-1' });
  const compare = state.mode === 'compare';
  if (compare) ui.cards.diff = chartCard(charts, 'diff', t('chartDiff'), 900, 400, true);
  for (const c of LINE_CHARTS) ui.cards[c.id] = chartCard(charts, c.id, t(c.title), 600, 270);
  ui.cards.histogram = chartCard(charts, 'histogram', t('chartHistogram'), 600, 270);
  const explore = () => {
    const ex = chartCard(charts, 'explore', t('chartExplore'), 600, 270, !compare);
    const exSel = el('select', { id: 'explore-series', 'aria-label': t('series') });
    for (const s of cat.series) exSel.append(el('option', { value: s.name }, `${bi(s)} (${unitLabel(s.unit)})`));
    exSel.value = state.explore;
    exSel.addEventListener('change', () => { state.explore = exSel.value; draw(true); });
    ex.controls.append(exSel);
    ui.cards.explore = ex;
  };
  if (compare) explore();
  ui.cards.caseflow = chartCard(charts, 'caseflow', t('chartCaseFlow'), compare ? 900 : 600, 270, compare);
  ui.cards.map = buildMapCard(charts);
  ui.cards.moneyflow = chartCard(charts, 'moneyflow', t('chartMoneyFlow'), 900, 340, true);
  if (!compare) explore();
  main.append(charts);
  const summary = el('section', { class: 'summary', id: 'summary', 'aria-labelledby': 'summary-title' });
  main.append(summary);
  const footer = el('footer', {});
  footer.append(el('span', { id: 'engine-version' }, `${t('engine')} ${cat.engineVersion}`));
  main.append(footer);

  app.append(skip, header, aside, main);
  updateStatus();
}

function buildControls(): HTMLElement {
  const bar = el('section', { class: 'controls', 'aria-label': t('status') });
  const btn = (id: string, label: string, icon: string, fn: () => void) => {
    const b = el('button', { type: 'button', id, 'aria-label': label, title: label });
    b.append(el('span', { 'aria-hidden': 'true', class: 'icon' }, icon), el('span', { class: 'btn-text' }, label));
    b.addEventListener('click', fn);
    return b;
  };
  const play = btn('play', t('play'), '▶', () => (session.playing ? void session.pause() : session.play()));
  const stepDay = btn('step-day', t('stepDay'), '›', () => void session.stepBy(1));
  const stepMonth = btn('step-month', t('stepMonth'), '»', () => {
    const r = session.main;
    if (!r) return;
    void session.stepBy(daysToNextMonth(dateAt(r.layout.startDate, r.day)));
  });
  const toEnd = btn('to-end', t('toEnd'), '⇥', () => void session.runToEnd());
  const restart = btn('restart', t('restart'), '↺', () => scenarioChanged(true));
  const speed = el('select', { id: 'speed', 'aria-label': t('speed') });
  for (const s of SPEEDS) speed.append(el('option', { value: String(s) }, Number.isFinite(s) ? `${fmtInt(s)} ${t('perSecond')}` : t('speedMax')));
  speed.value = String(session.speed);
  speed.addEventListener('change', () => { session.speed = Number(speed.value); });
  const speedField = el('label', { class: 'speed' }, `${t('speed')} `);
  speedField.append(speed);
  const when = el('div', { class: 'when' });
  when.append(el('div', { id: 'date-label', 'aria-live': 'off' }), el('div', { id: 'day-label', class: 'muted' }));
  const progress = el('progress', { id: 'progress', max: '1', value: '0', 'aria-label': t('horizon') });
  const status = el('div', { class: 'status' });
  status.append(el('span', { id: 'status', role: 'status' }), el('span', { id: 'digest', class: 'digest' }));
  const reps = el('div', { class: 'reps' });
  const repN = el('input', { type: 'number', id: 'reps-n', min: '2', max: '30', step: '1', value: String(state.reps), 'aria-label': t('replications') });
  repN.addEventListener('change', () => {
    const n = Number(repN.value);
    if (Number.isInteger(n) && n >= 2 && n <= 30) state.reps = n;
    else repN.value = String(state.reps);
  });
  const repBtn = el('button', { type: 'button', id: 'run-reps' }, t('runReplications'));
  repBtn.addEventListener('click', () => {
    session.replicate(state.reps, cat.series.map((s) => s.name)).catch(showError);
  });
  const repClear = el('button', { type: 'button', id: 'clear-reps', hidden: '' }, t('clearReplications'));
  repClear.addEventListener('click', () => {
    session.clearReplications();
    updateStatus();
    draw(true);
  });
  const repLabel = el('label', { for: 'reps-n' }, t('replications'));
  reps.append(repLabel, repN, repBtn, repClear, el('span', { id: 'reps-status', class: 'muted', 'aria-live': 'polite' }));
  const row1 = el('div', { class: 'row' });
  row1.append(play, stepDay, stepMonth, toEnd, restart, speedField, when);
  const row2 = el('div', { class: 'row' });
  row2.append(progress, status, reps);
  bar.append(row1, row2);
  return bar;
}

function buildMapCard(parent: HTMLElement): Card {
  const card = chartCard(parent, 'map', t('chartMap'), 900, 400, true);
  const metric = el('select', { id: 'map-metric', 'aria-label': t('metric') });
  for (const m of MAP_METRICS) metric.append(el('option', { value: m.id }, tk(`map_${m.id}`)));
  metric.value = state.mapMetric;
  metric.addEventListener('change', () => { state.mapMetric = metric.value; ui.drawnGrid = undefined; draw(true); });
  const street = el('select', { id: 'map-street', 'aria-label': t('street') });
  street.addEventListener('change', () => {
    state.mapFocus = street.value === '' ? null : Number(street.value);
    state.selectedGrid = undefined;
    ui.drawnGrid = undefined;
    draw(true);
  });
  const grid = el('select', { id: 'map-grid', 'aria-label': t('chooseGrid') });
  grid.addEventListener('change', () => {
    if (grid.value !== '') selectGrid(Number(grid.value));
  });
  card.controls.append(metric, street, grid);
  if (state.mode === 'compare') {
    const show = el('select', { id: 'map-show', 'aria-label': t('mode') });
    for (const [v, label] of [['main', t('edited')], ['base', t('baseline')], ['diff', t('difference')]] as const) show.append(el('option', { value: v }, label));
    show.value = state.mapShow;
    show.addEventListener('change', () => { state.mapShow = show.value as AppState['mapShow']; ui.drawnGrid = undefined; draw(true); });
    card.controls.append(show);
  }
  const queue = el('div', { id: 'grid-queue', class: 'grid-queue', 'aria-live': 'polite' });
  card.root.append(queue);
  return card;
}

function selectGrid(g: number): void {
  const r = session.main;
  if (!r) return;
  state.selectedGrid = g;
  state.mapFocus = r.layout.communityStreet[r.layout.gridCommunity[g]];
  ui.drawnGrid = undefined;
  draw(true);
  void refreshQueue();
}

let queueBusy = false;
async function refreshQueue(): Promise<void> {
  const box = document.getElementById('grid-queue');
  const r = session.main;
  if (!box || !r || state.selectedGrid === undefined || queueBusy) return;
  queueBusy = true;
  try {
    const g = state.selectedGrid;
    const rows = await session.gridQueue(g);
    if (g !== state.selectedGrid) return;
    const subs = new Map(cat.subItems.map((s) => [s.id, s]));
    const levels = new Map(cat.levels.map((l) => [l.id, l]));
    const title = el('h4', {}, t('gridQueue', { grid: `${gridName(g)} (${communityName(r.layout, r.layout.gridCommunity[g])})` }));
    const close = el('button', { type: 'button', class: 'close' }, t('close'));
    close.addEventListener('click', () => { state.selectedGrid = undefined; box.replaceChildren(); ui.drawnGrid = undefined; draw(true); });
    const head = el('div', { class: 'queue-head' });
    head.append(title, close);
    if (!rows.length) {
      box.replaceChildren(head, el('p', { class: 'muted' }, t('queueEmpty')));
      return;
    }
    const table = el('table', {});
    const tr = el('tr');
    for (const h of [t('subItem'), t('stage'), t('level'), t('age'), t('whistle')]) tr.append(el('th', { scope: 'col' }, h));
    table.append(el('thead'));
    table.tHead!.append(tr);
    const body = el('tbody');
    for (const q of rows) {
      const row = el('tr');
      row.append(
        el('td', {}, bi(subs.get(q.subItem)) || q.subItem),
        el('td', {}, tk(`st_${q.stage}`)),
        el('td', {}, q.level ? bi(levels.get(q.level)) : '–'),
        el('td', { class: 'num' }, fmtValue(q.ageDays, 'days')),
        el('td', {}, q.whistle ? '✓' : ''),
      );
      body.append(row);
    }
    table.append(body);
    box.replaceChildren(head, table);
  } finally {
    queueBusy = false;
  }
}

// ---------------------------------------------------------------- status

function updateStatus(): void {
  const r = session.main;
  const status = document.getElementById('status');
  if (!status) return;
  const playBtn = document.getElementById('play')!;
  const playLabel = session.playing ? t('pause') : t('play');
  playBtn.setAttribute('aria-label', playLabel);
  playBtn.title = playLabel;
  playBtn.querySelector('.icon')!.textContent = session.playing ? '❚❚' : '▶';
  playBtn.querySelector('.btn-text')!.textContent = playLabel;
  playBtn.setAttribute('aria-pressed', String(session.playing));
  const busy = session.preparing || !r;
  for (const id of ['play', 'step-day', 'step-month', 'to-end']) {
    (document.getElementById(id) as HTMLButtonElement).disabled = busy || !!r?.done;
  }
  if (session.playing) (document.getElementById('play') as HTMLButtonElement).disabled = false;
  status.textContent = ui.error ? `${t('error')}: ${ui.error}`
    : session.preparing ? t('preparing') : !r ? t('loading') : session.playing ? t('running') : r.done ? t('finished') : r.day > 0 ? t('paused') : t('ready');
  status.classList.toggle('error', !!ui.error);
  const digest = document.getElementById('digest')!;
  const d = r?.done ? r.manifest?.digest : undefined;
  digest.textContent = d ? `${t('digest')} ${d.slice(0, 16)}…` : '';
  digest.title = d ?? '';
  digest.dataset.digest = d ?? '';
  digest.dataset.baseDigest = session.base?.done ? session.base.manifest?.digest ?? '' : '';
  if (r) {
    const date = dateAt(r.layout.startDate, Math.max(0, r.day - 1));
    document.getElementById('date-label')!.textContent = r.day > 0 ? fmtDate(date) : fmtDate(dateAt(r.layout.startDate, 0));
    document.getElementById('day-label')!.textContent = t('dayOf', { n: r.day, m: r.horizon });
    const p = document.getElementById('progress') as HTMLProgressElement;
    p.value = r.day / r.horizon;
  }
  const reps = document.getElementById('reps-status')!;
  const clear = document.getElementById('clear-reps') as HTMLButtonElement;
  const repBtn = document.getElementById('run-reps') as HTMLButtonElement;
  repBtn.disabled = !r || session.preparing || !!session.repProgress;
  if (session.repProgress) reps.textContent = t('replicationsRunning', { done: session.repProgress.done, n: session.repProgress.n });
  else if (session.reps) reps.textContent = t('replicationsDone', { n: session.reps.n });
  else reps.textContent = '';
  clear.hidden = !session.reps;
}

// ---------------------------------------------------------------- drawing

/**
 * Redraws are split into parts (KPIs, each chart, the map…). While a run plays, each animation
 * frame draws the parts that are out of date until about 8 ms are spent, so no frame's task
 * grows long; what is left waits for the next frame. A forced draw (language, mode, a click)
 * draws everything at once.
 */
const dirty = new Set<string>();
let frameRequested = false;

function draw(force = false): void {
  for (const p of drawParts()) if (!p.onDemand) dirty.add(p.id);
  if (force) {
    ui.drawnFlows = ui.drawnGrid = ui.drawnReps = undefined;
    runParts(Infinity);
    return;
  }
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(onFrame);
}

function onFrame(): void {
  frameRequested = false;
  runParts(8);
  if (dirty.size && !frameRequested) {
    frameRequested = true;
    requestAnimationFrame(onFrame);
  }
}

function linesFor(names: string[], withBands = true): { lines: Line[]; legend: Line[] } {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const reps = session.reps;
  const lines: Line[] = [];
  const legend: Line[] = [];
  names.forEach((name, i) => {
    const color = categorical(i);
    const label = bi(seriesBy.get(name));
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

function drawLinePart(c: (typeof LINE_CHARTS)[number]): void {
  const r = session.main!;
  const names = cat.series.filter(c.pick).map((s) => s.name);
  if (!names.length) return;
  const { lines, legend } = linesFor(names);
  drawLineChart(ui.cards[c.id], { start: r.layout.startDate, horizon: r.horizon, unit: seriesBy.get(names[0])!.unit, lines, zero: c.zero }, legend);
}

function drawExplore(): void {
  const r = session.main!;
  const ex = seriesBy.get(state.explore) ? state.explore : cat.series[0].name;
  const { lines, legend } = linesFor([ex]);
  drawLineChart(ui.cards.explore, { start: r.layout.startDate, horizon: r.horizon, unit: seriesBy.get(ex)!.unit, lines, zero: true }, legend);
}

function drawDiff(): void {
  const r = session.main!;
  const b = session.base!;
  const card = ui.cards.diff;
  const names = DIFF_SERIES.filter((n) => seriesBy.has(n));
  const root = d3.select(card.svg);
  const lg = root.selectAll<SVGGElement, null>('g.legend').data([null]).join('g').attr('class', 'legend');
  const items = [{ key: 'd', label: t('difference'), color: OKABE_ITO.purple }];
  if (session.reps?.diff) items.push({ key: 'ci', label: t('replicationsDone', { n: session.reps.n }), color: '#c9a3bd' });
  const top = drawLegend(lg, items, card.width);
  const cols = 3;
  const rows = Math.ceil(names.length / cols);
  const cw = card.width / cols;
  const ch = (card.height - top - 4) / rows;
  const panels = root.selectAll<SVGGElement, string>('g.diff-panel').data(names, (d) => d).join('g').attr('class', 'diff-panel');
  panels.each(function (name, i) {
    const info = seriesBy.get(name)!;
    const n = Math.min(r.day, b.day);
    const values = new Float64Array(r.horizon).fill(NaN);
    for (let k = 0; k < n; k++) values[k] = r.values[name][k] - b.values[name][k];
    const box = { x: (i % cols) * cw + 56, y: top + Math.floor(i / cols) * ch + 24, w: cw - 70, h: ch - 62 };
    drawPanel(d3.select(this), {
      start: r.layout.startDate, horizon: r.horizon, unit: info.unit, zeroLine: true, title: bi(info),
      lines: [{ key: 'diff', label: bi(info), color: OKABE_ITO.purple, values, n, band: session.reps?.diff?.[name] }],
    }, box, card);
  });
}

function flowsChanged(): boolean {
  const b = state.mode === 'compare' ? session.base : undefined;
  const sig = [session.main!.flows, b?.flows, session.reps, getLang()];
  if (ui.drawnFlows !== undefined && !(ui.drawnFlows as unknown[]).some((x, i) => x !== sig[i])) return false;
  ui.drawnFlows = sig;
  return true;
}

function gridChanged(): boolean {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const sig = [r.grid, b?.grid, state.mapMetric, state.mapFocus, state.mapShow, state.selectedGrid, getLang()];
  if (ui.drawnGrid !== undefined && !(ui.drawnGrid as unknown[]).some((x, i) => x !== sig[i])) return false;
  ui.drawnGrid = sig;
  return true;
}

function drawHist(): void {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const runs = b ? [{ label: t('baseline'), color: HIST_COLORS.base, histogram: b.flows?.histogram }] : [];
  runs.push({ label: b ? t('edited') : t('chartHistogram'), color: HIST_COLORS.main, histogram: r.flows?.histogram });
  drawHistogram(ui.cards.histogram, runs);
}

function drawCaseFlow(): void {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const levelLabel = new Map(cat.levels.map((l) => [l.id, l]));
  const caseGraph = (run: RunData | undefined, title?: string): FlowGraph => {
    const f = run?.flows?.caseFlow;
    const links = f ? f.channels.flatMap((ch, i) => f.levels.map((lv, j) => ({ source: `ch:${ch}`, target: `lv:${lv}`, value: f.counts[i][j] }))) : [];
    return { title, links };
  };
  const levelColors: Record<string, string> = { grid: OKABE_ITO.green, community: OKABE_ITO.sky, street: OKABE_ITO.orange, department: OKABE_ITO.vermillion };
  const chColors: Record<string, string> = { patrol: OKABE_ITO.blue, direct: OKABE_ITO.purple, hotline: OKABE_ITO.black, duplicate: '#999', unreported: '#bbb' };
  drawSankeys(ui.cards.caseflow, b ? [caseGraph(b, t('baseline')), caseGraph(r, t('edited'))] : [caseGraph(r)], {
    label: (id) => (id.startsWith('ch:') ? tk(`ch_${id.slice(3)}`) : t('closedBy', { level: bi(levelLabel.get(id.slice(3))) || id.slice(3) })),
    color: (id) => (id.startsWith('ch:') ? chColors[id.slice(3)] : levelColors[id.slice(3)]) ?? '#888',
    format: (v) => fmtInt(v),
    empty: t('noData'),
  });
}

function drawMoneyFlow(): void {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const moneyGraph = (run: RunData | undefined, title?: string): FlowGraph => ({
    title, links: (run?.flows?.moneyFlow ?? []).map((m) => ({ source: m.from, target: m.to, value: m.yuan })),
  });
  const moneyColors: Record<string, string> = { budget: OKABE_ITO.black, departments: OKABE_ITO.vermillion, district: OKABE_ITO.blue, transit: OKABE_ITO.sky, streets: OKABE_ITO.orange, communities: OKABE_ITO.green };
  drawSankeys(ui.cards.moneyflow, b ? [moneyGraph(b, t('baseline')), moneyGraph(r, t('edited'))] : [moneyGraph(r)], {
    label: (id) => tk(`mf_${id}`),
    color: (id) => moneyColors[id] ?? OKABE_ITO.purple,
    format: (v) => fmtWithUnit(v, 'yuan'),
    empty: t('noData'),
  }, 'column', 340);
}

function drawMapPart(): void {
  drawMapNow();
  if (state.selectedGrid !== undefined && !session.playing) void refreshQueue();
}

function drawMapNow(): void {
  const r = session.main!;
  const b = state.mode === 'compare' ? session.base : undefined;
  const m = MAP_METRICS.find((x) => x.id === state.mapMetric) ?? MAP_METRICS[0];
  let values = r.grid?.[m.id];
  let diverging = false;
  if (b && state.mapShow === 'base') values = b.grid?.[m.id];
  if (b && state.mapShow === 'diff') {
    const a = r.grid?.[m.id];
    const c = b.grid?.[m.id];
    values = a && c ? a.map((x, i) => x - c[i]) : undefined;
    diverging = true;
  }
  const label = `${tk(`map_${m.id}`)}${b && state.mapShow === 'diff' ? ` · ${t('difference')}` : b && state.mapShow === 'base' ? ` · ${t('baseline')}` : ''}`;
  const card = ui.cards.map;
  const layout = r.layout;
  const streetSel = document.getElementById('map-street') as HTMLSelectElement;
  if (streetSel.options.length !== layout.streets.length + 1) {
    streetSel.replaceChildren(el('option', { value: '' }, t('allStreets')));
    layout.streets.forEach((s, i) => streetSel.append(el('option', { value: String(i) }, bi(s))));
  }
  streetSel.value = state.mapFocus === null ? '' : String(state.mapFocus);
  const gridSel = document.getElementById('map-grid') as HTMLSelectElement;
  const wanted = state.mapFocus === null ? [] : Array.from(layout.gridCommunity.keys()).filter((g) => layout.communityStreet[layout.gridCommunity[g]] === state.mapFocus);
  if (gridSel.dataset.focus !== String(state.mapFocus)) {
    gridSel.dataset.focus = String(state.mapFocus);
    gridSel.replaceChildren(el('option', { value: '' }, t('chooseGrid')));
    const idx = communityIndex(layout);
    for (const g of wanted) gridSel.append(el('option', { value: String(g) }, `${gridName(g)} · ${t('community')} ${fmtInt(idx[layout.gridCommunity[g]] + 1)}`));
    gridSel.disabled = wanted.length === 0;
  }
  gridSel.value = state.selectedGrid === undefined ? '' : String(state.selectedGrid);
  drawMap(card, {
    layout, values, unit: m.unit, metricLabel: label, focus: state.mapFocus, diverging, selectedGrid: state.selectedGrid,
    onStreet: (s) => { state.mapFocus = s; state.selectedGrid = undefined; ui.drawnGrid = undefined; draw(true); },
    onGrid: (g) => selectGrid(g),
  });
}

function drawSummary(): void {
  const box = document.getElementById('summary');
  const r = session.main;
  if (!box || !r) return;
  const b = state.mode === 'compare' ? session.base : undefined;
  if (!r.done || !r.summary || (b && !b.summary)) {
    if (box.childElementCount) box.replaceChildren();
    return;
  }
  if (box.dataset.digest === `${r.manifest?.digest}|${b?.manifest?.digest}|${getLang()}`) return;
  box.dataset.digest = `${r.manifest?.digest}|${b?.manifest?.digest}|${getLang()}`;
  const table = el('table', {});
  const head = el('tr');
  const cols = b ? [t('metricCol'), t('baseline'), t('edited'), t('difference')] : [t('metricCol'), t('value')];
  cols.forEach((c) => head.append(el('th', { scope: 'col' }, c)));
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (const m of cat.metrics) {
    if (!(m.name in r.summary)) continue;
    const row = el('tr', { 'data-metric': m.name });
    row.append(el('th', { scope: 'row' }, bi(m)));
    const v = r.summary[m.name];
    if (b) {
      const bv = b.summary![m.name];
      row.append(el('td', { class: 'num' }, fmtWithUnit(bv, m.unit)), el('td', { class: 'num' }, fmtWithUnit(v, m.unit)), el('td', { class: 'num' }, fmtDelta(v - bv, m.unit)));
    } else row.append(el('td', { class: 'num' }, fmtWithUnit(v, m.unit)));
    body.append(row);
  }
  table.append(body);
  box.replaceChildren(el('h2', { id: 'summary-title' }, t('summary')), el('p', { class: 'muted' }, t('summaryNote')), table);
}

/** Longest time each part of a redraw took (ms), for the speed script. */
const drawTimes: Record<string, number> = {};
function timed(name: string, fn: () => void): void {
  const t0 = performance.now();
  fn();
  const dt = performance.now() - t0;
  if (!(drawTimes[name] >= dt)) drawTimes[name] = dt;
}

/** `onDemand` parts are marked out of date by another part (flows), not by every new day. */
interface Part { id: string; run(): void; onDemand?: boolean }

/** The parts of the page that redraw, in the order a frame draws them. */
function drawParts(): Part[] {
  if (!session?.main || !ui.cards.open) return [];
  const parts: Part[] = [
    { id: 'status', run: updateStatus },
  ];
  for (const k of KPIS) {
    const card = ui.kpis[k.name];
    if (card) parts.push({ id: `kpi-${k.name}`, run: () => drawKpi(card, k, session.main!, state.mode === 'compare' ? session.base : undefined, seriesBy, cat.series) });
  }
  if (state.mode === 'compare' && ui.cards.diff) parts.push({ id: 'diff', run: () => { if (session.base) drawDiff(); } });
  for (const c of LINE_CHARTS) parts.push({ id: `line-${c.id}`, run: () => drawLinePart(c) });
  parts.push({ id: 'explore', run: drawExplore });
  // Flows and the map change only when the worker sends details (a few times a second).
  parts.push({ id: 'flows', run: () => { if (flowsChanged()) { dirty.add('histogram'); dirty.add('caseflow'); dirty.add('moneyflow'); } } });
  parts.push({ id: 'histogram', run: drawHist, onDemand: true });
  parts.push({ id: 'caseflow', run: drawCaseFlow, onDemand: true });
  parts.push({ id: 'moneyflow', run: drawMoneyFlow, onDemand: true });
  parts.push({ id: 'map', run: () => { if (gridChanged()) drawMapPart(); } });
  parts.push({ id: 'summary', run: drawSummary });
  return parts;
}

/** Draw out-of-date parts in order until `budget` ms are spent (at least one part). */
function runParts(budget: number): void {
  const parts = drawParts();
  if (!parts.length) return;
  let refit = false;
  for (const c of Object.values(ui.cards)) refit = c.fit() || refit;
  if (refit) ui.drawnFlows = ui.drawnGrid = undefined;
  const t0 = performance.now();
  for (const p of parts) {
    if (!dirty.has(p.id)) continue;
    dirty.delete(p.id);
    timed(p.id, () => p.run());
    if (performance.now() - t0 > budget) break;
  }
}

// ---------------------------------------------------------------- export

function exportCsv(): void {
  const r = session.main;
  if (!r) return;
  const names = cat.series.map((s) => s.name);
  const b = state.mode === 'compare' ? session.base : undefined;
  const values: Record<string, ArrayLike<number>> = { ...r.values };
  const prefix: Record<string, string> = {};
  let cols = names;
  if (b) {
    cols = names.flatMap((n) => [n, `baseline:${n}`]);
    for (const n of names) values[`baseline:${n}`] = b.values[n];
  }
  const text = seriesCsv(r.layout.startDate, cols, values, r.day, prefix);
  download(`govsim-${r.spec.preset}-seed${r.spec.seed}-day${r.day}.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

function runJson(r: RunData) {
  return {
    manifest: r.manifest ?? null,
    spec: r.spec,
    scenarioHash: r.layout.scenarioHash,
    day: r.day,
    summary: r.summary ? jsonNumbers(r.summary) : null,
    series: {
      startDate: r.layout.startDate,
      days: r.day,
      names: cat.series.map((s) => s.name),
      units: cat.series.map((s) => s.unit),
      values: jsonSeries(Object.fromEntries(cat.series.map((s) => [s.name, r.values[s.name] ?? []])), r.day),
    },
    histogram: r.flows?.histogram ?? null,
    caseFlow: r.flows?.caseFlow ?? null,
    moneyFlow: r.flows?.moneyFlow ?? null,
  };
}

function exportJson(): void {
  const r = session.main;
  if (!r) return;
  const b = state.mode === 'compare' ? session.base : undefined;
  const doc = { engineVersion: cat.engineVersion, link: new URL(shareUrl(), location.href).href, run: runJson(r), ...(b ? { baseline: runJson(b) } : {}) };
  download(`govsim-${r.spec.preset}-seed${r.spec.seed}-day${r.day}.json`, new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
}

// ---------------------------------------------------------------- start

function observeLongTasks(): void {
  try {
    const po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (session?.playing) longTasks.push(e.duration);
    });
    po.observe({ type: 'longtask', buffered: true });
  } catch {
    // Not every browser reports long tasks (Firefox does not); the figure is measured in Chromium.
  }
}

async function start(): Promise<void> {
  observeLongTasks();
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    if (resizeTimer) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => draw(true), 150);
  });
  session = new Session({
    onData: () => draw(),
    onState: () => updateStatus(),
    onError: showError,
  });
  cat = await session.api.catalogue();
  seriesBy = new Map(cat.series.map((s) => [s.name, s]));
  const presets = cat.presets.filter((p) => p.kind === 'scenario').map((p) => p.id);
  const defaults = { preset: presets.includes('training') ? 'training' : presets[0], levers: {}, seed: 1, days: 365, lang: 'zh' as Lang, mode: 'single' as Mode };
  const { state: s, problems } = decodeShare(location.search, { levers: cat.levers, presets, maxDays: cat.maxDays }, defaults);
  // Drop link levers equal to the preset's value, so "changed" means changed.
  for (const [id, v] of Object.entries(s.levers)) if (cat.presetLevers[s.preset]?.[id] === v) delete s.levers[id];
  Object.assign(state, { preset: s.preset, levers: s.levers, seed: s.seed, days: s.days, lang: s.lang ?? 'zh', mode: s.mode ?? 'single' });
  ui.problems = problems;
  setLang(state.lang);
  buildUi();
  updateUrl();
  await session.prepare(spec(), baseSpec(), state.mode);
  draw(true);
  readyResolve();
}

declare global {
  interface Window {
    govsim: {
      ready: Promise<void>;
      state(): unknown;
      digest(spec: RunSpec): Promise<string>;
      runToEnd(): Promise<void>;
      longTasks: number[];
      drawTimes: Record<string, number>;
      stepMillis(): Promise<number>;
      /** A fresh engine for scripts (measurements). */
      engine: typeof createEngine;
    };
  }
}

window.govsim = {
  ready,
  state: () => ({
    day: session?.main?.day ?? 0,
    horizon: session?.main?.horizon ?? 0,
    done: session?.main?.done ?? false,
    digest: session?.main?.done ? session.main.manifest?.digest : undefined,
    baseDigest: session?.base?.done ? session.base.manifest?.digest : undefined,
    lang: state.lang,
    mode: state.mode,
    spec: spec(),
    playing: session?.playing ?? false,
    preparing: session?.preparing ?? true,
    /** A change is waiting for its debounce before the runs are rebuilt. */
    pending: prepareTimer !== undefined,
    reps: session?.reps ? { n: session.reps.n, digests: session.reps.digests } : undefined,
    /** The KPI cards' numbers, from the data (the cards themselves may be a frame behind). */
    kpis: Object.fromEntries(KPIS.filter((k) => ui.kpis[k.name]).map((k) => {
      const v = session?.main ? kpiValue(session.main, k.name, cat.series) : NaN;
      return [k.name, Number.isFinite(v) ? v : null];
    })),
    /** Nothing is waiting to be drawn. */
    drawn: dirty.size === 0 && !frameRequested,
  }),
  digest: (s) => Session.digestOf(s),
  runToEnd: async () => {
    await ready;
    await session.runToEnd();
    draw(true);
  },
  longTasks,
  drawTimes,
  stepMillis: () => session.api.stepMillis(),
  engine: createEngine,
};

start().catch(showError);
