// Benchmark (not a test): runs per minute of the full district (qinhuai-2021, 365 days) on the
// worker pool with 1 and 2 worker threads, and the speed-up from 1 to 2. Workers are warmed up
// (tsx start-up and the first run's JIT) before timing. Usage:
//   node bin/run-ts.mjs bench/experiments.ts [--runs 8] [--days 365] [--scenario qinhuai-2021] [--workers 1,2]
import { availableParallelism, loadavg } from 'node:os';
import { getScenario } from '../scenarios/index.ts';
import { createPool } from '../api/pool/pool.ts';
import type { RunJob } from '../sim/experiments/index.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const runs = Number(arg('runs', '8'));
const days = Number(arg('days', '365'));
const scenarioId = arg('scenario', 'qinhuai-2021');
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const scenario = getScenario(scenarioId);
if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);

console.log(`govsim experiment pool benchmark: ${scenarioId}, ${days} days, ${runs} timed runs per setting, all series returned`);
console.log(`cores ${availableParallelism()}, load average before ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

const results: { workers: number; perMinute: number; wall: number; meanRunMs: number }[] = [];
for (const workers of workerCounts) {
  const pool = createPool(workers);
  const warm: RunJob[] = Array.from({ length: workers }, (_, i) => ({ scenario, seed: 1000 + i, days: 30, series: 'none' }));
  await pool.run(warm);
  const jobs: RunJob[] = Array.from({ length: runs }, (_, i) => ({ scenario, seed: i + 1, days, series: 'all' }));
  const millis: number[] = [];
  const t0 = process.hrtime.bigint();
  const out = await pool.run(jobs, { onResult: (_, o) => { if (o.ok) millis.push(o.millis); } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  const failed = out.filter((o) => !o?.ok).length;
  if (failed) throw new Error(`${failed} runs failed`);
  const meanRunMs = millis.reduce((a, b) => a + b, 0) / millis.length;
  const perMinute = (runs / wall) * 60;
  results.push({ workers, perMinute, wall, meanRunMs });
  console.log(`workers ${workers}: ${runs} runs in ${wall.toFixed(2)} s → ${perMinute.toFixed(1)} runs/min (mean ${(meanRunMs / 1000).toFixed(2)} s per run inside a worker)`);
}
const one = results.find((r) => r.workers === 1);
for (const r of results) if (one && r.workers > 1) console.log(`speed-up 1 → ${r.workers} workers: ${(r.perMinute / one.perMinute).toFixed(2)}×`);
console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
