import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decompose, shapleyExact, shapleyPermutations, shapleySampled, shapleySubsets } from '../../sim/experiments/shapley.ts';

const table = (vals: number[]) => (m: number) => vals[m];

describe('Shapley decomposition', () => {
  it('matches a hand-computed 2-component case', () => {
    // v(∅)=0, v(A)=2, v(B)=3, v(AB)=10: φA = ½·2 + ½·(10−3) = 4.5, φB = ½·3 + ½·(10−2) = 5.5.
    expect(shapleyExact(2, table([0, 2, 3, 10]))).toEqual([4.5, 5.5]);
  });

  it('matches a hand-computed 3-component case', () => {
    // masks: 0 ∅, 1 A, 2 B, 3 AB, 4 C, 5 AC, 6 BC, 7 ABC
    // φA = ⅓·1 + ⅙·(4−2) + ⅙·(6−3) + ⅓·(10−5) = 17/6; φB = ⅓·2 + ⅙·3 + ⅙·2 + ⅓·4 = 17/6; φC = 13/3.
    const phi = shapleyExact(3, table([0, 1, 2, 4, 3, 6, 5, 10]));
    expect(phi[0]).toBeCloseTo(17 / 6, 12);
    expect(phi[1]).toBeCloseTo(17 / 6, 12);
    expect(phi[2]).toBeCloseTo(13 / 3, 12);
  });

  it('sums to the total effect, exact and sampled (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
      const vals = Array.from({ length: 1 << n }, (_, m) => Math.sin(m * 12.9898 + seed) * 43758.5453 % 10);
      const total = vals[(1 << n) - 1] - vals[0];
      const exact = shapleyExact(n, table(vals));
      expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
      const perms = shapleyPermutations(n, 5, seed);
      const sampled = shapleySampled(n, table(vals), perms);
      expect(sampled.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
    }));
  });

  it('additive components get their own effect; a pure interaction is split evenly', () => {
    expect(shapleyExact(3, (m) => (m & 1 ? 1 : 0) + (m & 2 ? 2 : 0) + (m & 4 ? 5 : 0))).toEqual([1, 2, 5]);
    const phi = shapleyExact(2, (m) => (m === 3 ? 6 : 0));
    expect(phi).toEqual([3, 3]);
  });

  it('sampled permutations approach the exact values; subsets needed are the prefixes', () => {
    const n = 4;
    const v = (m: number) => (m & 1) * 1 + (m & 2 ? 2 : 0) + ((m & 5) === 5 ? 4 : 0) + (m & 8 ? -1 : 0);
    const exact = shapleyExact(n, v);
    const perms = shapleyPermutations(n, 2000, 3);
    const est = shapleySampled(n, v, perms);
    est.forEach((x, i) => expect(Math.abs(x - exact[i])).toBeLessThan(0.1));
    expect(shapleySubsets(n).length).toBe(16);
    const few = shapleyPermutations(n, 2, 1);
    const subs = shapleySubsets(n, few);
    expect(subs[0]).toBe(0);
    expect(subs).toContain(15);
    expect(subs.length).toBe(1 + 3 + 3 + 1); // ∅, two chains of 3 proper prefixes (reverse order), full set
    expect(() => shapleySubsets(9)).toThrow(/8 components/);
  });

  it('decompose: per-replication Shapley with intervals, alone effects and interactions', () => {
    const reps = [0, 1, 2, 3].map((r) => new Map([[0, r], [1, r + 2], [2, r + 3], [3, r + 10]]));
    const d = decompose(2, reps);
    expect(d.method).toBe('exact');
    expect(d.total.mean).toBeCloseTo(10, 12);
    expect(d.components[0].shapley.mean).toBeCloseTo(4.5, 12);
    expect(d.components[0].alone.mean).toBeCloseTo(2, 12);
    expect(d.components[0].interaction.mean).toBeCloseTo(2.5, 12);
    expect(d.interactionTotal.mean).toBeCloseTo(5, 12);
    expect(d.pairs![0].interaction.mean).toBeCloseTo(5, 12);
    expect(() => decompose(2, [new Map([[0, 1]])])).toThrow(/no value/);
  });
});
