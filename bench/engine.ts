// Engine benchmark: for the training district, a 100,000-resident district and full Qinhuai,
// 365 days on one core: wall seconds (median of 5), agent-days per second, events per second,
// peak heap (JS heap plus typed-array buffers). Each district runs in a fresh child process so heap figures do not mix.
// Then the whole-process figure: `govsim run qinhuai-2021` (365 days, compiled CLI from dist/,
// start-up and writing the result included) against a dense reference sweep measured in the
// same run (740,000 residents x 365 days, one draw each from the engine's random stream), and
// the ratio (the project's bar: at most 1.5), plus `govsim presets` whole process (bar: 0.3 s).
// Usage: npm run bench            (all of it)
//        npm run bench -- --one qinhuai-2021 [--runs 5] [--days 365]
//        npm run bench -- --cli-only [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStream } from '../sim/rng.ts';
import { createSimulation, finish, stepDays, type Scenario } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';

function district100k(): Scenario {
  const q = getScenario('qinhuai-2021')!;
  const f = 100000 / 740000;
  const streets = q.district.streets.slice(0, 12).map((s) => ({
    ...s, population: Math.round(s.population * f), grids: Math.max(1, Math.round(s.grids * f)), communities: Math.max(1, Math.round(s.communities * f)),
  }));
  const total = streets.reduce((a, s) => a + s.population, 0);
  streets[0].population += 100000 - total;
  return { ...q, id: 'district-100k', name: { zh: '10 万人示意区', en: '100k-resident district' }, district: { ...q.district, streets } };
}

function scenarioFor(id: string): Scenario {
  if (id === 'district-100k') return district100k();
  const s = getScenario(id);
  if (!s) throw new Error(`unknown preset ${id}`);
  return s;
}

function measure(id: string, runs: number, days: number): void {
  const s = scenarioFor(id);
  const walls: number[] = [];
  let peak = 0;
  let events = 0;
  let residents = 0;
  let digest = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const sim = createSimulation(s, { seed: 1, days });
    residents = sim.district.nResidents;
    for (let d = 0; d < days; d += 15) {
      stepDays(sim, Math.min(15, days - d));
      const mu = process.memoryUsage();
      peak = Math.max(peak, mu.heapUsed + mu.arrayBuffers);
    }
    digest = finish(sim).manifest.digest;
    walls.push((performance.now() - t0) / 1000);
    events = sim.counters.events;
  }
  walls.sort((a, b) => a - b);
  const med = walls[Math.floor(walls.length / 2)];
  console.log(JSON.stringify({
    district: id, residents, days, runs, wallSecondsMedian: +med.toFixed(3), wallSecondsMin: +walls[0].toFixed(3),
    agentDaysPerSecond: Math.round((residents * days) / med), eventsPerSecond: Math.round(events / med), events,
    peakHeapMB: +(peak / 1e6).toFixed(1), digest: digest.slice(0, 16),
  }));
}

/** The dense reference sweep: one uniform draw per resident per day, summed per resident. */
function denseSweepSeconds(residents: number, days: number): number {
  const rng = createStream(1, 'bench/dense');
  const acc = new Float64Array(residents);
  const t0 = performance.now();
  for (let d = 0; d < days; d++) for (let i = 0; i < residents; i++) acc[i] += rng();
  const s = (performance.now() - t0) / 1000;
  if (!(acc[0] >= 0)) throw new Error('unreachable: keeps the sweep from being optimised away');
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Whole-process wall seconds of `node bin/govsim.mjs args...` (median of runs). */
function cliSeconds(args: string[], runs: number): number {
  const govsim = fileURLToPath(new URL('../bin/govsim.mjs', import.meta.url));
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [govsim, ...args], { stdio: 'ignore' });
    walls.push((performance.now() - t0) / 1000);
  }
  return median(walls);
}

function cliVersusSweep(runs: number): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'govsim-bench-'));
  try {
    const nodeStart = cliSecondsOf(['-e', '0'], runs);
    const presets = cliSeconds(['presets'], runs);
    const year = cliSeconds(['run', 'qinhuai-2021', '--days', '365', '--out', join(dir, 'r.json')], runs);
    const sweep = median(Array.from({ length: runs }, () => denseSweepSeconds(740_000, 365)));
    console.log(`whole process: node -e 0 ${nodeStart.toFixed(2)} s; govsim presets ${presets.toFixed(2)} s (bar 0.3 s)`);
    console.log(`qinhuai-2021 year through the CLI ${year.toFixed(2)} s; dense reference sweep (740,000 x 365 draws) ${sweep.toFixed(2)} s; ratio ${(year / sweep).toFixed(2)} (bar 1.5)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cliSecondsOf(nodeArgs: string[], runs: number): number {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, nodeArgs, { stdio: 'ignore' });
    walls.push((performance.now() - t0) / 1000);
  }
  return median(walls);
}

const args = process.argv.slice(2);
const arg = (k: string, d: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
if (args.includes('--cli-only')) {
  cliVersusSweep(Number(arg('--runs', '3')));
} else if (args.includes('--one')) {
  measure(arg('--one', 'training'), Number(arg('--runs', '5')), Number(arg('--days', '365')));
} else {
  const self = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  console.log('govsim engine benchmark (one core, 365 days, median of 5 runs each)');
  for (const id of ['training', 'district-100k', 'qinhuai-2021']) {
    const out = execFileSync(process.execPath, [runTs, self, '--one', id, '--runs', arg('--runs', '5'), '--days', arg('--days', '365')], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    console.log(`${r.district.padEnd(14)} ${String(r.residents).padStart(7)} residents  wall ${r.wallSecondsMedian.toFixed(2)} s (min ${r.wallSecondsMin.toFixed(2)})  ${(r.agentDaysPerSecond / 1e6).toFixed(1)} M agent-days/s  ${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s  peak heap ${r.peakHeapMB} MB`);
  }
  cliVersusSweep(Number(arg('--runs', '3')));
}
