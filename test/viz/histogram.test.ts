// The resolution-time chart regroups the engine's quarter-day histogram into about 30 bars over
// a span that holds nearly all cases.
import { describe, expect, it } from 'vitest';
import { barDays, chooseCap, regroup } from '../../viz/src/charts/histogram.ts';

const h = (all: number[]) => ({ binDays: 0.25, all });

describe('chooseCap(histograms)', () => {
  it('picks the shortest span holding 97 % of the cases of every run', () => {
    const quick = h([90, 5, 3, 2]); // all within one day
    expect(chooseCap([quick])).toBe(2);
    const slow = h([...new Array(40).fill(0), 100]); // at 10 days
    expect(chooseCap([quick, slow])).toBe(15);
    expect(chooseCap([h(new Array(401).fill(0))])).toBe(2);
  });
});

describe('barDays(cap, binDays) and regroup(h, cap, width)', () => {
  it('makes about 30 bars of whole engine bins and keeps every case', () => {
    expect(barDays(2, 0.25)).toBe(0.25);
    expect(barDays(15, 0.25)).toBe(0.5);
    expect(barDays(30, 0.25)).toBe(1);
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const bars = regroup(h(all), 1, 0.5); // bins of 0.25 d → bars of 0.5 d up to 1 d, then overflow
    expect(bars).toEqual([3, 7, 35]);
    expect(bars.reduce((a, b) => a + b)).toBe(45);
  });
});
