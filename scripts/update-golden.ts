// Records the golden digests of the current ENGINE_VERSION in test/sim/golden.json. Run it only
// after a change meant to alter the engine's outputs AND a bump of ENGINE_VERSION in
// sim/version.ts: it refuses to change the digests already recorded for a version.
import { readFileSync, writeFileSync } from 'node:fs';
import { ENGINE_VERSION, run } from '../sim/index.ts';
import { getScenario } from '../scenarios/index.ts';
import { caseKey, recordVersion, type GoldenFile } from './golden-contract.ts';
import { analysisDigests } from './golden-analyses.ts';

const file = new URL('../test/sim/golden.json', import.meta.url);
const golden = JSON.parse(readFileSync(file, 'utf8')) as GoldenFile;
const actual: Record<string, string> = {};
for (const g of golden.cases) {
  const r = run(getScenario(g.preset)!, { seed: g.seed, days: g.days });
  actual[caseKey(g)] = r.manifest.digest;
  console.log(g.preset, g.seed, g.days, r.manifest.digest);
}
// The golden analyses: every fixed plan scripts/golden-analyses.ts defines is recorded.
const analyses = analysisDigests();
for (const [k, d] of Object.entries(analyses)) {
  actual[k] = d;
  console.log(k, d);
}
golden.analyses = Object.keys(analyses);
let next: GoldenFile;
try {
  next = recordVersion(golden, ENGINE_VERSION, actual);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
console.log(`recorded the golden digests of engine ${ENGINE_VERSION}`);
