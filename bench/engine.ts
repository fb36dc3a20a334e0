// Engine benchmark: for the training district, a 100,000-resident district and full Qinhuai,
// 365 days on one core: wall seconds (median of 5), agent-days per second, events per second,
// peak heap (JS heap plus typed-array buffers). Each district runs in a fresh child process so heap figures do not mix.
// Usage: npm run bench            (all three)
//        npm run bench -- --one qinhuai-2021 [--runs 5] [--days 365]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

const args = process.argv.slice(2);
const arg = (k: string, d: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
if (args.includes('--one')) {
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
}
