// The participant's phone page (/workshop/join.html?code=CODE): join with a name, then see the
// role's levers only, the group's outcomes and the countdown; submit before time runs out.
// The seat token goes into the link's fragment (#seat=…, never sent to the server) and local
// storage, so a reload keeps the seat.
import type { Lang, LeverView, ParticipantView, ServerMessage } from '../../api/workshop/messages.ts';
import { KPI_LABELS, KPIS } from '../../api/workshop/messages.ts';
import { seriesChart } from '../../api/workshop/charts.ts';
import { fmtKpiText } from './format.ts';
import { Connection, type LinkState } from './client.ts';
import { clock, esc, t } from './i18n.ts';

const app = document.getElementById('app')!;
const params = new URLSearchParams(location.search);
const code = (params.get('code') ?? '').toUpperCase();
let lang: Lang = (params.get('lang') === 'en' ? 'en' : localStorage.getItem('govsim.workshop.lang') === 'en' ? 'en' : 'zh');
let view: ParticipantView | null = null;
let draft: Record<string, number | boolean | string> = {};
let error = '';
let link: LinkState = 'connecting';
let deadline: number | null = null;
let conn: Connection | null = null;
window.workshop = { view: null, errors: [], link, mode: '' };

const hash = new URLSearchParams(location.hash.slice(1));
function seatToken(): string | null {
  // (an old link with ?seat= in the query still works; the token moves to the fragment below)
  return hash.get('seat') ?? params.get('seat') ?? (code ? localStorage.getItem(`govsim.workshop.seat.${code}`) : null);
}
/** This page's link with the seat token in the fragment. */
function seatLink(c: string, tok: string): string {
  const q = new URLSearchParams(location.search);
  q.delete('seat');
  q.set('code', c);
  return `?${q.toString()}#seat=${encodeURIComponent(tok)}`;
}

function langSwitch(): string {
  return `<span class="lang"><button data-lang="zh" ${lang === 'zh' ? 'disabled' : ''}>中文</button> <button data-lang="en" ${lang === 'en' ? 'disabled' : ''}>EN</button></span>`;
}

function bindLang(): void {
  app.querySelectorAll<HTMLButtonElement>('[data-lang]').forEach((b) => b.addEventListener('click', () => {
    lang = b.dataset.lang === 'en' ? 'en' : 'zh';
    localStorage.setItem('govsim.workshop.lang', lang);
    conn?.send({ type: 'lang', lang });
    render();
  }));
}

function joinForm(): void {
  app.innerHTML = `<header><h1>${t(lang, 'join')}</h1>${langSwitch()}</header><main>
  <form class="card" id="join">
    <label>${t(lang, 'code')} <input name="code" required maxlength="6" autocomplete="off" value="${esc(code)}" style="text-transform:uppercase"></label>
    <label>${t(lang, 'name')} <input name="name" required maxlength="40" autocomplete="nickname"></label>
    ${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
    <button class="primary" type="submit">${t(lang, 'joinButton')}</button>
  </form></main>`;
  bindLang();
  app.querySelector<HTMLFormElement>('#join')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const c = String(f.get('code') ?? '').trim().toUpperCase();
    const res = await fetch(`/workshop/api/sessions/${encodeURIComponent(c)}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: String(f.get('name') ?? ''), lang }) });
    const body = (await res.json()) as { token?: string; error?: { message: string } };
    if (!res.ok || !body.token) {
      error = body.error?.message ?? `HTTP ${res.status}`;
      joinForm();
      return;
    }
    localStorage.setItem(`govsim.workshop.seat.${c}`, body.token);
    history.replaceState(null, '', seatLink(c, body.token));
    location.reload();
  });
}

function leverInput(l: LeverView): string {
  const v = l.id in draft ? draft[l.id] : l.value;
  const head = `<div><b>${esc(l.label[lang])}</b> <span class="muted">${esc(l.unit[lang])}</span></div><div class="muted">${esc(l.meaning[lang])}</div>`;
  if (l.kind === 'boolean') return `<div class="lever">${head}<label class="row"><input type="checkbox" data-lever="${l.id}" ${v === true ? 'checked' : ''}> ${v === true ? '✓' : '✗'}</label></div>`;
  if (l.kind === 'choice') return `<div class="lever">${head}<select data-lever="${l.id}">${(l.choices ?? []).map((c) => `<option value="${esc(c.value)}" ${c.value === v ? 'selected' : ''}>${esc(c.label[lang])}</option>`).join('')}</select></div>`;
  return `<div class="lever">${head}<div class="row"><input type="range" data-lever="${l.id}" min="${l.min}" max="${l.max}" step="${l.step}" value="${String(v)}"><input type="number" data-lever="${l.id}" min="${l.min}" max="${l.max}" step="${l.step}" value="${String(v)}"></div><div class="muted">${l.min} – ${l.max}</div></div>`;
}

function render(): void {
  if (!view) {
    app.innerHTML = `<main><p>${t(lang, link === "offline" ? "offline" : "connecting")}</p>${link === 'offline' ? `<p><a href="?code=${esc(code)}">${t(lang, 'join')}</a></p>` : ''}</main>`;
    return;
  }
  const v = view;
  const open = v.status === 'open';
  const outs = v.outcomes;
  const last = outs[outs.length - 1];
  const prev = outs[outs.length - 2];
  const kpiRows = last ? KPIS.map((k) => `<tr><td>${esc(KPI_LABELS[k][lang])}</td><td>${prev ? fmtKpiText(k, prev.kpis[k]) : ''}</td><td><b>${fmtKpiText(k, last.kpis[k])}</b></td></tr>`).join('') : '';
  const leversForm = `  <form class="card" id="levers">${v.levers.map(leverInput).join('')}
  <p class="muted" id="decided">${v.decided ? t(lang, 'submitted') : t(lang, 'notSubmitted')}</p>
  <button class="primary" type="submit" id="submit" ${v.status === 'finished' ? 'disabled' : ''}>${t(lang, 'submit')}</button></form>`;
  const outcomesCard = `  <div class="card"><h2>${t(lang, 'outcomes')}</h2>${last ? `<table id="kpis"><tr><th></th><th>R${prev ? prev.round : ''}</th><th>R${last.round}</th></tr>${kpiRows}</table>
  <div class="charts">${seriesChart([outs], 'cases.open', { title: KPI_LABELS['cases.open'][lang], width: 360, height: 160, groupLabel: () => `${t(lang, 'group')} ${v.seat.group}` })}</div>` : `<p class="muted">${t(lang, 'noOutcomes')}</p>`}</div>`;
  app.innerHTML = `<header><h1>${esc(v.title)}</h1>${langSwitch()}</header><main>
  <div class="card" id="status"><div>${t(lang, 'group')} <b id="group">${v.seat.group}</b> · ${t(lang, 'yourRole')}: <b id="role">${esc(v.role.label[lang])}</b> · ${esc(v.seat.name)}</div>
  <div>${t(lang, 'round')} <b>${Math.min(v.round + 1, v.rounds)}</b> ${t(lang, 'of')} ${v.rounds} · <span class="status" id="phase">${t(lang, v.status)}</span>
  ${v.remainingMs !== null ? ` · <span class="countdown" id="countdown">${clock(v.remainingMs)}</span> ${t(lang, 'left')}` : ''}</div>
  <p class="muted">${esc(v.role.brief[lang])}</p>${link !== 'online' ? `<p class="muted">${t(lang, 'connecting')}</p>` : ''}</div>
  ${error ? `<div class="error" role="alert" id="error">${esc(error)}</div>` : ''}
  ${v.status === 'review' || v.status === 'finished' ? outcomesCard + leversForm : leversForm + outcomesCard}
  </main>`;
  bindLang();
  const form = app.querySelector<HTMLFormElement>('#levers')!;
  form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-lever]').forEach((el) => el.addEventListener('change', () => {
    const id = el.dataset.lever!;
    const l = v.levers.find((x) => x.id === id)!;
    draft[id] = l.kind === 'boolean' ? (el as HTMLInputElement).checked : l.kind === 'choice' ? el.value : Number(el.value);
    conn?.send({ type: 'decide', levers: { [id]: draft[id] }, final: false });
    render();
  }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const all: Record<string, number | boolean | string> = {};
    for (const l of v.levers) all[l.id] = l.id in draft ? draft[l.id] : l.value;
    conn?.send({ type: 'decide', levers: all, final: true });
  });
  void open;
}

function onMessage(m: ServerMessage): void {
  if (m.type === 'state' && m.view.kind === 'participant') {
    const roundChanged = view && view.round !== m.view.round;
    view = m.view;
    if (roundChanged) draft = {};
    // the server's values are the truth: drop drafts it has taken
    for (const l of view.levers) if (draft[l.id] === l.value) delete draft[l.id];
    if (view.seat.lang !== lang && !localStorage.getItem('govsim.workshop.lang')) lang = view.seat.lang;
    deadline = view.remainingMs !== null && view.status === 'open' ? performance.now() + view.remainingMs : null;
    error = '';
    window.workshop.view = view;
    render();
  } else if (m.type === 'error') {
    error = m.message;
    window.workshop.errors.push(`${m.code}: ${m.message}`);
    if (m.code === 'bad_token') {
      link = 'offline';
      view = null;
    }
    render();
  }
}

setInterval(() => {
  const el = document.getElementById('countdown');
  if (el && deadline !== null) el.textContent = clock(Math.max(0, deadline - performance.now()));
}, 250);

const token = seatToken();
if (!token) joinForm();
else {
  if (hash.get('seat') !== token || params.has('seat')) history.replaceState(null, '', seatLink(code, token));
  render();
  conn = new Connection(token, onMessage, (s, mode) => {
    link = s;
    window.workshop.link = s;
    window.workshop.mode = mode;
    if (s === 'offline') {
      view = null;
      render();
    }
  });
}
