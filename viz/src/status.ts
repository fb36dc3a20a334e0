// The run controls' state: which buttons work now, the status line (ready, running, finished,
// an error, or patches in conflict), the date and day, the digest once a run is finished, and
// the replications' progress.
import { activeFork, app } from './app.ts';
import { dateAt, fmtDate, t } from './i18n.ts';

export function updateStatus(): void {
  const { session, ui } = app;
  const r = session?.main;
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
  const pending = !!ui.pendingChange && ui.conflicts.length === 0;
  for (const id of ['play', 'step-day', 'step-month', 'to-end']) {
    (document.getElementById(id) as HTMLButtonElement).disabled = (busy || !!r?.done) && !pending;
  }
  if (session.playing) (document.getElementById('play') as HTMLButtonElement).disabled = false;
  (document.getElementById('restart') as HTMLButtonElement).disabled = ui.conflicts.length > 0;
  const blocked = ui.conflicts.length > 0;
  status.textContent = ui.error ? `${t('error')}: ${ui.error}`
    : blocked ? t('blocked')
      : session.preparing ? t('preparing') : !r ? t('loading') : session.playing ? t('running') : r.done ? t('finished') : r.day > 0 ? t('paused') : t('ready');
  status.classList.toggle('error', !!ui.error || blocked);
  const digest = document.getElementById('digest')!;
  const d = r?.done ? r.manifest?.digest : undefined;
  digest.textContent = d ? `${t('digest')} ${d.slice(0, 16)}…` : '';
  digest.title = d ?? '';
  digest.dataset.digest = d ?? '';
  digest.dataset.baseDigest = session.base?.done ? session.base.manifest?.digest ?? '' : '';
  const p = document.getElementById('progress') as HTMLProgressElement;
  if (r) {
    const date = dateAt(r.layout.startDate, Math.max(0, r.day - 1));
    document.getElementById('date-label')!.textContent = r.day > 0 ? fmtDate(date) : fmtDate(dateAt(r.layout.startDate, 0));
    document.getElementById('day-label')!.textContent = t('dayOf', { n: r.day, m: r.horizon });
    p.value = r.day / r.horizon;
  } else {
    document.getElementById('date-label')!.textContent = '';
    document.getElementById('day-label')!.textContent = '';
    p.value = 0;
  }
  const reps = document.getElementById('reps-status')!;
  const clear = document.getElementById('clear-reps') as HTMLButtonElement;
  const repBtn = document.getElementById('run-reps') as HTMLButtonElement;
  repBtn.disabled = !r || session.preparing || !!session.repProgress;
  if (session.repProgress) reps.textContent = t('replicationsRunning', { done: session.repProgress.done, n: session.repProgress.n });
  else if (session.reps) reps.textContent = t('replicationsDone', { n: session.reps.n });
  else reps.textContent = '';
  clear.hidden = !session.reps;
  // A fork: offered on a paused run inside its horizon; once set, it can be removed.
  const fork = activeFork();
  const forkHere = document.getElementById('fork-here') as HTMLButtonElement | null;
  const forkClear = document.getElementById('fork-clear') as HTMLButtonElement | null;
  const forkNote = document.getElementById('fork-note');
  if (forkHere) {
    forkHere.hidden = !!fork;
    forkHere.disabled = !r || busy || session.playing || r.done || r.day < 1 || r.day >= r.horizon || blocked;
  }
  if (forkClear) forkClear.hidden = !fork;
  if (forkNote) forkNote.textContent = fork ? t('forkAt', { n: fork.day }) : '';
}
