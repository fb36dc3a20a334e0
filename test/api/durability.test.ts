// The store and the queue across interruptions, in-process: a job picked up by a new server
// keeps its finished runs and ends with the digest of an uninterrupted run; a graceful stop
// lets runs in flight finish or leaves the job queued; the store's key index and lock.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { createInProcessExecutor, type Executor } from '../../api/store/executor.ts';
import { StoreLockedError, lockText, openStore } from '../../api/store/store.ts';
import { finished, gateExecutor, get, post, smallRun, tempDir, testApp } from './helpers.ts';

/** Runs replication 0 at once; later ones wait until aborted (a server about to die). */
function firstRunOnly(): Executor {
  const inner = createInProcessExecutor();
  return {
    name: 'first-only', slots: 1, close: () => inner.close(),
    run: (job, opts) => (job.seed === 1 ? inner.run(job, opts)
      : new Promise((_, reject) => opts.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }))),
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

describe('a job interrupted mid-way', () => {
  test('is resumed by the next server: finished runs kept, the rest run, same digest as uninterrupted', async () => {
    const dataDir = tempDir();
    const first = await testApp({ dataDir, executor: firstRunOnly(), shutdownGraceMs: 10 });
    const request = smallRun({ days: 12, seed: 1, replications: 3 });
    const { id } = (await post(first, '/v1/runs', request)).json();
    await until(async () => (await get(first, `/v1/runs/${id}`)).json().progress.runsDone === 1);

    // A second server on the same directory, as after a crash: the job is still marked running.
    const second = await testApp({ dataDir });
    const status = await finished(second, `/v1/runs/${id}`);
    expect(status).toMatchObject({ status: 'done', attempts: 2, progress: { runsDone: 3, runsTotal: 3 } });
    const result = (await get(second, `/v1/runs/${id}/result?series=false`)).json();
    expect(result.replications.map((r: any) => r.replication)).toEqual([0, 1, 2]);
    expect((await get(second, '/v1/runs')).json().total).toBe(1);

    const reference = await testApp();
    const ref = await finished(reference, (await post(reference, '/v1/runs', request)).headers.location as string);
    expect(status.digest).toBe(ref.digest);
    await Promise.all([first.close(), second.close(), reference.close()]);
  });
});

describe('a job planned by another engine version', () => {
  test('is failed on resume rather than mixing two engines\' results', async () => {
    const dataDir = tempDir();
    const first = await testApp({ dataDir, executor: firstRunOnly(), shutdownGraceMs: 10 });
    const { id } = (await post(first, '/v1/runs', smallRun({ days: 12, seed: 1, replications: 3 }))).json();
    await until(async () => (await get(first, `/v1/runs/${id}`)).json().progress.runsDone === 1);
    await first.close();
    const db = new Database(join(dataDir, 'govsim.sqlite'));
    const spec = JSON.parse(db.prepare('SELECT spec FROM manifests WHERE id = ?').pluck().get(id) as string);
    // Stored compactly: the plan is regenerated from the request and must give the stored hash.
    expect(spec.compact).toBe(1);
    expect(spec.plan).toBeUndefined();
    spec.engineVersion = '0.0.0-older';
    spec.planHash = 'planned-by-an-older-engine';
    db.prepare('UPDATE manifests SET spec = ? WHERE id = ?').run(JSON.stringify(spec), id);
    db.close();
    const second = await testApp({ dataDir });
    const status = await finished(second, `/v1/runs/${id}`);
    expect(status.status).toBe('failed');
    expect(JSON.stringify(status)).toMatch(/planned for engine 0\.0\.0-older/);
    await second.close();
  });
});

describe('a run saved twice', () => {
  test('is kept once when it is the same run, and refused loudly when its digest differs', async () => {
    const dataDir = tempDir();
    const app = await testApp({ dataDir });
    const { id } = (await post(app, '/v1/runs', smallRun({ days: 5, seed: 2 }))).json();
    await finished(app, `/v1/runs/${id}`);
    await app.close();
    const store = openStore(dataDir);
    try {
      const [row] = store.results(id, { series: true });
      const { task, ...again } = row;
      expect(() => store.saveTask(id, task, [again])).not.toThrow();
      expect(store.results(id)).toHaveLength(1);
      expect(() => store.saveTask(id, task, [{ ...again, digest: 'f'.repeat(64) }])).toThrow(/not deterministic/);
      expect(store.results(id)[0].digest).toBe(row.digest);
    } finally {
      store.close();
    }
  });
});

describe('graceful stop', () => {
  test('runs that do not finish within the grace period are aborted and the job stays queued for the next start', async () => {
    const dataDir = tempDir();
    const gate = gateExecutor();
    const app = await testApp({ dataDir, executor: gate, shutdownGraceMs: 20 });
    const { id } = (await post(app, '/v1/runs', smallRun({ seed: 3 }))).json();
    await until(() => gate.started > 0);
    await app.close();
    const store = openStore(dataDir);
    expect(store.getJob(id)!.state).toBe('queued');
    store.close();

    const again = await testApp({ dataDir });
    expect((await finished(again, `/v1/runs/${id}`)).status).toBe('done');
    await again.close();
  });

  test('runs in flight may finish within the grace period', async () => {
    const dataDir = tempDir();
    const app = await testApp({ dataDir, executor: createInProcessExecutor(), shutdownGraceMs: 60_000 });
    const { id } = (await post(app, '/v1/runs', smallRun({ seed: 4, days: 30 }))).json();
    await until(() => app.queue.stats().inflight > 0);
    await app.close();
    const store = openStore(dataDir);
    expect(store.getJob(id)!.state).toBe('done');
    store.close();
  });
});

describe('the store', () => {
  test('holds at most one live job per content key and tenant', () => {
    const store = openStore(tempDir());
    const job = (id: string) => ({
      id, kind: 'run' as const, key: 'k', client: 'c', label: null, body: '{}', engineVersion: 'v', scenarioId: 's', scenarioHash: 'h',
      scenarios: 1, seed: 1, days: 1, replications: 1, runsTotal: 1, spec: '{}',
    });
    store.insertJob(job('a'));
    expect(() => store.insertJob(job('b'))).toThrow(/UNIQUE/);
    store.cancel('a');
    store.insertJob(job('b'));
    expect(store.liveByKey('c', 'k')!.id).toBe('b');
    // Another tenant's job with the same key is its own job.
    store.insertJob({ ...job('x'), client: 'other' });
    expect(store.liveByKey('other', 'k')!.id).toBe('x');
    store.close();
  });

  test('a data directory held by a live server is refused; a stale lock is taken over', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.pid'), lockText(process.ppid));
    expect(() => openStore(dir, { lock: true })).toThrow(StoreLockedError);
    // An old-style lock naming only a live pid still counts as held.
    writeFileSync(join(dir, 'server.pid'), `${process.ppid}\n`);
    expect(() => openStore(dir, { lock: true })).toThrow(StoreLockedError);
    writeFileSync(join(dir, 'server.pid'), '2147483646\n');
    const store = openStore(dir, { lock: true });
    store.close();
  });

  test('finding 6: a stale lock whose pid now belongs to another live process is taken over (failed before: restart refused)', () => {
    const dir = tempDir();
    // The parent process is alive, but it did not start at the time the lock says: pid reuse.
    writeFileSync(join(dir, 'server.pid'), `${process.ppid} 1\n`);
    const store = openStore(dir, { lock: true });
    expect(readFileSync(join(dir, 'server.pid'), 'utf8')).toBe(lockText(process.pid));
    store.close();
    expect(existsSync(join(dir, 'server.pid'))).toBe(false);
  });
});
