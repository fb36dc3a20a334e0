// district.referencePopulation is read: department staff scale with population / reference
// (default Qinhuai's 740,000), so stating the default changes nothing and another value does.
import { describe, expect, it } from 'vitest';
import { run, type Scenario } from '../../sim/index.ts';
import { REFERENCE_POPULATION } from '../../sim/scenario.ts';
import { getScenario } from '../../scenarios/index.ts';

const base = getScenario('training')!;
const withRef = (n: number): Scenario => ({ ...base, district: { ...base.district, referencePopulation: n } });

describe('district.referencePopulation', () => {
  it('stating the default gives the same outputs (digest) as leaving it out', () => {
    expect(run(withRef(REFERENCE_POPULATION), { seed: 1, days: 40 }).manifest.digest).toBe(run(base, { seed: 1, days: 40 }).manifest.digest);
  });
  it('a smaller reference gives the departments more staff hours, and changes the outputs', () => {
    const a = run(base, { seed: 1, days: 40 });
    const b = run(withRef(2000), { seed: 1, days: 40 });
    expect(b.manifest.digest).not.toBe(a.manifest.digest);
  });
});
