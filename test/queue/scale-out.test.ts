// govsim compare on the queue: 40 runs across two `govsim worker` processes write the same files
// as the local pool, even when one worker is SIGKILLed in the middle of a job (its job stalls
// and the other worker runs it: nothing lost, nothing twice); an unreachable Redis is one clear
// error with nothing written; workers stop gracefully on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisClient } from '../../api/queue/redis-client.ts';
import { cli, spawnCli, tempDir } from '../cli/helpers.ts';
import { freePort, silentServer, spawnWorker, startRedis, uniqueQueue, type TestRedis, type WorkerProcess } from './helpers.ts';

const FILES = ['experiment.json', 'series.csv', 'summary.csv', 'report.html'];
const dir = tempDir('govsim-queue-');
writeFileSync(join(dir, 'lean.yaml'), 'id: lean\nname: {zh: 精简, en: Lean}\nlevers:\n  staffing.streetStaff: 4\n  grid.discretion: 0.3\n');
// 2 scenarios × 20 replications = 40 runs of about a tenth of a second each.
const COMPARE = ['compare', 'training', 'lean.yaml', '--reps', '20', '--days', '365', '--seed', '7', '--series', 'cases.open,trust.mean'];

function read(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of FILES) files[f] = readFileSync(join(dir, out, f), 'utf8');
  const doc = JSON.parse(files['experiment.json']);
  doc.timing.wallSeconds = 0; // the one field that may differ
  files['experiment.json'] = JSON.stringify(doc);
  return files;
}

let redis: TestRedis;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
  await redis?.stop();
});

describe('govsim compare --redis with two govsim worker processes', () => {
  it('writes the local pool\'s files though one worker is SIGKILLed mid-job: nothing lost, nothing twice', async () => {
    const local = await cli([...COMPARE, '--workers', '1', '--out', 'local'], dir);
    expect(local.code, local.err).toBe(0);

    const queue = uniqueQueue('compare');
    const args = ['--redis', redis.url, '--queue', queue, '--concurrency', '1', '--lock-ms', '2000', '--stalled-ms', '500'];
    const [a, b] = [spawnWorker(args), spawnWorker(args)];
    workers.push(a, b);
    await Promise.all([a.waitFor(/on queue/), b.waitFor(/on queue/)]);

    const queued = cli([...COMPARE, '--redis', redis.url, '--queue', queue, '--out', 'queued'], dir);
    // Kill worker a as soon as it has started a job (its first job also starts its engine thread,
    // so it is certainly still running).
    const [, killedJob] = await a.waitFor(/^start (run-[0-9a-f]+)/m);
    a.proc.kill('SIGKILL');
    const r = await queued;
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/2 workers connected/);
    expect(r.err).toMatch(new RegExp(`job ${killedJob} stalled`));

    const q = read('queued');
    const l = read('local');
    for (const f of FILES) expect(q[f], f).toBe(l[f]);
    const doc = JSON.parse(q['experiment.json']);
    expect(doc.runs).toHaveLength(40);
    expect(new Set(doc.runs.map((x: { scenario: string; replication: number }) => `${x.scenario}/${x.replication}`)).size).toBe(40);
    expect(doc.command).toBe(`govsim ${COMPARE.join(' ')} --out DIR`);
    expect(existsSync(join(dir, 'queued', 'checkpoint.jsonl'))).toBe(false);

    // The killed worker's job was taken over by the other one.
    expect(b.log()).toMatch(new RegExp(`^done ${killedJob} `, 'm'));
    expect(a.log()).not.toMatch(new RegExp(`^done ${killedJob} `, 'm'));
    // Redis holds each of the 40 runs once, completed, none failed or waiting.
    const client = createRedisClient(redis.url);
    try {
      const prefix = `govsim:${queue}`;
      expect(await client.zcard(`${prefix}:completed`)).toBe(40);
      expect(await client.zcard(`${prefix}:failed`)).toBe(0);
      expect(await client.llen(`${prefix}:wait`)).toBe(0);
      expect(await client.llen(`${prefix}:active`)).toBe(0);
    } finally {
      await client.quit();
    }

    // govsim worker --status sees the finished queue and the one worker left.
    const status = await cli(['worker', '--status', '--redis', redis.url, '--queue', queue], dir);
    expect(status.code, status.err).toBe(0);
    expect(status.out).toBe(`queue ${queue} at ${redis.url}: 0 waiting, 0 running, 0 delayed (retry back-off), 40 completed and 0 failed (kept for a while), 1 worker connected\n`);

  });

  it('resumes an interrupted experiment from the checkpoint and from runs that finished in Redis meanwhile', async () => {
    const b = workers[1];
    const queue = /on queue (\S+)/.exec(b.log())![1];
    const args = ['compare', 'training', 'lean.yaml', '--reps', '20', '--days', '200', '--seed', '11', '--series', 'none'];
    const local = await cli([...args, '--workers', '0', '--out', 'resume-local'], dir);
    expect(local.code, local.err).toBe(0);

    const doneLines = () => (b.log().match(/^done /gm) ?? []).length;
    const before = doneLines();
    const ac = new AbortController();
    const first = cli([...args, '--redis', redis.url, '--queue', queue, '--out', 'resumed'], dir, { signal: ac.signal });
    while (doneLines() < before + 3) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    const r1 = await first;
    expect(r1.code, r1.err).toBe(130);
    expect(r1.err).toMatch(/interrupted: \d+ of 40 jobs finished/);
    expect(r1.err).toContain(`--redis ${redis.url} --queue ${queue} --out resumed --resume`);

    const r2 = await cli([...args, '--redis', redis.url, '--queue', queue, '--out', 'resumed', '--resume'], dir);
    expect(r2.code, r2.err).toBe(0);
    expect(r2.err).toMatch(/resumed: \d+ finished jobs? taken from/);
    const q = read('resumed');
    const l = read('resume-local');
    for (const f of FILES) expect(q[f], f).toBe(l[f]);
    // Every run ran once on the worker, however it reached the experiment.
    expect(doneLines() - before).toBe(40);

    // SIGTERM: b stops taking jobs and exits cleanly.
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(b.log()).toMatch(/stopped: \d+ jobs? done, 0 failed/);
  });
});

describe('an unreachable Redis', () => {
  it('is one clear error naming the URL (password hidden), exit 2, and nothing is written to --out', async () => {
    const port = await freePort(); // nothing listens there
    const url = `redis://:s3cret@127.0.0.1:${port}`;
    const r = await cli([...COMPARE, '--redis', url, '--out', 'unreached/deep'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: cannot use Redis at redis://:***@127.0.0.1:${port}: connection refused (is redis-server running there, and listening on that address and port?); nothing was written to unreached/deep\n`);
    expect(existsSync(join(dir, 'unreached'))).toBe(false);

    // An existing folder keeps exactly what it held.
    mkdirSync(join(dir, 'kept'));
    writeFileSync(join(dir, 'kept', 'notes.txt'), 'mine');
    const k = await cli([...COMPARE, '--out', 'kept'], dir, { env: { GOVSIM_REDIS_URL: url } });
    expect(k.code).toBe(2);
    expect(readdirSync(join(dir, 'kept'))).toEqual(['notes.txt']);
  });

  it('times out on a server that never answers, and a worker exits with the same kind of error', async () => {
    const hole = await silentServer();
    try {
      const r = await cli([...COMPARE, '--redis', `redis://127.0.0.1:${hole.port}`, '--out', 'silent'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^error: cannot use Redis at redis://127\\.0\\.0\\.1:${hole.port}: no answer within the connect timeout`));
      expect(existsSync(join(dir, 'silent'))).toBe(false);
    } finally {
      await hole.close();
    }
    const port = await freePort();
    const w = spawnCli(['worker', '--redis', `redis://127.0.0.1:${port}`], dir);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(new RegExp(`^error: cannot use Redis at redis://127\\.0\\.0\\.1:${port}: connection refused`));
  });

  it('--redis with --workers, and a malformed URL, are refused as bad input', async () => {
    const both = await cli([...COMPARE, '--redis', redis.url, '--workers', '2', '--out', 'both'], dir);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--redis and --workers contradict each other/);
    const bad = await cli([...COMPARE, '--redis', 'http://127.0.0.1:6379', '--out', 'bad'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--redis: invalid Redis URL "http:\/\/127\.0\.0\.1:6379": expected redis:\/\/ or rediss:\/\//);
  });
});
