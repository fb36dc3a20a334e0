// createRedisPool(o).run(jobs) against a private redis-server and an in-process queue worker:
// outputs by index equal to the local pool's, a job listed twice queued once, a failing job
// reported with its error after its attempts, finished jobs found again without re-running,
// abort taking waiting jobs out of the queue, counts() while a run is in progress, a differing
// repeat result refused, and a job for another engine version refused by the worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createPool } from '../../api/pool/pool.ts';
import { createRedisClient } from '../../api/queue/redis-client.ts';
import { createRedisExecutor } from '../../api/queue/redis-executor.ts';
import { AbortedError } from '../../api/store/executor.ts';
import { createRedisPool, type QueueProgress, type RedisPool } from '../../api/queue/redis-pool.ts';
import { createResultLedger, DigestMismatchError } from '../../api/queue/result-ledger.ts';
import { startQueueWorker, type QueueWorker } from '../../api/queue/worker.ts';
import { jobIdOf, WIRE_FORMAT } from '../../api/queue/wire.ts';
import type { RunJob } from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { RedisUnreachableError } from '../../api/queue/check-redis.ts';
import { freePort, startRedis, uniqueQueue, type TestRedis } from './helpers.ts';

const s = getScenario('training')!;
const broken = { ...s, district: { ...s.district, streets: [] } };
const jobs: RunJob[] = [
  { scenario: s, seed: 1, days: 30 },
  { scenario: s, seed: 2, days: 30, series: ['cases.open'] },
  { scenario: s, seed: 1, days: 30 }, // the same job as the first
  { scenario: broken, seed: 3, days: 30 },
  { scenario: s, seed: 4, days: 30, series: 'none' },
];

let redis: TestRedis;
let worker: QueueWorker;
const queue = uniqueQueue('pool');
const pools: RedisPool[] = [];
const quiet = () => undefined;

function pool(o: Partial<Parameters<typeof createRedisPool>[0]> = {}): RedisPool {
  const p = createRedisPool({ url: redis.url, queueName: queue, attempts: 2, backoffMs: 50, idleCheckMs: 1000, log: quiet, ...o });
  pools.push(p);
  return p;
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const t = Date.now();
  while (!(await cond())) {
    if (Date.now() - t > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  redis = await startRedis();
  worker = await startQueueWorker({ url: redis.url, queueName: queue, concurrency: 1, perJobLog: false, log: quiet });
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await worker?.close();
  await redis?.stop();
});

describe('createRedisPool(o).run(jobs)', () => {
  it('returns the local pool\'s outputs by index, queues a repeated job once, and reports a failing job with its error', async () => {
    const p = pool();
    const progress: QueueProgress[] = [];
    const order: number[] = [];
    const out = await p.run(jobs, { onResult: (i) => order.push(i), onProgress: (x) => progress.push(x as QueueProgress) });
    expect(out.map((o) => o?.ok)).toEqual([true, true, true, false, true]);
    expect(out[3]!.ok === false && out[3]!.error).toMatch(/district\.streets/);
    const local = await createPool(0).run(jobs);
    const digests = (xs: typeof out) => xs.map((o) => (o?.ok ? o.outputs[0].manifest.digest : 'failed'));
    expect(digests(out)).toEqual(digests(local));
    expect(out[1]!.ok && out[1]!.outputs[0].series.names).toEqual(['cases.open']);
    expect(out[4]!.ok && out[4]!.outputs[0].series.names).toEqual([]);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(progress.map((x) => x.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress[4]).toMatchObject({ total: 5, failed: 1, etaMs: 0, running: 0, waiting: 0 });
    // Four distinct jobs: three completed, one failed after its 2 attempts.
    const q = await p.queueCounts();
    expect(q).toMatchObject({ completed: 3, failed: 1, waiting: 0, active: 0, workers: 1 });
    expect(worker.stats()).toMatchObject({ done: 3, failed: 2 });
    expect(p.counts()).toEqual({ total: 0, waiting: 0, running: 0, done: 0, failed: 0 });
  });

  it('finds finished jobs in Redis again without running them, and retries a failed one', async () => {
    const before = worker.stats();
    const p = pool();
    const out = await p.run(jobs);
    expect(out.map((o) => o?.ok)).toEqual([true, true, true, false, true]);
    const after = worker.stats();
    expect(after.done).toBe(before.done);
    expect(after.failed).toBe(before.failed + 2); // the failed job was tried again (twice)
  });

  it('counts waiting runs, and abort takes this run\'s waiting jobs out of the queue', async () => {
    const idle = uniqueQueue('idle'); // no worker serves this queue
    const p = pool({ queueName: idle });
    const ac = new AbortController();
    const more = [5, 6, 7].map((seed) => ({ scenario: s, seed, days: 30 }));
    const running = p.run(more, { signal: ac.signal });
    await until(() => p.counts().waiting === 3, 'three waiting runs');
    expect(p.counts()).toEqual({ total: 3, waiting: 3, running: 0, done: 0, failed: 0 });
    const client = createRedisClient(redis.url);
    try {
      expect(await client.llen(`govsim:${idle}:wait`)).toBe(3);
      ac.abort();
      expect(await running).toEqual([undefined, undefined, undefined]);
      await until(async () => (await client.llen(`govsim:${idle}:wait`)) === 0, 'the waiting jobs to be removed');
    } finally {
      await client.quit();
    }
    expect(p.counts().total).toBe(0);
  });

  it('stops with DigestMismatchError when a job\'s result differs from one seen before', async () => {
    const ledger = createResultLedger();
    const job: RunJob = { scenario: s, seed: 9, days: 30 };
    ledger.accept(jobIdOf(job), ['f'.repeat(64)], 'another-machine:1');
    const lines: string[] = [];
    const p = pool({ ledger, log: (l) => lines.push(l) });
    await expect(p.run([job])).rejects.toThrow(DigestMismatchError);
    expect(lines.join('\n')).toMatch(new RegExp(`error: job ${jobIdOf(job)} returned two different results: digests f{64} \\(from another-machine:1\\) and [0-9a-f]{64}`));
  });
});

describe('createRedisPool(o).ready()', () => {
  it('rejects with RedisUnreachableError while Redis is down, and connects on a later call once it is up', async () => {
    const port = await freePort();
    const p = pool({ url: `redis://127.0.0.1:${port}` });
    await expect(p.ready()).rejects.toBeInstanceOf(RedisUnreachableError);
    await expect(p.run([jobs[0]])).rejects.toThrow(`cannot use Redis at redis://127.0.0.1:${port}: connection refused`);
    const late = await startRedis(port);
    try {
      await expect(p.ready()).resolves.toMatchObject({ version: expect.stringMatching(/^\d+\.\d+/) });
    } finally {
      await p.close();
      await late.stop();
    }
  });
});

describe('createRedisExecutor(o) (the HTTP API\'s executor)', () => {
  it('runs one job on the queue and returns its outputs; an aborted run throws AbortedError', async () => {
    const ex = createRedisExecutor({ url: redis.url, queueName: queue, log: quiet });
    try {
      expect(ex.slots).toBe(64);
      expect(ex.name).toBe(`redis-queue(${queue} at ${redis.url})`);
      const days: number[] = [];
      const outs = await ex.run(jobs[1], { signal: new AbortController().signal, onProgress: (d) => days.push(d) });
      const [local] = await createPool(0).run([jobs[1]]);
      expect(outs.map((x) => x.manifest.digest)).toEqual(local!.ok && local!.outputs.map((x) => x.manifest.digest));
      expect(days).toEqual([30]);
      const ac = new AbortController();
      ac.abort();
      await expect(ex.run(jobs[0], { signal: ac.signal })).rejects.toBeInstanceOf(AbortedError);
    } finally {
      await ex.close();
    }
  });
});

describe('startQueueWorker(o)', () => {
  it('refuses, without retrying, a job planned for another engine version', async () => {
    const client = createRedisClient(redis.url);
    const q = new Queue(queue, { connection: client as never, prefix: 'govsim' });
    try {
      const job = await q.add('run', { format: WIRE_FORMAT, engineVersion: '0.0.0-other', job: jobs[0] }, { jobId: 'run-other-version', attempts: 3 });
      await until(async () => (await job.getState()) === 'failed', 'the job to fail');
      const done = await q.getJob('run-other-version');
      expect(done!.failedReason).toMatch(/planned for govsim engine 0\.0\.0-other, but worker .* runs /);
      expect(done!.attemptsMade).toBe(1);
    } finally {
      await q.close();
      await client.quit();
    }
  });
});
