// `npm run bench:workshop`: a workshop under load on loopback. A server in a child process
// (test/workshop/server-child.ts), 60 simulated participants in 6 groups (all four roles) and a
// facilitator, each on its own WebSocket, play 8 rounds of a quarter on the training district.
// Each round: start, every participant submits, close; we time from the close message to the
// moment each screen has the new round (and to the last screen: "all screens updated").
// Reports p50/p95/max latency, the server's RSS (now and peak) and dropped messages (screens
// that never got a round, unexpected closes, error replies): must be 0 (exit 1 otherwise).
// The server runs the compiled build (dist/, built here when stale), as `govsim serve` does;
// GOVSIM_WORKSHOP_THREADS sets its simulation threads (0: every group on the event loop, as
// before the threads). Round 1 starts once the server says the groups are prepared (as a
// facilitator would start after people have joined); that wait is reported.
// Bounded: every wait times out (GOVSIM_BENCH_TIMEOUT_MS, default 60 s); options:
//   --participants N (60) --groups G (6) --rounds R (8) --round-days D (91)
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { FacilitatorView, ServerMessage } from '../api/workshop/messages.ts';
import { freePort, startChild } from '../test/workshop/child.ts';
import { build } from '../scripts/build.mjs';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(process.argv[i + 1])}`);
  return n;
}
const N = arg('participants', 60);
const G = arg('groups', 6);
const R = arg('rounds', 8);
const DAYS = arg('round-days', 91);
const TIMEOUT = Number(process.env.GOVSIM_BENCH_TIMEOUT_MS ?? 60_000);

interface Screen {
  name: string;
  ws: WebSocket;
  latest: ServerMessage | null;
  /** When each round's state first arrived (performance.now()). */
  roundAt: Map<number, number>;
  errors: string[];
  closedEarly: boolean;
}

function rssOf(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function until(pred: () => boolean, what: string, poll?: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (poll) await poll().catch(() => undefined);
      if (pred()) return resolve();
      if (Date.now() - t0 > TIMEOUT) return reject(new Error(`timed out after ${TIMEOUT} ms waiting for ${what}`));
      setTimeout(() => void tick(), poll ? 50 : 2);
    };
    void tick();
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govsim-bench-ws-'));
  build({ quiet: true });
  process.env.GOVSIM_CHILD_DIST = '1';
  const server = await startChild(await freePort(), dataDir);
  const pid = server.proc.pid!;
  const screens: Screen[] = [];
  try {
    const base = server.base;
    const res = await fetch(`${base}/workshop/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'bench', preset: 'training', groups: G, rounds: R, roundDays: DAYS, seed: 1, timerSeconds: 3600, seatsMax: Math.max(N, 1) }) });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
    const { code, adminToken } = (await res.json()) as { code: string; adminToken: string };
    const tokens: { token: string; role: string }[] = [];
    for (let i = 0; i < N; i++) {
      const j = await fetch(`${base}/workshop/api/sessions/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `P${i + 1}` }) });
      if (j.status !== 201) throw new Error(`join ${i}: ${j.status} ${await j.text()}`);
      const b = (await j.json()) as { token: string; seat: { role: string } };
      tokens.push({ token: b.token, role: b.seat.role });
    }
    const open = (name: string, token: string): Promise<Screen> => new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/workshop/api/ws`);
      const s: Screen = { name, ws, latest: null, roundAt: new Map(), errors: [], closedEarly: false };
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as ServerMessage;
        if (m.type === 'state') {
          s.latest = m;
          if (!s.roundAt.has(m.view.round)) s.roundAt.set(m.view.round, performance.now());
        } else if (m.type === 'error') s.errors.push(`${m.code}: ${m.message}`);
      });
      ws.on('close', () => { s.closedEarly = true; });
      ws.once('open', () => { ws.send(JSON.stringify({ type: 'auth', token })); resolve(s); });
      ws.once('error', reject);
    });
    const fac = await open('facilitator', adminToken);
    screens.push(fac);
    for (let i = 0; i < N; i++) screens.push(await open(`P${i + 1}`, tokens[i].token));
    const fview = () => (fac.latest?.type === 'state' ? fac.latest.view as FacilitatorView : null);
    await until(() => fview()?.seats.filter((s) => s.connected).length === N, 'every participant connected');
    const tr = performance.now();
    let ready = false;
    await until(() => ready, 'the groups prepared', async () => {
      const info = (await (await fetch(`${base}/workshop/api/sessions/${code}`)).json()) as { ready?: boolean };
      ready = info.ready === true;
    });
    const rss0 = rssOf(pid);
    console.log(`${N} participants in ${G} groups connected; groups prepared ${(performance.now() - tr).toFixed(0)} ms later; server RSS ${rss0.rss.toFixed(0)} MB; simulation threads: ${process.env.GOVSIM_WORKSHOP_THREADS ?? 'default'}`);

    const perRoundAll: number[] = [];
    const perScreen: number[] = [];
    const closeMs: number[] = [];
    for (let r = 1; r <= R; r++) {
      fac.ws.send(JSON.stringify({ type: 'start' }));
      await until(() => screens.every((s) => s.latest?.type === 'state' && s.latest.view.status === 'open' && s.latest.view.round === r - 1), `round ${r} open on every screen`);
      // every participant submits one of its role's levers (a value that depends on round and seat)
      screens.slice(1).forEach((s, i) => {
        const role = tokens[i].role;
        const levers: Record<string, number | boolean> = role === 'district' ? { 'money.budgetPerCapitaYuan': 150 + 10 * ((i + r) % 20) }
          : role === 'street' ? { 'staffing.streetStaff': 15 + ((i * 7 + r) % 30) }
            : role === 'department' ? { 'whistle.departmentPriority': (i + r) % 2 === 0 }
              : { 'grid.discretion': 0.05 * ((i + r) % 20) };
        s.ws.send(JSON.stringify({ type: 'decide', levers, final: true }));
      });
      await until(() => fview()?.seats.filter((s) => s.decided).length === N, `all ${N} decisions of round ${r}`);
      const t0 = performance.now();
      fac.ws.send(JSON.stringify({ type: 'close' }));
      await until(() => screens.every((s) => s.roundAt.has(r)), `round ${r} on every screen`);
      const lat = screens.map((s) => s.roundAt.get(r)! - t0);
      perScreen.push(...lat);
      perRoundAll.push(Math.max(...lat));
      closeMs.push(Math.min(...lat));
      console.log(`round ${r}: first screen ${Math.min(...lat).toFixed(0)} ms, all ${screens.length} screens ${Math.max(...lat).toFixed(0)} ms`);
    }
    const rss1 = rssOf(pid);
    const errors = screens.flatMap((s) => s.errors.map((e) => `${s.name}: ${e}`));
    const missing = screens.reduce((n, s) => n + Array.from({ length: R }, (_, i) => i + 1).filter((r) => !s.roundAt.has(r)).length, 0);
    const closedEarly = screens.filter((s) => s.closedEarly).length;
    const dropped = missing + errors.length + closedEarly;
    const finished = fview()?.status === 'finished';
    console.log('');
    console.log(`workshop bench: ${N} participants, ${G} groups, ${R} rounds of ${DAYS} days (training district), WebSocket, loopback`);
    console.log(`round close → all screens updated: p50 ${quantile(perRoundAll, 0.5).toFixed(0)} ms, p95 ${quantile(perRoundAll, 0.95).toFixed(0)} ms, max ${Math.max(...perRoundAll).toFixed(0)} ms (goal p95 ≤ 1000 ms)`);
    console.log(`round close → each screen: p50 ${quantile(perScreen, 0.5).toFixed(0)} ms, p95 ${quantile(perScreen, 0.95).toFixed(0)} ms over ${perScreen.length} screen-rounds`);
    console.log(`server RSS: ${rss0.rss.toFixed(0)} MB connected, ${rss1.rss.toFixed(0)} MB after ${R} rounds, peak ${rss1.hwm.toFixed(0)} MB`);
    console.log(`dropped messages: ${dropped} (missing round updates ${missing}, error replies ${errors.length}, early closes ${closedEarly}); session ${finished ? 'finished' : 'NOT finished'}`);
    for (const e of errors.slice(0, 5)) console.log(`  ${e}`);
    return dropped === 0 && finished ? 0 : 1;
  } finally {
    for (const s of screens) {
      s.ws.removeAllListeners('close');
      s.ws.close();
    }
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(`bench:workshop failed: ${(e as Error).message}`); process.exitCode = 1; });
