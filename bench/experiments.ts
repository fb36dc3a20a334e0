// Benchmark (not a test): prints figures, asserts nothing about time.
// 1. Pool throughput: runs per minute of the full district (qinhuai-2021, 365 days) on the worker
//    pool with 1 and 2 worker threads, and the speed-up from 1 to 2.
// 2. Calibration throughput: the runs `govsim calibrate qinhuai-2019` makes (the default
//    parameters drawn from their priors, the run length and `series: 'none'` of a calibration),
//    as simulated district-years per minute with 1 and 2 workers, and the CPU seconds each
//    district-year costs. The machine may be shared, so wall-clock figures understate what an
//    idle machine does; the CPU time per district-year (process.cpuUsage: every thread of this
//    process) does not depend on the neighbours, and the budget of the default calibration on an
//    idle 2-core machine is computed from it (docs/calibration.md).
// Workers are warmed up (tsx start-up and the first run's JIT) before timing. Usage:
//   node bin/run-ts.mjs bench/experiments.ts [--runs 8] [--days 365] [--scenario qinhuai-2021] [--workers 1,2]
//     [--calibration-runs 8] [--calibration-scenario qinhuai-2019] [--only pool|calibration]
import { availableParallelism, loadavg } from 'node:os';
import { getScenario } from '../scenarios/index.ts';
import { createPool } from '../api/pool/pool.ts';
import {
  DEFAULT_ABC, DEFAULT_PARAMETERS, createRandom, gaussian, leverParameter, maxCalibrationRuns, particleScenario, type RunJob,
} from '../sim/experiments/index.ts';
import { getLever, type Scenario } from '../sim/index.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const runs = Number(arg('runs', '8'));
const days = Number(arg('days', '365'));
const scenarioId = arg('scenario', 'qinhuai-2021');
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const calRuns = Number(arg('calibration-runs', '8'));
const calScenarioId = arg('calibration-scenario', 'qinhuai-2019');
const only = arg('only', '');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function preset(id: string): Scenario {
  const s = getScenario(id);
  if (!s) throw new Error(`unknown scenario ${id}`);
  return s;
}

interface Timed { workers: number; wall: number; cpu: number; meanRunMs: number }

async function timeJobs(workers: number, warmScenario: Scenario, jobs: RunJob[]): Promise<Timed> {
  const pool = createPool(workers);
  const warm: RunJob[] = Array.from({ length: workers }, (_, i) => ({ scenario: warmScenario, seed: 1000 + i, days: 30, series: 'none' }));
  await pool.run(warm);
  const millis: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = await pool.run(jobs, { onResult: (_, o) => { if (o.ok) millis.push(o.millis); } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  await pool.close();
  const failed = out.filter((o) => !o?.ok).length;
  if (failed) throw new Error(`${failed} runs failed`);
  return { workers, wall, cpu: (c.user + c.system) / 1e6, meanRunMs: millis.reduce((a, b) => a + b, 0) / millis.length };
}

console.log(`cores ${availableParallelism()}, load average before ${load()}`);

if (only !== 'calibration') {
  const scenario = preset(scenarioId);
  console.log(`\n[pool] ${scenarioId}, ${days} days, ${runs} timed runs per setting, all series returned`);
  const results: { workers: number; perMinute: number }[] = [];
  for (const workers of workerCounts) {
    const jobs: RunJob[] = Array.from({ length: runs }, (_, i) => ({ scenario, seed: i + 1, days, series: 'all' }));
    const t = await timeJobs(workers, scenario, jobs);
    const perMinute = (runs / t.wall) * 60;
    results.push({ workers, perMinute });
    console.log(`workers ${workers}: ${runs} runs in ${t.wall.toFixed(2)} s → ${perMinute.toFixed(1)} runs/min (mean ${(t.meanRunMs / 1000).toFixed(2)} s per run inside a worker, ${(t.cpu / runs).toFixed(2)} CPU s per run)`);
  }
  const one = results.find((r) => r.workers === 1);
  for (const r of results) if (one && r.workers > 1) console.log(`speed-up 1 → ${r.workers} workers: ${(r.perMinute / one.perMinute).toFixed(2)}×`);
}

if (only !== 'pool') {
  const base = preset(calScenarioId);
  const params = DEFAULT_PARAMETERS.map((id) => leverParameter(id));
  const calDays = 365;
  // Proposals as generation 0 of a calibration makes them: each parameter from its prior.
  const rng = createRandom(7, 'bench/calibration');
  const draw = () => params.map(({ lever, prior: p }) => {
    const u = rng.next();
    const x = p.dist === 'uniform' ? p.low + u * (p.high - p.low)
      : p.dist === 'loguniform' ? Math.exp(Math.log(p.low) + u * (Math.log(p.high) - Math.log(p.low)))
        : Math.min(p.high, Math.max(p.low, p.mean + p.sd * gaussian(rng)));
    return getLever(lever)?.kind === 'integer' ? Math.round(x) : x;
  });
  const thetas = Array.from({ length: calRuns }, draw);
  console.log(`\n[calibration] ${calScenarioId}, ${calDays}-day runs (one district-year each), ${params.length} parameters drawn from their priors, ${calRuns} timed runs per setting, no series`);
  const res: (Timed & { perMinute: number })[] = [];
  for (const workers of workerCounts) {
    const jobs: RunJob[] = thetas.map((t, i) => ({ scenario: particleScenario(base, params, t), seed: 100 + i, days: calDays, series: 'none' }));
    const t = await timeJobs(workers, base, jobs);
    const perMinute = (calRuns / t.wall) * 60;
    res.push({ ...t, perMinute });
    console.log(`workers ${workers}: ${perMinute.toFixed(1)} district-years/min (wall ${t.wall.toFixed(1)} s; ${(t.cpu / calRuns).toFixed(2)} CPU s per district-year; mean ${(t.meanRunMs / 1000).toFixed(2)} s per run inside a worker)`);
  }
  const one = res.find((r) => r.workers === 1);
  for (const r of res) if (one && r.workers > 1) console.log(`speed-up 1 → ${r.workers} workers: ${(r.perMinute / one.perMinute).toFixed(2)}× (wall; the machine may be shared)`);
  // The budget on an idle 2-core machine: CPU per district-year, both cores busy.
  const cpuPerYear = res.reduce((a, r) => a + r.cpu, 0) / (res.length * calRuns);
  const idle2 = (2 * 60) / cpuPerYear;
  const most = maxCalibrationRuns(DEFAULT_ABC);
  console.log(`idle 2-core machine (from CPU time): ≈ ${idle2.toFixed(1)} district-years/min`);
  console.log(`default calibration (${DEFAULT_ABC.particles} particles, ≤ ${DEFAULT_ABC.generations} generations, ≤ ${DEFAULT_ABC.maxBatches} batches each): at most ${most} runs → ≤ ${(most / idle2).toFixed(1)} min on an idle 2-core machine`);
}
console.log(`\nload average after ${load()}`);
