// Golden digests: the presets × two seeds must reproduce the pinned digests byte for byte. A
// change that alters them must update them on purpose (npm run golden:update) and bump
// ENGINE_VERSION.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, run, verifyDigest } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { GOLDEN_CASES } from './golden-cases.ts';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as { engineVersion: string; digests: Record<string, string> };

describe('golden digests', () => {
  it('were pinned for this engine version', () => {
    expect(golden.engineVersion).toBe(ENGINE_VERSION);
  });
  for (const g of GOLDEN_CASES) {
    const key = `${g.preset}/seed=${g.seed}/days=${g.days}`;
    it(`${key} reproduces its pinned digest`, () => {
      const r = run(getScenario(g.preset)!, { seed: g.seed, days: g.days });
      expect(verifyDigest(r)).toBe(true);
      expect(r.manifest.digest).toBe(golden.digests[key]);
    }, 60_000);
  }
});
