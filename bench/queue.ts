// Benchmark (not a test): runs per minute of the full district (qinhuai-2021, 365 days, all
// series returned) through the BullMQ queue with 1 and 2 `govsim worker` processes (one engine
// thread each) on this machine, beside the local pool with as many threads for reference.
// Starts its own redis-server on a free loopback port (no persistence) and stops it at the end.
// Workers are warmed up (tsx start-up, the engine thread, the first run's JIT) before timing;
// each setting uses its own queue and seeds, so no result is reused. Usage:
//   node bin/run-ts.mjs bench/queue.ts [--runs 12] [--days 365] [--scenario qinhuai-2021] [--workers 1,2] [--redis URL]
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createPool } from '../api/pool/pool.ts';
import { checkRedis } from '../api/queue/check-redis.ts';
import { createRedisPool } from '../api/queue/redis-pool.ts';
import type { RunJob } from '../sim/experiments/index.ts';
import { getScenario } from '../scenarios/index.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const runs = Number(arg('runs', '12'));
const days = Number(arg('days', '365'));
const scenarioId = arg('scenario', 'qinhuai-2021');
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const scenario = getScenario(scenarioId);
if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
const GOVSIM = fileURLToPath(new URL('../bin/govsim.mjs', import.meta.url));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function ownRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  proc.on('error', (e) => { throw new Error(`cannot start redis-server (apt-get install -y redis-server): ${e.message}`); });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await checkRedis(url, { timeoutMs: 500 });
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, stop: () => void proc.kill('SIGTERM') };
}

function startWorker(url: string, queue: string): Promise<ChildProcess> {
  const env = { ...process.env };
  delete env.GOVSIM_REDIS_URL;
  const proc = spawn(process.execPath, [GOVSIM, 'worker', '--redis', url, '--queue', queue, '--concurrency', '1', '--quiet'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    proc.stderr!.on('data', (d) => {
      log += d;
      if (/on queue/.test(log)) resolve(proc);
    });
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
  });
}

const external = arg('redis', '');
const redis = external ? { url: external, stop: () => undefined } : await ownRedis();
console.log(`govsim queue benchmark: ${scenarioId}, ${days} days, ${runs} timed runs per setting, all series returned`);
console.log(`cores ${availableParallelism()}, load average before ${load()} (other people's work counts too)`);

const rows: { setting: string; workers: number; perMinute: number; wall: number }[] = [];
let seed = 1;
try {
  for (const workers of workerCounts) {
    // Local threads, for reference.
    {
      const pool = createPool(workers);
      await pool.run(Array.from({ length: workers }, (_, i) => ({ scenario, seed: 100_000 + seed + i, days: 30, series: 'none' })));
      const jobs: RunJob[] = Array.from({ length: runs }, () => ({ scenario, seed: seed++, days, series: 'all' }));
      const t0 = process.hrtime.bigint();
      const out = await pool.run(jobs);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      await pool.close();
      if (out.some((o) => !o?.ok)) throw new Error('a local run failed');
      rows.push({ setting: 'local threads', workers, perMinute: (runs / wall) * 60, wall });
    }
    // Queue: `workers` worker processes.
    const queue = `bench-${process.pid}-${workers}`;
    const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(redis.url, queue)));
    const pool = createRedisPool({ url: redis.url, queueName: queue, log: () => undefined });
    try {
      // Warm-up: one short run per worker, sent until every worker has started its engine thread.
      await pool.run(Array.from({ length: workers * 2 }, (_, i) => ({ scenario, seed: 200_000 + seed + i, days: 30, series: 'none' })));
      const jobs: RunJob[] = Array.from({ length: runs }, () => ({ scenario, seed: seed++, days, series: 'all' }));
      const t0 = process.hrtime.bigint();
      const out = await pool.run(jobs);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (out.some((o) => !o?.ok)) throw new Error('a queued run failed');
      rows.push({ setting: 'queue, worker processes', workers, perMinute: (runs / wall) * 60, wall });
    } finally {
      await pool.close();
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    }
    for (const r of rows.filter((x) => x.workers === workers)) {
      console.log(`${r.setting.padEnd(24)} ${workers}: ${runs} runs in ${r.wall.toFixed(2)} s → ${r.perMinute.toFixed(1)} runs/min   (load average now ${load()})`);
    }
  }
  const q1 = rows.find((r) => r.workers === 1 && r.setting.startsWith('queue'));
  for (const r of rows) if (q1 && r.workers > 1 && r.setting.startsWith('queue')) console.log(`queue speed-up 1 → ${r.workers} worker processes: ${(r.perMinute / q1.perMinute).toFixed(2)}×`);
  for (const w of workerCounts) {
    const l = rows.find((r) => r.workers === w && r.setting === 'local threads');
    const q = rows.find((r) => r.workers === w && r.setting.startsWith('queue'));
    if (l && q) console.log(`queue vs local with ${w}: ${((q.perMinute / l.perMinute) * 100).toFixed(0)} % of the local pool's rate`);
  }
  console.log(`load average after ${load()}`);
} finally {
  redis.stop();
}
