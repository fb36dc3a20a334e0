// Steady state (MODEL.md §10.4): run each preset for three years and print, year by year, the
// backlog (mean and end-of-year open cases) and the three rates over that year. A preset whose
// backlog keeps growing from year 2 to year 3 is unstable.
// Usage: node bin/run-ts.mjs scripts/steady.ts [--years 3] [--seed 1] [--preset id] [--set lever=value]
import { createSimulation, finish, readSeries, stepDays, withLevers, type LeverValues } from '../sim/index.ts';
import { getScenario, scenarioIds } from '../scenarios/index.ts';

const args = process.argv.slice(2);
const arg = (k: string, d: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const years = Number(arg('--years', '3'));
const seed = Number(arg('--seed', '1'));
const only = arg('--preset', '');
const sets: LeverValues = {};
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); sets[k] = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v); }
for (const id of scenarioIds()) {
  if (only && id !== only) continue;
  const sim = createSimulation(withLevers(getScenario(id)!, sets), { seed, days: 365 * years });
  console.log(`\n${id} (seed ${seed})`);
  for (let y = 0; y < years; y++) {
    stepDays(sim, 365);
    sim.params.warmupDays = 365 * y;
    const s = finish(sim).summary;
    const open = readSeries(sim, ['cases.open'], 365 * y).values['cases.open'];
    let mean = 0;
    for (const x of open) mean += x;
    mean /= open.length;
    console.log(`  year ${y + 1}: open mean ${mean.toFixed(0).padStart(7)} end ${open[open.length - 1].toFixed(0).padStart(7)}  response ${s['rate.response'].toFixed(3)} resolution ${s['rate.resolution'].toFixed(3)} satisfaction ${s['rate.satisfaction'].toFixed(3)} inGrid ${s['rate.inGrid'].toFixed(3)} gridSat ${s['rate.gridSatisfaction'].toFixed(3)} median ${s['time.median'].toFixed(2)} bounces ${s['cases.bouncesPer100'].toFixed(2)} assess ${s['department.assessmentMean'].toFixed(1)}`);
  }
}
