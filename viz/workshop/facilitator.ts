// The facilitator's projector page (/workshop/): create a session, show the join code and QR,
// who joined and who has decided, the countdown, the groups' outcomes side by side, events
// to inject, pause/resume, and the debrief (every round per group, decisions marked on the
// time charts, export and handout). The admin token lives in the URL fragment (never sent
// to the server in a request line) and in local storage.
import type { EventKind, FacilitatorView, Lang, ServerMessage } from '../../api/workshop/messages.ts';
import { CHART_SERIES, EVENT_KINDS, KPI_LABELS, KPIS } from '../../api/workshop/messages.ts';
import { GROUP_COLOURS, seriesChart } from '../../api/workshop/charts.ts';
import { fmtKpiText } from './format.ts';
import { Connection, type LinkState } from './client.ts';
import { clock, esc, t } from './i18n.ts';

const EVENT_NAMES: Record<EventKind, { zh: string; en: string }> = {
  demandShock: { zh: '需求冲击 +50%', en: 'Demand shock +50 %' },
  budgetCut: { zh: '预算削减 20%', en: '20 % budget cut' },
  heatWave: { zh: '高温 20 天', en: 'Heat wave, 20 days' },
};
const ROLE_NAMES: Record<string, { zh: string; en: string }> = {
  district: { zh: '区委区政府', en: 'District' }, street: { zh: '街道', en: 'Street' }, department: { zh: '职能部门', en: 'Departments' }, grid: { zh: '网格团队', en: 'Grid team' },
};

const app = document.getElementById('app')!;
const hash = new URLSearchParams(location.hash.slice(1));
const query = new URLSearchParams(location.search);
let lang: Lang = query.get('lang') === 'en' ? 'en' : 'zh';
let tab: 'dashboard' | 'debrief' = query.get('tab') === 'debrief' ? 'debrief' : 'dashboard';
let view: FacilitatorView | null = null;
let error = '';
let link: LinkState = 'connecting';
let deadline: number | null = null;
let conn: Connection | null = null;
/** The session's public facts (the join link the QR code holds). */
let info: { joinUrl: string; reachableFromLan?: boolean } | null = null;
window.workshop = { view: null, errors: [], link, mode: '' };

const adminToken = hash.get('admin') ?? (hash.get('code') ? localStorage.getItem(`govsim.workshop.admin.${hash.get('code')}`) : null);

function langSwitch(): string {
  return `<span class="lang"><button data-lang="zh" ${lang === 'zh' ? 'disabled' : ''}>中文</button> <button data-lang="en" ${lang === 'en' ? 'disabled' : ''}>EN</button></span>`;
}
function bindCommon(): void {
  app.querySelectorAll<HTMLButtonElement>('[data-lang]').forEach((b) => b.addEventListener('click', () => { lang = b.dataset.lang === 'en' ? 'en' : 'zh'; render(); }));
}

function createForm(): void {
  app.innerHTML = `<header><h1>govsim · ${t(lang, 'create')}</h1>${langSwitch()}</header><main><form class="card" id="create" style="max-width:40rem">
  <label>${t(lang, 'title')} <input name="title" maxlength="80" value="${lang === 'zh' ? '基层治理工作坊' : 'Grassroots governance workshop'}"></label>
  <label>${t(lang, 'preset')} <select name="preset"><option value="training">training</option><option value="qinhuai-2021">qinhuai-2021</option><option value="qinhuai-2019">qinhuai-2019</option></select></label>
  <fieldset><legend>${t(lang, 'roles')}</legend>${Object.entries(ROLE_NAMES).map(([id, n]) => `<label><input type="checkbox" name="roles" value="${id}" checked> ${esc(n[lang])}</label>`).join('')}</fieldset>
  <label>${t(lang, 'groups')} <input name="groups" type="number" min="1" max="12" value="4"></label>
  <label>${t(lang, 'rounds')} <input name="rounds" type="number" min="1" max="12" value="4"></label>
  <label>${t(lang, 'timer')} <input name="timerSeconds" type="number" min="10" max="3600" value="240"></label>
  <label>${t(lang, 'seed')} <input name="seed" type="number" min="0" value="1"></label>
  ${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
  <button class="primary" type="submit">${t(lang, 'create')}</button></form></main>`;
  bindCommon();
  app.querySelector<HTMLFormElement>('#create')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body = {
      title: String(f.get('title') ?? ''), preset: String(f.get('preset')), roles: f.getAll('roles').map(String),
      groups: Number(f.get('groups')), rounds: Number(f.get('rounds')), timerSeconds: Number(f.get('timerSeconds')), seed: Number(f.get('seed')),
    };
    const res = await fetch('/workshop/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const out = (await res.json()) as { code?: string; adminToken?: string; error?: { message: string } };
    if (!res.ok || !out.code || !out.adminToken) {
      error = out.error?.message ?? `HTTP ${res.status}`;
      createForm();
      return;
    }
    localStorage.setItem(`govsim.workshop.admin.${out.code}`, out.adminToken);
    location.hash = `code=${out.code}&admin=${encodeURIComponent(out.adminToken)}`;
    location.reload();
  });
}

function seatsPanel(v: FacilitatorView): string {
  const groups = Array.from({ length: v.groups }, (_, g) => v.seats.filter((s) => s.group === g + 1));
  return `<div class="seats" id="seats">${groups.map((seats, g) => `<div class="g"><b style="color:${GROUP_COLOURS[g % GROUP_COLOURS.length]}">${t(lang, 'group')} ${g + 1}</b> · ${seats.filter((s) => s.decided).length}/${seats.length} ${t(lang, 'decided')}
    <div>${seats.map((s) => `<div><span class="dot ${s.connected ? 'on' : ''}"></span>${esc(s.name)} <span class="muted">${esc(ROLE_NAMES[s.role]?.[lang] ?? s.role)}</span> ${s.decided ? '✓' : ''}</div>`).join('')}</div></div>`).join('')}</div>`;
}

function sideBySide(v: FacilitatorView): string {
  if (v.round === 0) return `<p class="muted">${t(lang, 'noOutcomes')}</p>`;
  const last = v.outcomes.map((g) => g[g.length - 1]);
  return `<h2>${t(lang, 'side', { r: v.round })}</h2><table id="side"><tr><th></th>${last.map((_, g) => `<th style="color:${GROUP_COLOURS[g % GROUP_COLOURS.length]}">${t(lang, 'group')} ${g + 1}</th>`).join('')}</tr>
  ${KPIS.map((k) => `<tr><td>${esc(KPI_LABELS[k][lang])}</td>${last.map((r) => `<td>${fmtKpiText(k, r?.kpis[k])}</td>`).join('')}</tr>`).join('')}</table>
  <p class="muted">${t(lang, 'sameSeed')} (seed ${v.seed})</p>`;
}

function debrief(v: FacilitatorView): string {
  const groupLabel = (g: number) => `${t(lang, 'group')} ${g + 1}`;
  const charts = CHART_SERIES.map((s) => seriesChart(v.outcomes, s, { title: KPI_LABELS[s][lang], groupLabel, width: 900, height: 230 })).join('');
  const rounds = Array.from({ length: v.round }, (_, r) => `<h3>R${r + 1}</h3><table><tr><th></th>${v.outcomes.map((_, g) => `<th>${groupLabel(g)}</th>`).join('')}</tr>
    <tr><td>${lang === 'zh' ? '决策' : 'Decisions'}</td>${v.outcomes.map((g) => `<td style="text-align:left">${[...g[r].events.map((e) => `<b>${esc(EVENT_NAMES[e][lang])}</b>`), ...g[r].changes.map((c) => `${esc(ROLE_NAMES[c.role]?.[lang] ?? c.role)}: ${esc(c.lever)} ${esc(String(c.from))}→<b>${esc(String(c.to))}</b>`)].join('<br>') || '–'}</td>`).join('')}</tr>
    ${KPIS.map((k) => `<tr><td>${esc(KPI_LABELS[k][lang])}</td>${v.outcomes.map((g) => `<td>${fmtKpiText(k, g[r].kpis[k])}</td>`).join('')}</tr>`).join('')}</table>`).join('');
  return `<div class="card charts" id="debrief"><h2>${t(lang, 'debrief')}</h2><p class="muted">${lang === 'zh' ? '圆点中的数字是该组该轮的决策数（悬停查看）。' : 'Numbers in dots are the decisions a group made that round (hover for details).'}</p>${charts}${rounds}</div>`;
}

function render(): void {
  if (!view) {
    app.innerHTML = `<main><p>${t(lang, link === 'offline' ? 'offline' : 'connecting')}</p></main>`;
    return;
  }
  const v = view;
  const joinUrl = info?.joinUrl || `${location.origin}/workshop/join.html?code=${v.code}`;
  const can = { start: v.status === 'lobby' || v.status === 'review', close: v.status === 'open' || v.status === 'paused', pause: v.status === 'open', resume: v.status === 'paused', inject: v.status !== 'finished' };
  app.innerHTML = `<header><h1>${esc(v.title)}</h1>
  <span>${t(lang, 'round')} <b id="round">${Math.min(v.round + (v.status === 'open' || v.status === 'paused' ? 1 : 0), v.rounds)}</b> ${t(lang, 'of')} ${v.rounds} · <span class="status" id="phase">${t(lang, v.status)}</span></span>
  <span class="countdown" id="countdown">${clock(v.remainingMs)}</span>
  <span><button data-tab="dashboard" ${tab === 'dashboard' ? 'disabled' : ''}>${t(lang, 'dashboard')}</button> <button data-tab="debrief" ${tab === 'debrief' ? 'disabled' : ''}>${t(lang, 'debrief')}</button></span>${langSwitch()}</header>
  <main>${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
  <div class="card controls">
    <button class="primary" data-act="start" ${can.start ? '' : 'disabled'}>${t(lang, 'start')}</button>
    <button data-act="close" ${can.close ? '' : 'disabled'}>${t(lang, 'close')}</button>
    <button data-act="pause" ${can.pause ? '' : 'disabled'}>${t(lang, 'pause')}</button>
    <button data-act="resume" ${can.resume ? '' : 'disabled'}>${t(lang, 'resume')}</button>
    <span>${t(lang, 'inject')}: ${EVENT_KINDS.map((e) => `<button data-event="${e}" ${can.inject && !v.pendingEvents.includes(e) ? '' : 'disabled'}>${esc(EVENT_NAMES[e][lang])}</button>`).join(' ')}</span>
    <button data-act="export">${t(lang, 'export')}</button>
    <button data-act="handout">${t(lang, 'handout')}</button>
    ${v.pendingEvents.length ? `<span id="pending">${t(lang, 'events')}: <b>${v.pendingEvents.map((e) => esc(EVENT_NAMES[e][lang])).join(', ')}</b></span>` : ''}
  </div>
  ${tab === 'debrief' ? debrief(v) : `<div class="grid2">
    <div class="card"><div class="muted">${t(lang, 'scan')}</div><img class="qr" alt="QR" src="/workshop/api/sessions/${v.code}/qr.svg"><div class="joincode" id="code">${v.code}</div><div class="muted" style="word-break:break-all" id="joinUrl">${esc(joinUrl)}</div>${info?.reachableFromLan === false ? `<div class="error" id="loopbackOnly">${t(lang, 'loopbackOnly')}</div>` : ''}
      <p>${t(lang, 'joined')}: <b id="joined">${v.seats.length}</b> · ${t(lang, 'decided')}: <b id="decidedCount">${v.seats.filter((s) => s.decided).length}</b></p></div>
    <div><div class="card">${seatsPanel(v)}</div><div class="card">${sideBySide(v)}</div></div></div>`}
  </main>`;
  bindCommon();
  app.querySelectorAll<HTMLButtonElement>('[data-tab]').forEach((b) => b.addEventListener('click', () => { tab = b.dataset.tab === 'debrief' ? 'debrief' : 'dashboard'; render(); }));
  app.querySelectorAll<HTMLButtonElement>('[data-event]').forEach((b) => b.addEventListener('click', () => conn?.send({ type: 'inject', event: b.dataset.event as EventKind })));
  app.querySelectorAll<HTMLButtonElement>('[data-act]').forEach((b) => b.addEventListener('click', () => void act(b.dataset.act!)));
}

async function download(path: string, name: string, type: string): Promise<void> {
  const res = await fetch(path, { headers: { 'x-workshop-token': adminToken! } });
  const blob = new Blob([await res.text()], { type });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}

async function act(a: string): Promise<void> {
  if (a === 'start' || a === 'close' || a === 'pause' || a === 'resume') conn?.send({ type: a });
  else if (a === 'export') await download('/workshop/api/export', `workshop-${view!.code}.json`, 'application/json');
  else if (a === 'handout') await download(`/workshop/api/handout?lang=${lang}`, `workshop-${view!.code}-${lang}.html`, 'text/html');
}

function onMessage(m: ServerMessage): void {
  if (m.type === 'state' && m.view.kind === 'facilitator') {
    if (!info) {
      info = { joinUrl: '' };
      void fetch(`/workshop/api/sessions/${m.view.code}`).then(async (r) => { info = (await r.json()) as { joinUrl: string; reachableFromLan: boolean }; render(); }).catch(() => { info = null; });
    }
    view = m.view;
    deadline = view.remainingMs !== null && view.status === 'open' ? performance.now() + view.remainingMs : null;
    error = '';
    window.workshop.view = view;
    render();
  } else if (m.type === 'error') {
    error = m.message;
    window.workshop.errors.push(`${m.code}: ${m.message}`);
    if (m.code === 'bad_token') link = 'offline';
    render();
  }
}

setInterval(() => {
  const el = document.getElementById('countdown');
  if (el && deadline !== null) el.textContent = clock(Math.max(0, deadline - performance.now()));
}, 250);

if (!adminToken) createForm();
else {
  if (hash.get('code') && !localStorage.getItem(`govsim.workshop.admin.${hash.get('code')}`)) localStorage.setItem(`govsim.workshop.admin.${hash.get('code')}`, adminToken);
  render();
  conn = new Connection(adminToken, onMessage, (s, mode) => { link = s; window.workshop.link = s; window.workshop.mode = mode; if (s === 'offline') render(); });
}
