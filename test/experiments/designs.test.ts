// Designs and factors: Latin hypercube strata, full-factorial order, lever values snapped to
// valid values, factor parsing and checking, and common-random-number seeds in plans.
import { describe, expect, it } from 'vitest';
import { getLever, parseLeverText } from '../../sim/index.ts';
import {
  checkFactors, factorLevels, factorValue, fullFactorial, latinHypercube, parseFactor, planCompare, planSensitivity, planSweep,
  replicationSeeds,
} from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';

describe('latinHypercube(n, k, seed)', () => {
  it('puts one point in each stratum of every coordinate', () => {
    const pts = latinHypercube(20, 3, 5);
    for (let j = 0; j < 3; j++) {
      const strata = pts.map((p) => Math.floor(p[j] * 20)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
    expect(latinHypercube(20, 3, 5)).toEqual(pts);
    expect(latinHypercube(20, 3, 6)).not.toEqual(pts);
  });
});

describe('fullFactorial(levels)', () => {
  it('lists every combination, first factor slowest', () => {
    expect(fullFactorial([[1, 2], ['a', 'b', 'c']])).toEqual([[1, 'a'], [1, 'b'], [1, 'c'], [2, 'a'], [2, 'b'], [2, 'c']]);
  });
});

describe('factorValue(factor, u)', () => {
  it('snaps to the lever step and keeps integers integral', () => {
    const l = getLever('staffing.streetStaff')!;
    expect(l.kind).toBe('integer');
    for (const u of [0, 0.13, 0.5, 0.77, 1]) {
      const v = factorValue({ lever: l.id, min: 5, max: 30 }, u) as number;
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(5);
      expect(v).toBeLessThanOrEqual(30);
    }
    expect(factorValue({ lever: 'grid.discretion', min: 0, max: 1 }, 0.333)).toBe(0.35);
    expect(factorValue({ lever: 'smart.oneApp' }, 0.2)).toBe(false);
    expect(factorValue({ lever: 'smart.oneApp' }, 0.7)).toBe(true);
  });
  it('gives factorial levels over a range', () => {
    expect(factorLevels({ lever: 'grid.discretion', min: 0.2, max: 0.8, levels: 4 })).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});

describe('parseFactor(text) and checkFactors(factors)', () => {
  it('reads the four forms', () => {
    expect(parseFactor('grid.discretion', parseLeverText)).toEqual({ lever: 'grid.discretion' });
    expect(parseFactor('grid.discretion=0.2:0.8', parseLeverText)).toEqual({ lever: 'grid.discretion', min: 0.2, max: 0.8 });
    expect(parseFactor('grid.discretion=0.2:0.8:5', parseLeverText)).toEqual({ lever: 'grid.discretion', min: 0.2, max: 0.8, levels: 5 });
    expect(parseFactor('smart.oneApp=true,false', parseLeverText)).toEqual({ lever: 'smart.oneApp', values: [true, false] });
  });
  it('names unknown levers, ranges outside the lever and repeated levers', () => {
    const p = checkFactors([{ lever: 'no.such' }, { lever: 'grid.discretion', min: 0, max: 2 }, { lever: 'grid.discretion', min: 0.1, max: 0.2 }]);
    expect(p.map((x) => x.message).join('\n')).toMatch(/unknown lever "no\.such"/);
    expect(p.map((x) => x.message).join('\n')).toMatch(/grid\.discretion max must be a number in \[0, 1\], got 2/);
    expect(p.map((x) => x.message).join('\n')).toMatch(/given twice/);
    expect(checkFactors([])[0].message).toMatch(/at least one/);
  });
});

describe('plans use common random numbers', () => {
  const base = getScenario('training')!;
  it('replication k of every scenario runs with seed base + k', () => {
    const reform = { ...base, id: 'reform', levers: { ...base.levers, 'grid.discretion': 0.3 } };
    const plan = planCompare({ baseline: base, reforms: [reform], days: 10, reps: 3, baseSeed: 40 });
    expect(plan.seeds).toEqual([40, 41, 42]);
    expect(replicationSeeds(40, 3)).toEqual(plan.seeds);
    expect(plan.jobs.map((j) => [j.key, j.seed])).toEqual([
      ['training@0', 40], ['reform@0', 40], ['training@1', 41], ['reform@1', 41], ['training@2', 42], ['reform@2', 42],
    ]);
    expect(plan.scenarios[1].levers).toEqual({ 'grid.discretion': 0.3 });
    expect(planCompare({ baseline: base, reforms: [reform], days: 10, reps: 3, baseSeed: 40 }).planHash).toBe(plan.planHash);
    expect(planCompare({ baseline: base, reforms: [reform], days: 11, reps: 3, baseSeed: 40 }).planHash).not.toBe(plan.planHash);
  });
  it('refuses reps ≤ 0 and fork days outside the run', () => {
    expect(() => planCompare({ baseline: base, reforms: [base], days: 10, reps: 0, baseSeed: 1 })).toThrow(/reps must be an integer ≥ 1/);
    expect(() => planCompare({ baseline: base, reforms: [base], days: 10, reps: 2, baseSeed: 1, forkDay: 10 })).toThrow(/fork day/);
  });
  it('sweeps and sensitivity designs give every point valid lever values', () => {
    const sweep = planSweep({ base, factors: [{ lever: 'grid.discretion', min: 0.2, max: 0.8, levels: 3 }, { lever: 'smart.oneApp' }], method: 'factorial', days: 5, reps: 2, baseSeed: 1 });
    expect(sweep.scenarios).toHaveLength(6);
    expect(sweep.jobs).toHaveLength(12);
    const sens = planSensitivity({ base, factors: [{ lever: 'staffing.streetStaff', min: 5, max: 30 }, { lever: 'grid.discretion' }], method: 'morris', trajectories: 4, days: 5, reps: 1, baseSeed: 1 });
    expect(sens.scenarios).toHaveLength(4 * 3);
    for (const s of sens.scenarios) expect(Number.isInteger(s.levers['staffing.streetStaff'])).toBe(true);
  });
});
