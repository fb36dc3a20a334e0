// Profile helper: run a preset twice (JIT warm-up, then measured) under --cpu-prof.
// node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts qinhuai-2021
import { run } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
const s = getScenario(process.argv[2] ?? 'qinhuai-2021')!;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = run(s, { seed: 1, days: 365 });
  console.log(`${(performance.now() - t0).toFixed(0)} ms`, r.manifest.digest.slice(0, 12));
}
