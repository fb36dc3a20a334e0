// The sandbox in a workshop room: the briefing of the preset and ticked patches, a glossary of
// every metric, a guided sequence of steps (each sets up an A-vs-B comparison, asks a question
// and shows the answer once the run is done), the handout's head (scenario, changes, captions)
// and the caption written under exported charts.
import { app, baseSpec, spec } from './app.ts';
import { BRIEFINGS, type Briefing } from './briefings.ts';
import { el } from './charts/card.ts';
import { bi, fmtDeltaUnit, fmtWithUnit, getLang, infoLabel, t, unitLabel } from './i18n.ts';
import type { LeverValues, RunSpec } from './protocol.ts';

const pick = (p: [string, string]) => p[getLang() === 'zh' ? 0 : 1];

function briefingBlock(title: string, b: Briefing): HTMLElement {
  const box = el('section', { class: 'briefing-item' });
  const colon = getLang() === 'zh' ? '：' : ': ';
  box.append(el('h3', {}, title), el('p', {}, `${t('brWhat')}${colon}${pick(b.what)}`), el('p', {}, `${t('brHow')}${colon}${pick(b.how)}`));
  const list = (head: string, items: [string, string][]) => {
    const ul = el('ul');
    for (const it of items) ul.append(el('li', {}, pick(it)));
    box.append(el('p', {}, head), ul);
  };
  list(t('brTry'), b.tryThis);
  list(t('brNotice'), b.notice);
  box.append(el('p', { class: 'odd-ref' }, `${t('brOdd')} docs/ODD.md ${b.odd}`));
  return box;
}

/** The briefing of the preset and each ticked patch, and the glossary (a closed <details> each). */
export function buildBriefing(): HTMLElement {
  const { state, cat } = app;
  const wrap = el('div', { class: 'room' });
  const det = el('details', { class: 'briefing', id: 'briefing' });
  det.append(el('summary', {}, t('briefing')));
  const preset = cat.presets.find((p) => p.id === state.preset);
  const pb = BRIEFINGS[state.preset];
  if (pb) det.append(briefingBlock(bi(preset?.name) || state.preset, pb));
  for (const id of state.patches) {
    const b = BRIEFINGS[id];
    if (b) det.append(briefingBlock(bi(cat.patches.find((p) => p.id === id)) || id, b));
  }
  const glo = el('details', { class: 'briefing glossary', id: 'glossary' });
  glo.append(el('summary', {}, t('glossary')));
  const dl = el('dl');
  for (const s of cat.series) {
    dl.append(el('dt', { 'data-term': s.name }, infoLabel(s)), el('dd', {}, `${t('unit')}: ${unitLabel(s.unit)} · ${t('fromSeries')} (${s.name})`));
  }
  for (const m of cat.metrics) {
    dl.append(el('dt', { 'data-term': m.name }, infoLabel(m)), el('dd', {}, `${t('unit')}: ${unitLabel(m.unit)} · ${t('fromSummary')} (${m.name})`));
  }
  glo.append(el('p', { class: 'muted' }, t('glossaryNote')), dl);
  wrap.append(det, glo);
  return wrap;
}

// ---- Guided mode ----

export interface GuideStep {
  title: [string, string];
  question: [string, string];
  /** A (edited) and B (baseline): patches and levers over the training preset. */
  a: { patches: string[]; levers: LeverValues; seed?: number };
  b: { patches: string[]; levers: LeverValues; seed?: number };
  days: number;
  /** Summary metrics that answer the question. */
  metrics: string[];
  note: [string, string];
}

export const GUIDE_PRESET = 'training';

export const GUIDE: GuideStep[] = [
  {
    title: ['网格员加倍', 'Double the grid workers'],
    question: ['每格网格员人数加倍：积压和成本会怎样？', 'Double the grid workers per grid: what happens to backlog and cost?'],
    a: { patches: [], levers: { 'staffing.gridWorkersPerGrid': 2.2 } }, b: { patches: [], levers: {} }, days: 120,
    metrics: ['cases.open.end', 'time.median', 'money.spendTotal', 'rate.resolution'],
    note: ['看表中的方向，而不是预想：网格员多了，巡查发现的事项也多，期末在办可能反而上升；再比较办结时长和总支出，问一问多出的钱换来了什么。', 'Read the directions in the table, not what you expected: more grid workers also find more hidden issues on patrol, so open cases can rise; then compare resolution time and spending, and ask what the extra money bought.'],
  },
  {
    title: ['打开吹哨', 'Turn the whistle on'],
    question: ['B 为 2019 年的做法（没有吹哨），A 打开街道与社区吹哨：多部门事项会更快办结吗？', 'B works as in 2019 (no whistle); A turns on street and community whistles: are multi-department cases closed faster?'],
    a: { patches: [], levers: {} }, b: { patches: [], levers: { 'whistle.street': false, 'whistle.community': false } }, days: 120,
    metrics: ['time.median.multiDepartment', 'whistle.blown', 'cases.bouncesPer100', 'rate.resolution'],
    note: ['吹哨要求部门限时签收、报到，模型中它作用于多部门事项和退单推诿；如果差值很小，想一想培训区里多部门事项有多少。', 'The whistle makes departments sign and report by deadlines; in the model it acts on multi-department cases and bouncing. If the difference is small, ask how many multi-department cases the training district has.'],
  },
  {
    title: ['预算削减 20%', 'Cut the budget by 20 %'],
    question: ['预算从第一天削减 20%：哪些指标先变差？', 'The budget is cut by 20 % from day one: which indicators give first?'],
    a: { patches: ['shock-budget-cut'], levers: {} }, b: { patches: [], levers: {} }, days: 120,
    metrics: ['money.spendTotal', 'money.shortfall', 'money.unfundedCaseDays', 'rate.resolution'],
    note: ['比较支出、资金缺口和等资金的事项天数：哪一项先动？服务指标（解决率）是否跟着变，还是在这段时间里看不出来？', 'Compare spending, shortfalls and unfunded case-days: which moves first? Does the resolution rate follow, or does it not show within this horizon?'],
  },
  {
    title: ['培训与激励', 'Pay and train'],
    question: ['提高工资、激励和培训：网格员队伍会更稳定吗？', 'Raise pay, incentives and training: does the workforce hold together better?'],
    a: { patches: ['rec-training-incentives'], levers: {} }, b: { patches: [], levers: {} }, days: 240,
    metrics: ['workforce.quitsPerYear', 'workforce.vacantMean', 'workforce.moraleMean', 'money.spendTotal'],
    note: ['看离职率、空岗和士气的方向，再看总支出涨了多少：队伍的变化比办案慢，一年里能看到多少？', 'Look at the direction of quits, vacancies and morale, then at how much spending rose: the workforce changes slower than cases, so how much shows within a year?'],
  },
  {
    title: ['是噪声吗？', 'Is it noise?'],
    question: ['A 与 B 是同一情景，只是随机种子不同：单次运行的“差值”有多大？', 'A and B are the same scenario with different random seeds: how big is the "difference" between two single runs?'],
    a: { patches: [], levers: {}, seed: 2 }, b: { patches: [], levers: {}, seed: 1 }, days: 90,
    metrics: ['rate.resolution', 'time.median', 'cases.closed', 'trust.mean'],
    note: ['这里的差值全部来自随机性。判断一项改革时，用同一种子对比并运行重复：配对差值的区间含 0 就是“无明显差异”。', 'This difference is chance alone. To judge a reform, compare with the same seed and run replications: if the interval of the paired difference contains 0, there is no clear difference.'],
  },
];

/** The run specs a guided step sets up (A edited, B baseline). */
export function stepSpecs(step: GuideStep, seed: number): { a: RunSpec; b: RunSpec } {
  return {
    a: { preset: GUIDE_PRESET, patches: step.a.patches, levers: step.a.levers, seed: step.a.seed ?? seed, days: step.days },
    b: { preset: GUIDE_PRESET, patches: step.b.patches, levers: step.b.levers, seed: step.b.seed ?? seed, days: step.days },
  };
}

/** The guide's box for the current step (or nothing when the guide is off). */
export function buildGuide(hooks: { setUp(step: number): void; run(): void; leave(): void }): HTMLElement | undefined {
  const g = app.state.guide;
  if (g === undefined) return undefined;
  const step = GUIDE[g];
  const box = el('section', { class: 'guide', id: 'guide', 'aria-labelledby': 'guide-title', 'data-step': String(g) });
  box.append(el('h2', { id: 'guide-title' }, `${t('guideStep', { k: g + 1, n: GUIDE.length })} · ${pick(step.title)}`),
    el('p', { class: 'question' }, pick(step.question)));
  box.append(el('div', { class: 'answer', id: 'guide-answer', hidden: '' }));
  const nav = el('div', { class: 'guide-nav' });
  const run = el('button', { type: 'button', id: 'guide-run' }, t('guideRun'));
  run.addEventListener('click', () => hooks.run());
  const prev = el('button', { type: 'button', id: 'guide-prev' }, t('guidePrev'));
  prev.disabled = g === 0;
  prev.addEventListener('click', () => hooks.setUp(g - 1));
  const next = el('button', { type: 'button', id: 'guide-next' }, g === GUIDE.length - 1 ? t('guideFinish') : t('guideNext'));
  next.addEventListener('click', () => (g === GUIDE.length - 1 ? hooks.leave() : hooks.setUp(g + 1)));
  const leave = el('button', { type: 'button', id: 'guide-leave' }, t('guideLeave'));
  leave.addEventListener('click', () => hooks.leave());
  nav.append(run, prev, next, leave);
  box.append(nav);
  return box;
}

/** Show the step's answer once both runs of the step are finished. */
export function drawGuideAnswer(): void {
  const box = document.getElementById('guide-answer');
  const g = app.state.guide;
  if (!box || g === undefined) return;
  const r = app.session.main;
  const b = app.session.base;
  const step = GUIDE[g];
  const sa = JSON.stringify(spec());
  const ready = r?.done && b?.done && r.summary && b.summary && JSON.stringify(r.spec) === sa && JSON.stringify(b.spec) === JSON.stringify(baseSpec());
  if (!ready) {
    if (!box.hidden) box.hidden = true;
    delete box.dataset.key;
    return;
  }
  const key = `${r.manifest?.digest}|${b.manifest?.digest}|${getLang()}`;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  const table = el('table', {});
  const head = el('tr');
  for (const c of [t('metricCol'), t('baselineB'), t('editedA'), t('difference')]) head.append(el('th', { scope: 'col' }, c));
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (const name of step.metrics) {
    const m = app.cat.metrics.find((x) => x.name === name);
    if (!m || !(name in r.summary!)) continue;
    const row = el('tr', { 'data-metric': name });
    const av = r.summary![name];
    const bv = b.summary![name];
    row.append(el('th', { scope: 'row' }, infoLabel(m)), el('td', { class: 'num' }, fmtWithUnit(bv, m.unit)),
      el('td', { class: 'num' }, fmtWithUnit(av, m.unit)), el('td', { class: 'num' }, fmtDeltaUnit(av - bv, m.unit)));
    body.append(row);
  }
  table.append(body);
  box.replaceChildren(el('strong', {}, t('guideAnswer')), table, el('p', {}, pick(step.note)), el('p', { class: 'muted' }, t('guideOneSeed')));
  box.hidden = false;
}

// ---- Captions and the handout ----

function leverList(levers: LeverValues): string {
  const ids = Object.keys(levers).sort();
  if (!ids.length) return t('none');
  return ids.map((id) => {
    const l = app.cat.levers.find((x) => x.id === id);
    return `${bi(l?.label) || id} = ${String(levers[id])}`;
  }).join(getLang() === 'zh' ? '；' : '; ');
}

function describeSpec(s: RunSpec): string {
  const preset = bi(app.cat.presets.find((p) => p.id === s.preset)?.name) || s.preset;
  const patches = s.patches.map((id) => bi(app.cat.patches.find((p) => p.id === id)) || id);
  return [preset, patches.length ? `${t('patches')}: ${patches.join(', ')}` : '', `${t('changedLevers')}: ${leverList(s.levers)}`].filter(Boolean).join(' · ');
}

/** The caption under an exported chart: scenario, baseline in compare mode, seed, days, engine, digest. */
export function caption(): string {
  const s = spec();
  const parts = [`${app.state.mode === 'compare' ? `A: ` : ''}${describeSpec(s)}`];
  if (app.state.mode === 'compare') parts.push(`B: ${describeSpec(baseSpec())}`);
  const d = app.session?.main?.manifest?.digest;
  parts.push(`${t('seed')} ${s.seed} · ${t('horizon')} ${s.days} · ${t('engine')} ${app.cat.engineVersion}${d ? ` · ${t('digest')} ${d.slice(0, 12)}` : ''}`);
  if (app.session?.reps) parts.push(t('replicationsDone', { n: app.session.reps.n }));
  return parts.join('\n');
}

/** The handout's head (printed only): title, date, scenario and what was changed. */
export function fillHandoutHead(): void {
  const box = document.getElementById('handout-head');
  if (!box) return;
  const rows: [string, string][] = [[t('scenario'), describeSpec(spec())]];
  if (app.state.mode === 'compare') rows.push([t('baselineB'), describeSpec(baseSpec())]);
  rows.push([t('seed'), String(app.state.seed)], [t('horizon'), String(app.state.days)], [t('engine'), app.cat.engineVersion]);
  const d = app.session?.main?.manifest?.digest;
  if (d) rows.push([t('digest'), d]);
  const table = el('table', {});
  for (const [k, v] of rows) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, k), el('td', {}, v));
    table.append(tr);
  }
  box.replaceChildren(el('h2', {}, `${t('handoutTitle')} · ${t('title')}`), table, el('p', { class: 'muted' }, t('handoutNote')));
}
