// Statistics against hand-computed values: t quantiles, the CI of a mean, the paired-difference
// CI with its effect size and verdict, and the handling of missing values.
import { describe, expect, it } from 'vitest';
import { meanCi, pairedDifference, percentileInterval, studentTCdf, studentTQuantile } from '../../sim/experiments/index.ts';

describe('studentTQuantile(p, df)', () => {
  // Two-sided 95 % critical values from standard tables.
  const table: [number, number][] = [[1, 12.7062047], [2, 4.3026527], [3, 3.1824463], [5, 2.5705818], [10, 2.2281389], [19, 2.0930241], [30, 2.0422725], [120, 1.9799304]];
  for (const [df, t] of table) {
    it(`gives t(0.975, ${df}) = ${t}`, () => expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6));
  }
  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    for (const p of [0.6, 0.9, 0.99, 0.999]) expect(studentTCdf(studentTQuantile(p, 4), 4)).toBeCloseTo(p, 10);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });
  it('approaches the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5);
  });
});

describe('meanCi(values, level)', () => {
  it('matches the hand-computed interval of 1..5', () => {
    // mean 3, sd √2.5 = 1.5811388, t(0.975, 4) = 2.7764451, half width 2.7764451·1.5811388/√5 = 1.9632432
    const r = meanCi([1, 2, 3, 4, 5]);
    expect(r.n).toBe(5);
    expect(r.mean).toBe(3);
    expect(r.sd).toBeCloseTo(1.5811388, 7);
    expect(r.ciLow).toBeCloseTo(1.0367568, 6);
    expect(r.ciHigh).toBeCloseTo(4.9632432, 6);
  });
  it('narrows at a lower level', () => {
    const r = meanCi([1, 2, 3, 4, 5], 0.9); // t(0.95, 4) = 2.1318468
    expect(r.ciHigh - r.mean).toBeCloseTo((2.1318468 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
  });
  it('leaves out non-finite values and counts them', () => {
    const r = meanCi([1, NaN, 3, Infinity]);
    expect(r).toMatchObject({ n: 2, missing: 2, mean: 2 });
  });
  it('has no interval for a single value and none at all for no value', () => {
    expect(meanCi([4])).toMatchObject({ n: 1, mean: 4 });
    expect(meanCi([4]).ciLow).toBeNaN();
    expect(meanCi([]).mean).toBeNaN();
  });
});

describe('pairedDifference(baseline, reform)', () => {
  it('matches the hand-computed paired interval, effect size and verdict', () => {
    // d = [2, 3, 1, 3]: mean 2.25, sd √(2.75/3) = 0.9574271, t(0.975, 3) = 3.1824463,
    // half width 3.1824463·0.9574271/2 = 1.5234802 → [0.7265198, 3.7734802], d_z = 2.3500484
    const r = pairedDifference([10, 12, 9, 11], [12, 15, 10, 14]);
    expect(r.mean).toBeCloseTo(2.25, 12);
    expect(r.sd).toBeCloseTo(0.9574271, 7);
    expect(r.ciLow).toBeCloseTo(0.7265198, 6);
    expect(r.ciHigh).toBeCloseTo(3.7734802, 6);
    expect(r.effectSize).toBeCloseTo(2.3500484, 6);
    expect(r.verdict).toBe('higher');
    expect(r.relative).toBeCloseTo(2.25 / 10.5, 12);
  });
  it('gives no verdict when the interval includes 0', () => {
    const r = pairedDifference([1, 2, 3, 4], [2, 1, 4, 3]);
    expect(r.ciLow).toBeLessThan(0);
    expect(r.ciHigh).toBeGreaterThan(0);
    expect(r.verdict).toBe('');
  });
  it('says lower when the reform is lower throughout', () => {
    expect(pairedDifference([5, 6, 7], [4, 4.5, 6.2]).verdict).toBe('lower');
  });
  it('pairs by position and drops pairs with a missing side', () => {
    const r = pairedDifference([1, NaN, 3, 4], [2, 5, NaN, 6]);
    expect(r).toMatchObject({ n: 2, missing: 2, mean: 1.5 });
  });
  it('refuses samples of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/equal length/);
  });
});

describe('percentileInterval(estimates, level)', () => {
  it('takes the 2.5 % and 97.5 % quantiles', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i + 1);
    const [lo, hi] = percentileInterval(xs);
    expect(lo).toBeGreaterThanOrEqual(25);
    expect(lo).toBeLessThanOrEqual(26);
    expect(hi).toBeGreaterThanOrEqual(975);
    expect(hi).toBeLessThanOrEqual(976);
  });
});
