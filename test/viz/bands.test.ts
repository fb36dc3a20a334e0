// Confidence bands over replications: mean and Student-t interval per day, NaN-aware.
import { describe, expect, it } from 'vitest';
import { band, diff, t95 } from '../../viz/src/bands.ts';

describe('band(runs, days)', () => {
  it('gives the mean and the 95 % t interval of the mean on each day', () => {
    const b = band([[1, 10], [2, 10], [3, 10]], 2);
    expect(Array.from(b.mean)).toEqual([2, 10]);
    const half = 4.303 * Math.sqrt(1 / 3); // sd 1, n 3, t(2)
    expect(b.lo[0]).toBeCloseTo(2 - half, 10);
    expect(b.hi[0]).toBeCloseTo(2 + half, 10);
    expect(b.lo[1]).toBe(10);
    expect(b.hi[1]).toBe(10);
    expect(Array.from(b.n)).toEqual([3, 3]);
  });

  it('leaves out NaN values and is NaN where no run has a value', () => {
    const b = band([[NaN, 1], [NaN, 3]], 2);
    expect(b.mean[0]).toBeNaN();
    expect(b.n[0]).toBe(0);
    expect(b.mean[1]).toBe(2);
  });
});

describe('t95(df)', () => {
  it('matches the table and approaches 1.96', () => {
    expect(t95(1)).toBe(12.706);
    expect(t95(30)).toBe(2.042);
    expect(t95(1000)).toBeCloseTo(1.96, 2);
    expect(t95(0)).toBeNaN();
  });
});

describe('diff(a, b, days)', () => {
  it('subtracts day by day', () => {
    expect(Array.from(diff([3, 2], [1, 5], 2))).toEqual([2, -3]);
  });
});
