// Calibration check (MODEL.md section 9): runs the pre-reform and reform presets at full scale
// and prints each target, its band and the model's value. `npm run calibrate:check` exits
// non-zero when a value falls outside its band. qinhuai-2019 is fitted; qinhuai-2021 is a
// prediction (2019 + the reform patches): its stated misses (docs/ODD.md §9) are printed as
// such and fail the check only when they grow past the stated distance. Options: --days N (365), --seed N (1).
import { run, withLevers, type LeverValues } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
import { CALIBRATION_TARGETS, KNOWN_MISSES_2021 } from '../sim/experiments/index.ts';

const args = process.argv.slice(2);
const arg = (k: string, d: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const days = Number(arg('--days', '365'));
const seed = Number(arg('--seed', '1'));
const sets: LeverValues = {};
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); sets[k] = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v); }
let failed = 0;
for (const preset of ['qinhuai-2019', 'qinhuai-2021'] as const) {
  const r = run(withLevers(getScenario(preset)!, sets), { seed, days });
  console.log(`\n${preset} ${preset === 'qinhuai-2019' ? '(fitted' : '(predicted'}, seed ${seed}, ${days} days, digest ${r.manifest.digest.slice(0, 12)})`);
  for (const t of CALIBRATION_TARGETS.filter((x) => x.preset === preset || x.preset === 'both')) {
    const v = r.summary[t.metric];
    const ok = v >= t.low && v <= t.high;
    const known = preset === 'qinhuai-2021' && t.preset !== 'both' ? KNOWN_MISSES_2021[t.metric] : undefined;
    const stated = !ok && known !== undefined && v >= t.low - known.below && v <= t.high;
    if (!ok && !stated) failed++;
    console.log(`  ${ok ? 'ok  ' : stated ? 'miss' : 'MISS'} ${t.metric.padEnd(26)} ${v.toFixed(3).padStart(7)}  band [${t.low}, ${t.high}]  ${t.source}${stated ? `  (stated miss: ${known.why})` : ''}`);
  }
}
console.log(failed ? `\n${failed} target(s) outside their band` : '\nall targets inside their bands');
if (args.includes('--check')) process.exitCode = failed ? 1 : 0;
