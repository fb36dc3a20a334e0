// The page's layout: a header (title, mode, exports, share link, language), the scenario panel,
// and the main area (run controls, problems with the link, the KPI cards and the chart cards).
// Built from the catalogues; built again on a change of language or mode. While patches
// conflict, the main area holds the run controls and empty cards only.
import { app, setLanguage, shareUrl, updateUrl } from './app.ts';
import { chartCard, el } from './charts/card.ts';
import { shareProblemText } from './describe.ts';
import { draw } from './draw.ts';
import { LINE_CHARTS } from './figures.ts';
import { daysToNextMonth, dateAt, fmtInt, infoLabel, t, unitLabel } from './i18n.ts';
import { buildEnsemble } from './ensemble.ts';
import { buildKpiCards } from './kpis.ts';
import { buildMapCard } from './map-view.ts';
import { buildPanel } from './panel.ts';
import { exportCsv, exportJson } from './run-export.ts';
import { afterPending, scenarioChanged, showError } from './runs.ts';
import { SPEEDS } from './session.ts';
import { updateStatus } from './status.ts';
import { hooks } from './hooks.ts';
import { buildBriefing, buildGuide, fillHandoutHead, GUIDE, GUIDE_PRESET, stepSpecs } from './room.ts';

export function buildUi(): void {
  const { state, ui, cat } = app;
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  const root = document.getElementById('app')!;
  root.replaceChildren();
  const skip = el('a', { href: '#charts', class: 'skip' }, t('skip'));
  const aside = el('aside', { id: 'panel', 'aria-labelledby': 'panel-title' });
  ui.panel = buildPanel(aside, cat, state, {
    onChange: () => scenarioChanged(),
    onEdit: (editing) => { if (ui.editing !== editing) { ui.editing = editing; updateStatus(); } },
  });
  ui.panel.showConflicts(ui.conflicts);
  // On a phone the panel is a drawer over the page, opened from the header and closed here.
  const close = el('button', { type: 'button', id: 'panel-close' }, t('panelClose'));
  close.addEventListener('click', () => {
    root.classList.remove('drawer-open');
    document.getElementById('panel-toggle')?.setAttribute('aria-expanded', 'false');
    document.getElementById('panel-toggle')?.focus();
  });
  aside.prepend(close);
  root.classList.remove('drawer-open');
  root.append(skip, buildHeader(), aside, buildMain());
  updateStatus();
}

/** Set up guided step k (A vs B over the training preset) and show its question. */
export function setUpGuideStep(k: number): void {
  const { state } = app;
  const step = GUIDE[Math.max(0, Math.min(GUIDE.length - 1, k))];
  const { a, b } = stepSpecs(step, 1);
  state.fork = undefined;
  Object.assign(state, { guide: GUIDE.indexOf(step), preset: GUIDE_PRESET, patches: [...a.patches], levers: { ...a.levers }, seed: a.seed, days: a.days, mode: 'compare' });
  state.baseline = { patches: [...b.patches], levers: { ...b.levers }, ...(step.b.seed !== undefined ? { seed: step.b.seed } : {}) };
  buildUi();
  scenarioChanged(true);
  document.getElementById('guide')?.scrollIntoView({ block: 'nearest' });
}

function leaveGuide(): void {
  app.state.guide = undefined;
  buildUi();
  draw(true);
}

hooks.rebuildMain = () => rebuildMain();

/** Build the main area again (charts emptied), keeping the header and the panel (and focus there). */
export function rebuildMain(): void {
  const old = document.getElementById('main');
  if (!old) return;
  old.replaceWith(buildMain());
  updateStatus();
  draw(true);
}

function buildHeader(): HTMLElement {
  const { state } = app;
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
    setLanguage(state.lang === 'zh' ? 'en' : 'zh');
    updateUrl();
    buildUi();
    draw(true);
  });
  const drawer = el('button', { type: 'button', id: 'panel-toggle', 'aria-controls': 'panel', 'aria-expanded': 'false' }, t('panelToggle'));
  drawer.addEventListener('click', () => {
    const root = document.getElementById('app')!;
    const open = !root.classList.contains('drawer-open');
    root.classList.toggle('drawer-open', open);
    drawer.setAttribute('aria-expanded', String(open));
    if (open) (document.getElementById('panel-close') as HTMLElement | null)?.focus();
  });
  const guide = el('button', { type: 'button', id: 'guide-start' }, t('guide'));
  guide.addEventListener('click', () => setUpGuideStep(0));
  const handout = el('button', { type: 'button', id: 'handout' }, t('handout'));
  handout.addEventListener('click', () => {
    fillHandoutHead();
    draw(true);
    window.print();
  });
  const present = el('button', { type: 'button', id: 'present', 'aria-pressed': String(document.getElementById('app')!.classList.contains('present')) }, t('present'));
  present.addEventListener('click', () => {
    const root = document.getElementById('app')!;
    const on = !root.classList.contains('present');
    root.classList.toggle('present', on);
    present.setAttribute('aria-pressed', String(on));
    draw(true);
  });
  tools.append(guide, csv, json, handout, shareBtn, shareOut, present, langBtn);
  header.append(drawer, titles, modes, tools);
  return header;
}

function buildMain(): HTMLElement {
  const { state, ui, cat } = app;
  ui.cards = {};
  ui.kpis = {};
  ui.drawnFlows = ui.drawnGrid = ui.drawnReps = undefined;
  const main = el('main', { id: 'main' });
  main.append(el('section', { id: 'handout-head', class: 'handout-only handout-head' }));
  const guide = buildGuide({ setUp: setUpGuideStep, run: () => afterPending(() => app.session.runToEnd()), leave: leaveGuide });
  if (guide) main.append(guide);
  main.append(buildControls());
  if (state.guide === undefined) main.append(buildBriefing());
  if (ui.problems.length) {
    const warn = el('div', { class: 'problems', role: 'alert' });
    const list = el('ul');
    for (const p of ui.problems) list.append(el('li', {}, shareProblemText(p, cat)));
    warn.append(el('strong', {}, t('problem')), list);
    main.append(warn);
  }
  if (ui.conflicts.length) {
    // The details are in the panel beside the ticked patches; here, why nothing runs.
    const warn = el('div', { class: 'problems', id: 'blocked' });
    const go = el('a', { href: '#patch-conflicts' }, t('seeConflict'));
    warn.append(el('strong', {}, `${t('conflictTitle')} `), go);
    main.append(warn);
  }
  const kpis = el('section', { class: 'kpis', 'aria-label': t('kpis') });
  ui.kpis = buildKpiCards(kpis, app.seriesBy);
  if (state.mode === 'compare') {
    main.append(el('p', { class: 'kpi-note' }, t('kpiCompare')));
    main.append(buildBaselineBar());
  }
  main.append(kpis);

  const charts = el('section', { class: 'charts', id: 'charts', tabindex: '-1' });
  const compare = state.mode === 'compare';
  if (compare) ui.cards.diff = chartCard(charts, 'diff', t('chartDiff'), 900, 400, true);
  for (const c of LINE_CHARTS) ui.cards[c.id] = chartCard(charts, c.id, t(c.title), 600, 270);
  ui.cards.histogram = chartCard(charts, 'histogram', t('chartHistogram'), 600, 270);
  const explore = () => {
    const ex = chartCard(charts, 'explore', t('chartExplore'), 600, 270, !compare);
    const exSel = el('select', { id: 'explore-series', 'aria-label': t('series') });
    for (const s of cat.series) exSel.append(el('option', { value: s.name }, `${infoLabel(s)} (${unitLabel(s.unit)})`));
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
  if (compare) main.append(buildEnsemble());
  main.append(el('section', { class: 'summary', id: 'summary', 'aria-labelledby': 'summary-title' }));
  const footer = el('footer', {});
  footer.append(el('span', { id: 'engine-version' }, `${t('engine')} ${cat.engineVersion}`));
  main.append(footer);
  return main;
}

/** Compare mode: what B is, and buttons to make the current configuration B or reset B to the preset. */
function buildBaselineBar(): HTMLElement {
  const { state } = app;
  const bar = el('div', { class: 'baseline-bar row' });
  const b = state.baseline;
  const what = !b || (!b.patches.length && !Object.keys(b.levers).length && (b.seed === undefined || b.seed === state.seed))
    ? t('presetOnly') : `${t('customB', { n: b.patches.length, m: Object.keys(b.levers).length })}${b.seed !== undefined && b.seed !== state.seed ? ` · ${t('seed')} ${b.seed}` : ''}`;
  const set = el('button', { type: 'button', id: 'set-baseline' }, t('setBaseline'));
  set.addEventListener('click', () => {
    state.baseline = { patches: [...state.patches], levers: { ...state.levers } };
    rebuildMain();
    scenarioChanged(true);
  });
  const reset = el('button', { type: 'button', id: 'reset-baseline' }, t('resetBaseline'));
  reset.disabled = !b;
  reset.addEventListener('click', () => {
    state.baseline = undefined;
    rebuildMain();
    scenarioChanged(true);
  });
  bar.append(el('span', { id: 'baseline-what' }, t('baselineIs', { what })), set, reset);
  return bar;
}

function buildControls(): HTMLElement {
  const { state, session } = app;
  const bar = el('section', { class: 'controls', 'aria-label': t('status') });
  const btn = (id: string, label: string, icon: string, fn: () => void) => {
    const b = el('button', { type: 'button', id, 'aria-label': label, title: label });
    b.append(el('span', { 'aria-hidden': 'true', class: 'icon' }, icon), el('span', { class: 'btn-text' }, label));
    b.addEventListener('click', fn);
    return b;
  };
  // A value typed just before the click is applied first (its rebuild would otherwise cancel the run).
  const play = btn('play', t('play'), '▶', () => (session.playing ? void session.pause() : afterPending(() => session.play())));
  const stepDay = btn('step-day', t('stepDay'), '›', () => afterPending(() => session.stepBy(1)));
  const stepMonth = btn('step-month', t('stepMonth'), '»', () => afterPending(() => {
    const r = session.main;
    if (!r) return;
    return session.stepBy(daysToNextMonth(dateAt(r.layout.startDate, r.day)));
  }));
  const toEnd = btn('to-end', t('toEnd'), '⇥', () => afterPending(() => session.runToEnd()));
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
    session.replicate(state.reps, app.cat.series.map((s) => s.name)).catch(showError);
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
  // A warm-start fork: the levers changed from the day the run is paused at (the days before stay as they ran).
  const forkHere = el('button', { type: 'button', id: 'fork-here' }, t('forkHere'));
  forkHere.addEventListener('click', () => {
    const r = session.main;
    if (!r || session.playing || r.done || r.day < 1) return;
    state.fork = { day: r.day, trunk: { ...state.levers } };
    scenarioChanged(true);
  });
  const forkClear = el('button', { type: 'button', id: 'fork-clear', hidden: '' }, t('forkClear'));
  forkClear.addEventListener('click', () => {
    state.fork = undefined;
    scenarioChanged(true);
  });
  const forks = el('div', { class: 'forks row' });
  forks.append(forkHere, forkClear, el('span', { id: 'fork-note', class: 'muted' }));
  const row2 = el('div', { class: 'row' });
  row2.append(progress, status, reps);
  bar.append(row1, row2, forks);
  return bar;
}
