// Rewrites test/sim/golden.json: the pinned digests of the presets. Run it only when a change is
// meant to alter the engine's outputs (and bump ENGINE_VERSION in sim/version.ts).
import { writeFileSync } from 'node:fs';
import { ENGINE_VERSION, run } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
import { GOLDEN_CASES } from '../test/sim/golden-cases.ts';

const out: Record<string, string> = {};
for (const g of GOLDEN_CASES) {
  const r = run(getScenario(g.preset)!, { seed: g.seed, days: g.days });
  out[`${g.preset}/seed=${g.seed}/days=${g.days}`] = r.manifest.digest;
  console.log(g.preset, g.seed, g.days, r.manifest.digest);
}
writeFileSync(new URL('../test/sim/golden.json', import.meta.url), `${JSON.stringify({ engineVersion: ENGINE_VERSION, digests: out }, null, 2)}\n`);
