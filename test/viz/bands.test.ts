// Confidence bands over replications come from the engine's statistics (meanCi, pairedDifference),
// day by day, NaN-aware; the worker computes them, the page draws them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanCi, pairedDifference, tCritical } from '../../sim/experiments/index.ts';
import { band, bandBuffers, bandSet, pairedBand, spreadBand } from '../../viz/src/bands.ts';

describe('band(runs, days)', () => {
  it('gives the mean and the 95 % t interval of the mean on each day (the engine\'s meanCi)', () => {
    const b = band([[1, 10], [2, 10], [3, 10]], 2);
    expect(Array.from(b.mean)).toEqual([2, 10]);
    const half = tCritical(0.95, 2) * Math.sqrt(1 / 3); // sd 1, n 3
    expect(b.lo[0]).toBeCloseTo(2 - half, 10);
    expect(b.hi[0]).toBeCloseTo(2 + half, 10);
    expect(b.lo[0]).toBe(meanCi([1, 2, 3]).ciLow);
    expect(b.lo[1]).toBe(10);
    expect(b.hi[1]).toBe(10);
    expect(Array.from(b.n)).toEqual([3, 3]);
  });

  it('leaves out NaN values; no interval where fewer than two runs have a value', () => {
    const b = band([[NaN, 1, 5], [NaN, 3, NaN]], 3);
    expect(b.mean[0]).toBeNaN();
    expect(b.n[0]).toBe(0);
    expect(b.mean[1]).toBe(2);
    expect(b.mean[2]).toBe(5);
    expect(b.n[2]).toBe(1);
    expect(b.lo[2]).toBeNaN();
  });

  it('treats days past a short run as missing', () => {
    const b = band([[1, 2], [3]], 2);
    expect(b.n[1]).toBe(1);
    expect(b.mean[1]).toBe(2);
  });
});

describe('pairedBand(baseline, reform, days)', () => {
  it('is the engine\'s paired difference reform − baseline, run k with run k', () => {
    const base = [[1, 5], [2, 5], [4, 5]];
    const reform = [[2, 6], [2.5, 7], [6, 8]];
    const b = pairedBand(base, reform, 2);
    for (let d = 0; d < 2; d++) {
      const ref = pairedDifference(base.map((r) => r[d]), reform.map((r) => r[d]));
      expect(b.mean[d]).toBe(ref.mean);
      expect(b.lo[d]).toBe(ref.ciLow);
      expect(b.hi[d]).toBe(ref.ciHigh);
    }
  });

  it('refuses arms with different numbers of runs', () => {
    expect(() => pairedBand([[1]], [[1], [2]], 1)).toThrow(RangeError);
  });
});

describe('bandSet(main, base, days)', () => {
  it('bands every series of both arms and their difference; its buffers can be transferred', () => {
    const run = (x: number) => ({ a: Float64Array.of(x, x + 1), b: Float64Array.of(2 * x, 0) });
    const set = bandSet([run(1), run(2)], [run(0), run(0.5)], 2);
    expect(Object.keys(set.main)).toEqual(['a', 'b']);
    expect(set.base && Object.keys(set.base)).toEqual(['a', 'b']);
    expect(set.diff!.a.mean[0]).toBeCloseTo(1.25, 12);
    expect(bandSet([run(1)], undefined, 2).diff).toBeUndefined();
    const buffers = bandBuffers(set);
    // Five arms (edited, baseline, difference, and the spread of each arm's runs) × 2 series × 4 arrays.
    expect(buffers).toHaveLength(5 * 2 * 4);
    expect(new Set(buffers).size).toBe(buffers.length);
  });
});

describe('spreadBand (the 10–90 % range of the runs themselves)', () => {
  it('gives the quantiles of the runs, not of their mean: it does not narrow as runs are added', () => {
    const runs = (n: number) => Array.from({ length: n }, (_, k) => Float64Array.of(k % 10));
    const ten = spreadBand(runs(10), 1);
    expect(ten.lo[0]).toBeCloseTo(0.9, 12);
    expect(ten.hi[0]).toBeCloseTo(8.1, 12);
    expect(ten.mean[0]).toBeCloseTo(4.5, 12);
    const hundred = spreadBand(runs(100), 1);
    // The interval of the mean shrinks like 1/√n; the spread of outcomes stays.
    expect(hundred.hi[0] - hundred.lo[0]).toBeGreaterThan(0.9 * (ten.hi[0] - ten.lo[0]));
    const ci = band(runs(100), 1);
    expect(ci.hi[0] - ci.lo[0]).toBeLessThan(0.3 * (hundred.hi[0] - hundred.lo[0]));
  });

  it('leaves out NaN and gives no range with fewer than two values', () => {
    const b = spreadBand([Float64Array.of(1, NaN), Float64Array.of(3, 5), Float64Array.of(NaN, NaN)], 2);
    expect(b.n[0]).toBe(2);
    expect(b.lo[0]).toBeCloseTo(1.2, 12);
    expect(b.hi[0]).toBeCloseTo(2.8, 12);
    expect(b.n[1]).toBe(1);
    expect(Number.isNaN(b.lo[1])).toBe(true);
    expect(b.mean[1]).toBe(5);
  });

  it('is ordered lo ≤ median ≤ hi for any runs', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 12 }), (rows) => {
      const b = spreadBand(rows.map((r) => Float64Array.from(r)), 3);
      for (let i = 0; i < 3; i++) {
        expect(b.lo[i]).toBeLessThanOrEqual(b.mean[i] + 1e-9);
        expect(b.mean[i]).toBeLessThanOrEqual(b.hi[i] + 1e-9);
      }
    }));
  });
});
