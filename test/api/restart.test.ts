// The server as a child process (node bin/run-ts.mjs api/server.ts, worker pool of one thread):
// runs submitted, the server killed with SIGKILL mid-run, started again on the same data
// directory: every run completes, none is lost or duplicated, and the digests equal those of
// an uninterrupted run. Then a graceful stop (SIGTERM) mid-run: the process exits 0, the job
// is left queued, and the next start finishes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';
import { openStore } from '../../api/store/store.ts';
import { ROOT, finished, post, tempDir, testApp } from './helpers.ts';

interface Child {
  proc: ChildProcess;
  url: string;
  log: string[];
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function startServer(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, ['bin/run-ts.mjs', 'api/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', GOVSIM_DATA_DIR: dataDir, GOVSIM_WORKERS: '1', LOG_LEVEL: 'info', GOVSIM_API_KEYS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  const log: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      log.push(line);
      try {
        const rec = JSON.parse(line);
        if (typeof rec.msg === 'string' && rec.msg.startsWith('govsim API listening')) resolve(rec.url);
      } catch { /* not JSON */ }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  return { proc, url, log };
}

async function api(c: Child, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${c.url}${path}`, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = { status: res.status, cache: res.headers.get('x-govsim-cache'), body: await res.json() };
  if (res.status >= 400 && !(method === 'GET' && res.status === 409)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(out.body)}`);
  return out;
}

async function poll(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

const RUNS = [1, 10, 20, 30].map((seed) => ({ preset: 'training', days: 250, replications: 3, seed }));
const COMPARE = { baseline: { preset: 'training' }, reforms: [{ preset: 'training', set: { 'grid.discretion': 0.3 } }], days: 120, replications: 2 };

/** Digests of the same requests run without interruption, in-process. */
async function referenceDigests(requests: [string, unknown][]): Promise<string[]> {
  const app = await testApp();
  try {
    const out: string[] = [];
    for (const [url, body] of requests) out.push((await finished(app, (await post(app, url, body)).headers.location as string)).digest);
    return out;
  } finally {
    await app.close();
  }
}

describe('restart', () => {
  test('SIGKILL mid-run, restart: every run completes once, with the digests of an uninterrupted run', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const a = await startServer(dataDir);
    const ids: string[] = [];
    for (const body of RUNS) ids.push((await api(a, 'POST', '/v1/runs', body)).body.id);
    ids.push((await api(a, 'POST', '/v1/experiments/compare', COMPARE)).body.id);
    const paths = ids.map((id, i) => (i < RUNS.length ? `/v1/runs/${id}` : `/v1/experiments/${id}`));
    const total = 4 * 3 + 2 * 2;

    // Kill it once some runs are saved and others are not.
    await poll(async () => {
      let done = 0;
      for (const p of paths) done += (await api(a, 'GET', p)).body.progress.runsDone;
      return done >= 2 && done < total - 2;
    });
    a.proc.kill('SIGKILL');
    await once(a.proc, 'exit');

    const b = await startServer(dataDir);
    await poll(async () => {
      for (const p of paths) if ((await api(b, 'GET', p)).body.status !== 'done') return false;
      return true;
    });
    const statuses = await Promise.all(paths.map(async (p) => (await api(b, 'GET', p)).body));
    expect(statuses.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(Math.max(...statuses.map((s) => s.attempts))).toBe(2);
    expect(b.log.some((l) => l.includes('queued again'))).toBe(true);

    // Nothing lost or duplicated.
    expect((await api(b, 'GET', '/v1/runs')).body.total).toBe(4);
    expect((await api(b, 'GET', '/v1/experiments')).body.total).toBe(1);
    for (const id of ids.slice(0, 4)) {
      const r = (await api(b, 'GET', `/v1/runs/${id}/result?series=false`)).body;
      expect(r.replications.map((x: any) => x.replication)).toEqual([0, 1, 2]);
    }
    const exp = (await api(b, 'GET', `/v1/experiments/${ids[4]}/result`)).body;
    expect(exp.runs.map((r: any) => `${r.scenario}@${r.replication}`)).toEqual(['training@0', 'training@1', 'training#2@0', 'training#2@1']);
    const store = openStore(dataDir);
    const rows = store.db.prepare('SELECT id, count(*) AS n FROM results GROUP BY id').all() as { id: string; n: number }[];
    store.close();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.n]))).toEqual(Object.fromEntries(ids.map((id, i) => [id, i < 4 ? 3 : 4])));

    // The digests an uninterrupted run gives.
    const reference = await referenceDigests([...RUNS.map((r) => ['/v1/runs', r] as [string, unknown]), ['/v1/experiments/compare', COMPARE]]);
    expect(statuses.map((s) => s.digest)).toEqual(reference);

    // The same request again is answered from the store.
    const again = await api(b, 'POST', '/v1/runs', RUNS[0]);
    expect(again.status).toBe(200);
    expect(again.cache).toBe('hit');
    expect(again.body.id).toBe(ids[0]);

    // Graceful stop mid-run: exit 0, the job left queued, finished by the next start.
    const next = { preset: 'training', days: 250, replications: 4, seed: 40 };
    const { id } = (await api(b, 'POST', '/v1/runs', next)).body;
    await poll(async () => (await api(b, 'GET', `/v1/runs/${id}`)).body.progress.runsDone >= 1);
    b.proc.kill('SIGTERM');
    const [code] = await once(b.proc, 'exit');
    expect(code).toBe(0);
    const mid = openStore(dataDir);
    const left = mid.getJob(id)!;
    mid.close();
    expect(left.state).toBe('queued');
    expect(left.runs_done).toBeGreaterThanOrEqual(1);
    expect(left.runs_done).toBeLessThan(4);

    const c = await startServer(dataDir);
    await poll(async () => (await api(c, 'GET', `/v1/runs/${id}`)).body.status === 'done');
    const final = (await api(c, 'GET', `/v1/runs/${id}`)).body;
    expect(final.digest).toBe((await referenceDigests([['/v1/runs', next]]))[0]);
    c.proc.kill('SIGTERM');
    expect((await once(c.proc, 'exit'))[0]).toBe(0);
  });
});
