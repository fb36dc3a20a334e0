// Load benchmark of the HTTP API (npm run bench:api): requests a second and latency
// percentiles of the status route (GET /v1/runs/:id) while full-district runs execute, with the
// worker pool and with the in-process executor (runs sliced on the server's main thread); also
// the list route and a cache-hit submission; then, with the pool, the health and status routes
// while 2,000-run plans are in flight (a Sobol request of 1,980 runs planned in the planner
// thread, submitted again and again with a new design seed for the whole measurement, each one
// cancelled once it is queued). The server runs as a child process (as in production),
// autocannon here. Prints a table; asserts nothing.
//   node bin/run-ts.mjs bench/api.ts [--duration 10] [--connections 10] [--workers N] [--plans-only]
// (--plans-only: the worker-pool set-up alone, with the plan rows)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
interface CannonOptions { url: string; connections?: number; duration?: number; method?: string; headers?: Record<string, string>; body?: string }
interface CannonResult { requests: Histogram; latency: Histogram; non2xx: number; errors: number }
// autocannon ships no types; this is the part used here.
const autocannon = (await import('autocannon' as string)).default as (o: CannonOptions) => Promise<CannonResult>;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const duration = arg('duration', 10);
const connections = arg('connections', 10);
const poolWorkers = arg('workers', Math.max(1, availableParallelism() - 1));

interface Row {
  setup: string;
  route: string;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  runsDuring: number;
  /** Plans made during the measurement, and their submission latencies (ms). */
  plans?: number[];
}

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

async function measure(setup: string, route: string, url: string, statusUrl: string, opts: Partial<CannonOptions> = {}): Promise<Row> {
  const before = (await json(statusUrl)).progress;
  const r = await autocannon({ url, connections, duration, ...opts });
  const after = (await json(statusUrl)).progress;
  return {
    setup, route, rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    non2xx: r.non2xx + r.errors, runsDuring: after.runsDone - before.runsDone,
  };
}

/** A Sobol request planning 495 · (2 + 2) = 1,980 runs (design seed `n` makes each one new). */
function bigPlan(n: number): string {
  return JSON.stringify({
    base: { preset: 'training' }, method: 'sobol', samples: 495, designSeed: n, days: 3650, bootstrap: 0,
    factors: [{ lever: 'grid.discretion' }, { lever: 'grid.signOffDays', min: 0, max: 6 }],
  });
}

/**
 * Measure `url` while 2,000-run plans are submitted one after another (each cancelled once
 * queued, so that the caps never stop the next one).
 */
async function measureDuringPlans(setup: string, route: string, url: string, base: string, statusUrl: string, seed: { n: number }, opts: Partial<CannonOptions> = {}): Promise<Row> {
  let stop = false;
  const plans: number[] = [];
  const loop = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/experiments/sensitivity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bigPlan(seed.n++) });
      const body = await res.json();
      if (res.status !== 202) throw new Error(`the plan was answered ${res.status}: ${JSON.stringify(body)}`);
      plans.push(performance.now() - t0);
      await fetch(`${base}/v1/experiments/${body.id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    }
  })();
  // A plan under way before the measurement starts.
  await new Promise((r) => setTimeout(r, 200));
  try {
    const row = await measure(setup, route, url, statusUrl, opts);
    return { ...row, plans };
  } finally {
    stop = true;
    await loop;
  }
}

async function scenario(setup: string, workers: number, withPlans: boolean): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govsim-bench-api-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'api/server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, HOST: '127.0.0.1', PORT: String(port), GOVSIM_DATA_DIR: dataDir, GOVSIM_WORKERS: String(workers),
      GOVSIM_RATE_LIMIT: '0', GOVSIM_MAX_REPLICATIONS: '1000', GOVSIM_API_KEYS: '', LOG_LEVEL: 'warn',
      GOVSIM_MAX_COST_PER_JOB: '1000000000000', GOVSIM_MAX_COST_PER_CLIENT: '1000000000000000', GOVSIM_MAX_COST_TOTAL: '1000000000000000',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      try {
        if ((await fetch(`${base}/v1/health`)).ok) break;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Enough full-district work to outlast the measurements.
    const submit = await json(`${base}/v1/runs`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'qinhuai-2021', days: 365, replications: 200, seed: 1 }),
    });
    const statusUrl = `${base}/v1/runs/${submit.id}`;
    // A small run, finished, for the cache-hit submission.
    const small = { preset: 'training', days: 5, seed: 99 };
    await fetch(`${base}/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(small) });
    while ((await json(statusUrl)).progress.runsDone < 1) await new Promise((r) => setTimeout(r, 100));
    const rows = [
      await measure(setup, 'GET /v1/runs/:id (status)', statusUrl, statusUrl),
      await measure(setup, 'GET /v1/runs?limit=20 (list)', `${base}/v1/runs?limit=20`, statusUrl),
      await measure(setup, 'POST /v1/runs (cache hit)', `${base}/v1/runs`, statusUrl, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(small),
      }),
    ];
    if (withPlans) {
      const seed = { n: 1 };
      // One connection: a probe's latency (a load balancer's health check, a client polling a job);
      // then the status route under the same 10 connections as above.
      const one = { connections: 1 };
      rows.push(
        await measure(setup, 'GET /v1/health, 1 connection', `${base}/v1/health`, statusUrl, one),
        await measureDuringPlans(setup, 'GET /v1/health, 1 connection, 2,000-run plans in flight', `${base}/v1/health`, base, statusUrl, seed, one),
        await measure(setup, 'GET /v1/runs/:id (status), 1 connection', statusUrl, statusUrl, one),
        await measureDuringPlans(setup, 'GET /v1/runs/:id (status), 1 connection, 2,000-run plans in flight', statusUrl, base, statusUrl, seed, one),
        await measureDuringPlans(setup, `GET /v1/runs/:id (status), ${connections} connections, 2,000-run plans in flight`, statusUrl, base, statusUrl, seed),
      );
    }
    await fetch(`${statusUrl}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    return rows;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [
  ...(await scenario(`worker pool (${poolWorkers})`, poolWorkers, true)),
  ...(process.argv.includes('--plans-only') ? [] : await scenario('in-process (sliced)', 0, false)),
];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(`govsim API load benchmark: ${connections} connections (unless said) × ${duration} s per route; ${availableParallelism()} cores (${cpu}), Node ${process.version}\n`);
process.stdout.write('server in a child process, while qinhuai-2021 × 365-day runs execute (200 replications queued)\n\n');
const head = ['setup', 'route', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'runs done meanwhile'];
const table = [head, ...rows.map((r) => [r.setup, r.route, r.rps.toFixed(0), String(r.p50), String(r.p90), String(r.p99), String(r.max), String(r.non2xx), String(r.runsDuring)])];
const widths = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) process.stdout.write(`${row.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')}\n`);
const status = rows.filter((r) => r.route === 'GET /v1/runs/:id (status)');
process.stdout.write(`\nstatus route p99: ${status.map((r) => `${r.setup} ${r.p99} ms`).join(', ')} (goal ≤ 20 ms)\n`);
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
for (const r of rows.filter((x) => x.plans)) {
  const p = r.plans!;
  process.stdout.write(`${r.route}: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (goal < 50 ms); ${p.length} Sobol plans of 1,980 runs meanwhile, `
    + `submission ${p.length ? `median ${pct(p, 0.5).toFixed(0)} ms, max ${Math.max(...p).toFixed(0)} ms` : 'none finished'}\n`);
}
