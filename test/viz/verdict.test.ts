// KPI verdicts: "better" or "worse" only when the interval of the paired difference over
// replications excludes 0; inside it, "no clear difference"; with no interval (one seed), none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdict } from '../../viz/src/kpis.ts';
import type { Band } from '../../viz/src/protocol.ts';

function bandOf(mean: number, lo: number, hi: number, days = 5): Band {
  return { mean: new Float64Array(days).fill(mean), lo: new Float64Array(days).fill(lo), hi: new Float64Array(days).fill(hi), n: new Int32Array(days).fill(8) };
}

describe('verdict(diff, day, better)', () => {
  it('judges only when the interval excludes 0, by the KPI\'s direction', () => {
    expect(verdict(bandOf(0.02, 0.01, 0.03), 5, 1).verdict).toBe('better');
    expect(verdict(bandOf(0.02, 0.01, 0.03), 5, -1).verdict).toBe('worse');
    expect(verdict(bandOf(-2, -3, -1), 5, -1).verdict).toBe('better');
    expect(verdict(bandOf(0.02, -0.01, 0.05), 5, 1).verdict).toBe('unclear');
  });

  it('gives no verdict without an interval (one seed) or for a KPI with no direction', () => {
    expect(verdict(undefined, 5, 1).verdict).toBe('none');
    expect(verdict(bandOf(1, 0.5, 1.5), 5, 0).verdict).toBe('none');
    expect(verdict(bandOf(NaN, NaN, NaN), 5, 1).verdict).toBe('none');
  });

  it('reads the last day with an interval up to the day shown', () => {
    const b = bandOf(0.02, 0.01, 0.03, 10);
    for (let i = 6; i < 10; i++) { b.lo[i] = -1; b.hi[i] = 1; }
    expect(verdict(b, 5, 1).verdict).toBe('better');
    expect(verdict(b, 10, 1).verdict).toBe('unclear');
    b.lo[9] = NaN;
    expect(verdict(b, 10, 1).lo).toBe(-1);
  });

  it('never calls a difference whose interval contains 0 better or worse', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom<1 | -1>(1, -1),
      (m, a, c, dir) => {
        const v = verdict(bandOf(m, m - a, m + c), 5, dir);
        const excludes = m - a > 0 || m + c < 0;
        expect(v.verdict === 'better' || v.verdict === 'worse').toBe(excludes);
      }));
  });
});
