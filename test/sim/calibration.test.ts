// Calibration (MODEL.md section 9) at a size that runs in seconds: three of Qinhuai's twelve
// streets (about 170,000 residents; departments and the call centre scale with population),
// one year. The sample takes every fourth street. The full-scale check is `npm run calibrate:check`.
import { describe, expect, it } from 'vitest';
import { run, type Scenario } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { CALIBRATION_TARGETS } from './calibration-targets.ts';

function sample(preset: 'qinhuai-2019' | 'qinhuai-2021'): Scenario {
  const s = getScenario(preset)!;
  return { ...s, id: `${preset}-sample`, district: { ...s.district, streets: [0, 4, 8].map((i) => s.district.streets[i]) } };
}

describe('calibration on a three-street sample of Qinhuai', () => {
  for (const preset of ['qinhuai-2019', 'qinhuai-2021'] as const) {
    it(`${preset} lands inside its bands`, () => {
      const r = run(sample(preset), { seed: 1, days: 365 });
      const misses = CALIBRATION_TARGETS
        .filter((t) => t.preset === preset || t.preset === 'both')
        .filter((t) => !(r.summary[t.metric] >= t.low && r.summary[t.metric] <= t.high))
        .map((t) => `${t.metric} = ${r.summary[t.metric].toFixed(3)} outside [${t.low}, ${t.high}]`);
      expect(misses).toEqual([]);
    });
  }
});
