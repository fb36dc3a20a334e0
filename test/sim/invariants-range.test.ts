// The property tests' lever generator covers each lever's whole range: integer levers reach
// their maximum (pay above 1,900 yuan, say), dates reach both ends of the calendar lever.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVERS } from '../../sim/index.ts';
import { arbLeverValue } from './helpers.ts';

describe('arbLeverValue', () => {
  for (const l of LEVERS.filter((x) => x.kind === 'integer' || x.kind === 'number')) {
    it(`${l.id} draws from its whole range [${'min' in l ? l.min : ''}, ${'max' in l ? l.max : ''}]`, () => {
      if (l.kind !== 'integer' && l.kind !== 'number') return;
      const xs = fc.sample(arbLeverValue(l.id), { numRuns: 400, seed: 7 }) as number[];
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(l.min);
      expect(Math.max(...xs)).toBeLessThanOrEqual(l.max);
      // The top tenth of the range is reached (fast-check also favours the ends themselves).
      expect(Math.max(...xs)).toBeGreaterThanOrEqual(l.max - (l.max - l.min) / 10);
    });
  }
  it('dates span the calendar lever from end to end', () => {
    const l = LEVERS.find((x) => x.kind === 'date')!;
    if (l.kind !== 'date') return;
    const xs = fc.sample(arbLeverValue(l.id), { numRuns: 2000, seed: 7 }) as string[];
    expect(xs.every((d) => d >= l.min && d <= l.max)).toBe(true);
    expect(xs.some((d) => d > '2025-06-30')).toBe(true);
    expect(xs.some((d) => d < '2019-07-01')).toBe(true);
  });
});
