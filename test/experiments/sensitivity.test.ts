// Sobol indices of the Ishigami function (known analytically) and Morris screening of a function
// whose important inputs are known.
import { describe, expect, it } from 'vitest';
import { morrisDesign, morrisIndices, saltelliDesign, sobolIndices } from '../../sim/experiments/index.ts';

const A = 7;
const B = 0.1;
/** Ishigami on [−π, π]^3, inputs given on the unit cube. */
function ishigami(u: number[]): number {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
}
// Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999).
const PI4 = Math.PI ** 4;
const V = A * A / 8 + (B * PI4) / 5 + (B * B * PI4 * PI4) / 18 + 0.5;
const V1 = 0.5 * (1 + (B * PI4) / 5) ** 2;
const V2 = (A * A) / 8;
const V13 = ((B * B * PI4 * PI4) * 8) / 225;
const TRUE_S = [V1 / V, V2 / V, 0];
const TRUE_ST = [(V1 + V13) / V, V2 / V, V13 / V];

describe('sobolIndices(saltelliDesign(n, k), y)', () => {
  const design = saltelliDesign(8192, 3, 2024);
  const result = sobolIndices(design, design.points.map(ishigami), { bootstrap: 100, seed: 7 });

  it('lays out n·(k + 2) points', () => {
    expect(design.points).toHaveLength(8192 * 5);
    expect(design.points[2]).toEqual([design.points[1][0], design.points[0][1], design.points[0][2]]);
  });

  it('recovers the Ishigami first-order indices within 0.05', () => {
    expect(TRUE_S[0]).toBeCloseTo(0.3139, 3);
    result.indices.forEach((ix, i) => expect(Math.abs(ix.first - TRUE_S[i]), `S${i + 1}`).toBeLessThan(0.05));
  });

  it('recovers the Ishigami total indices within 0.05', () => {
    expect(TRUE_ST[2]).toBeCloseTo(0.2437, 3);
    result.indices.forEach((ix, i) => expect(Math.abs(ix.total - TRUE_ST[i]), `ST${i + 1}`).toBeLessThan(0.05));
  });

  it('gives bootstrap intervals around the estimates', () => {
    for (const ix of result.indices) {
      expect(ix.firstLow).toBeLessThanOrEqual(ix.first);
      expect(ix.firstHigh).toBeGreaterThanOrEqual(ix.first);
      expect(ix.totalHigh - ix.totalLow).toBeLessThan(0.1);
    }
  });

  it('is deterministic for a seed', () => {
    const again = sobolIndices(design, design.points.map(ishigami), { bootstrap: 100, seed: 7 });
    expect(again).toEqual(result);
  });
});

describe('morrisIndices(morrisDesign(k, r), y)', () => {
  // x0 strong and linear with an interaction with x3, x1 quadratic, x2 and x4 inert.
  const f = (x: number[]) => 10 * x[0] + 5 * x[1] * x[1] + 0 * x[2] + 2 * x[0] * x[3];
  const design = morrisDesign(5, 30, 11);
  const idx = morrisIndices(design, design.points.map(f), { seed: 3 });

  it('moves one factor by Δ at each step of a trajectory', () => {
    expect(design.points).toHaveLength(30 * 6);
    expect(design.delta).toBeCloseTo(2 / 3, 12);
    for (let j = 1; j < design.points.length; j++) {
      const i = design.changed[j];
      if (i < 0) continue;
      const moved = design.points[j].map((v, q) => Math.abs(v - design.points[j - 1][q]));
      expect(moved.filter((m) => m > 1e-12)).toHaveLength(1);
      expect(moved[i]).toBeCloseTo(design.delta, 12);
      for (const v of design.points[j]) expect(v >= 0 && v <= 1).toBe(true);
    }
  });

  it('ranks the important inputs first and finds the inert ones inert', () => {
    const order = idx.slice().sort((a, b) => b.muStar - a.muStar).map((x) => x.factor);
    expect(order.slice(0, 3)).toEqual([0, 1, 3]);
    expect(idx[2].muStar).toBe(0);
    expect(idx[4].muStar).toBe(0);
    expect(idx[2].sigma).toBe(0);
  });

  it('gives μ* of a linear input as its slope plus the interaction', () => {
    // ∂f/∂x0 = 10 + 2·x3, with x3 on the grid {0, 1/3, 2/3, 1}: between 10 and 12.
    expect(idx[0].muStar).toBeGreaterThanOrEqual(10);
    expect(idx[0].muStar).toBeLessThanOrEqual(12);
    expect(idx[0].sigma).toBeGreaterThan(0);
    expect(idx[1].sigma).toBeGreaterThan(0); // non-linear
    expect(idx[0].muStarLow).toBeLessThanOrEqual(idx[0].muStar);
    expect(idx[0].muStarHigh).toBeGreaterThanOrEqual(idx[0].muStar);
  });

  it('uses the actual step after snapping', () => {
    const actual = design.points.map((p) => p.map((v) => Math.round(v * 3) / 3));
    const again = morrisIndices(design, actual.map(f), { actual, seed: 3 });
    expect(again[0].muStar).toBeGreaterThanOrEqual(10);
  });
});
