// The run controls' state: which buttons work now, the status line (ready, running, finished,
// an error, or patches in conflict), the date and day, the digest once a run is finished, and
// the replications' progress.
import { activeFork, app } from './app.ts';
import { dateAt, fmtDate, t } from './i18n.ts';

/** Write a text, an attribute or a property only when it changes (this runs for every chunk of days played). */
function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
function setAttr(e: Element, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}
function setProp<E extends object, K extends keyof E>(e: E, key: K, value: E[K]): void {
  if (e[key] !== value) e[key] = value;
}

export function updateStatus(): void {
  const { session, ui } = app;
  const r = session?.main;
  const status = document.getElementById('status');
  if (!status) return;
  const playBtn = document.getElementById('play')!;
  const playLabel = session.playing ? t('pause') : t('play');
  setAttr(playBtn, 'aria-label', playLabel);
  setProp(playBtn, 'title', playLabel);
  setText(playBtn.querySelector('.icon')!, session.playing ? '❚❚' : '▶');
  setText(playBtn.querySelector('.btn-text')!, playLabel);
  setAttr(playBtn, 'aria-pressed', String(session.playing));
  const busy = session.preparing || !r;
  const pending = (!!ui.pendingChange || !!ui.editing) && ui.conflicts.length === 0;
  for (const id of ['play', 'step-day', 'step-month', 'to-end']) {
    setProp(document.getElementById(id) as HTMLButtonElement, 'disabled', (busy || !!r?.done) && !pending && !(id === 'play' && session.playing));
  }
  setProp(document.getElementById('restart') as HTMLButtonElement, 'disabled', ui.conflicts.length > 0);
  const blocked = ui.conflicts.length > 0;
  setText(status, ui.error ? `${t('error')}: ${ui.error}`
    : blocked ? t('blocked')
      : session.preparing ? t('preparing') : !r ? t('loading') : session.playing ? t('running') : r.done ? t('finished') : r.day > 0 ? t('paused') : t('ready'));
  status.classList.toggle('error', !!ui.error || blocked);
  const digest = document.getElementById('digest')!;
  const d = r?.done ? r.manifest?.digest : undefined;
  setText(digest, d ? `${t('digest')} ${d.slice(0, 16)}…` : '');
  setProp(digest, 'title', d ?? '');
  setAttr(digest, 'data-digest', d ?? '');
  setAttr(digest, 'data-base-digest', session.base?.done ? session.base.manifest?.digest ?? '' : '');
  const p = document.getElementById('progress') as HTMLProgressElement;
  if (r) {
    const date = dateAt(r.layout.startDate, Math.max(0, r.day - 1));
    setText(document.getElementById('date-label')!, r.day > 0 ? fmtDate(date) : fmtDate(dateAt(r.layout.startDate, 0)));
    setText(document.getElementById('day-label')!, t('dayOf', { n: r.day, m: r.horizon }));
    setProp(p, 'value', r.day / r.horizon);
  } else {
    setText(document.getElementById('date-label')!, '');
    setText(document.getElementById('day-label')!, '');
    setProp(p, 'value', 0);
  }
  const reps = document.getElementById('reps-status')!;
  const clear = document.getElementById('clear-reps') as HTMLButtonElement;
  const repBtn = document.getElementById('run-reps') as HTMLButtonElement;
  setProp(repBtn, 'disabled', !r || session.preparing || !!session.repProgress);
  setText(reps, session.repProgress ? t('replicationsRunning', { done: session.repProgress.done, n: session.repProgress.n })
    : session.reps ? t('replicationsDone', { n: session.reps.n }) : '');
  setProp(clear, 'hidden', !session.reps);
  // A fork: offered on a paused run inside its horizon; once set, it can be removed.
  const fork = activeFork();
  const forkHere = document.getElementById('fork-here') as HTMLButtonElement | null;
  const forkClear = document.getElementById('fork-clear') as HTMLButtonElement | null;
  const forkNote = document.getElementById('fork-note');
  if (forkHere) {
    setProp(forkHere, 'hidden', !!fork);
    setProp(forkHere, 'disabled', !r || busy || session.playing || r.done || r.day < 1 || r.day >= r.horizon || blocked);
  }
  if (forkClear) setProp(forkClear, 'hidden', !fork);
  if (forkNote) setText(forkNote, fork ? t('forkAt', { n: fork.day }) : '');
}
