// Calibration (MODEL.md §9 and §10.5) at a size that runs in seconds: three of Qinhuai's twelve
// streets (about 170,000 residents; departments and the call centre scale with population),
// one year, seed 1. The sample takes every fourth street. qinhuai-2019 is FITTED: it must land
// inside its bands. qinhuai-2021 is qinhuai-2019 plus the eight reform patches and is a
// PREDICTION: it is checked against the 2021 bands, and the misses that docs/ODD.md §9 states
// may stay only within the stated distance. The full-scale check is `npm run calibrate:check`.
import { describe, expect, it } from 'vitest';
import { applyPatches, resolvedLevers, run, withLevers, type Scenario } from '../../sim/index.ts';
import { REFORM_PATCH_IDS, getPatch, getScenario } from '../../scenarios/index.ts';
import { CALIBRATION_TARGETS, KNOWN_MISSES_2021 } from '../../sim/experiments/index.ts';

function sample(preset: 'qinhuai-2019' | 'qinhuai-2021'): Scenario {
  const s = getScenario(preset)!;
  return { ...s, id: `${preset}-sample`, district: { ...s.district, streets: [0, 4, 8].map((i) => s.district.streets[i]) } };
}

function targets(preset: string) {
  return CALIBRATION_TARGETS.filter((t) => t.preset === preset || t.preset === 'both');
}

describe('calibration on a three-street sample of Qinhuai', () => {
  it('qinhuai-2021 is qinhuai-2019 plus one patch per reform component, with every staffing lever unchanged', () => {
    const before = getScenario('qinhuai-2019')!;
    const after = getScenario('qinhuai-2021')!;
    expect(REFORM_PATCH_IDS).toHaveLength(8);
    const patched = withLevers(applyPatches(before, REFORM_PATCH_IDS.map((id) => getPatch(id)!)), { 'calendar.startDate': '2021-01-01' });
    expect(resolvedLevers(after)).toEqual(resolvedLevers(patched));
    expect(after.district).toEqual(before.district);
    for (const id of REFORM_PATCH_IDS) {
      for (const lever of Object.keys(getPatch(id)!.levers)) expect(lever.startsWith('staffing.'), `${id} sets ${lever}`).toBe(false);
    }
  });

  it('qinhuai-2019 (fitted) lands inside its bands', () => {
    const r = run(sample('qinhuai-2019'), { seed: 1, days: 365 });
    const misses = targets('qinhuai-2019')
      .filter((t) => !(r.summary[t.metric] >= t.low && r.summary[t.metric] <= t.high))
      .map((t) => `${t.metric} = ${r.summary[t.metric].toFixed(3)} outside [${t.low}, ${t.high}]`);
    expect(misses).toEqual([]);
  });

  it('qinhuai-2021 (predicted) lands inside its bands, or within the miss docs/ODD.md §9 states', () => {
    const r = run(sample('qinhuai-2021'), { seed: 1, days: 365 });
    const problems: string[] = [];
    for (const t of targets('qinhuai-2021')) {
      const v = r.summary[t.metric];
      if (v >= t.low && v <= t.high) continue;
      const known = KNOWN_MISSES_2021[t.metric];
      if (!known || t.preset === 'both') problems.push(`${t.metric} = ${v.toFixed(3)} outside [${t.low}, ${t.high}] (no stated miss)`);
      else if (v < t.low - known.below || v > t.high) problems.push(`${t.metric} = ${v.toFixed(3)} misses [${t.low}, ${t.high}] by more than the stated ${known.below}`);
    }
    expect(problems).toEqual([]);
    // The reform must still be a large improvement on the fitted 2019 preset (a prediction, not noise).
    const base = run(sample('qinhuai-2019'), { seed: 1, days: 365 }).summary;
    expect(r.summary['rate.resolution']).toBeGreaterThan(base['rate.resolution'] + 0.15);
    expect(r.summary['rate.satisfaction']).toBeGreaterThan(base['rate.satisfaction'] + 0.08);
  });
});
