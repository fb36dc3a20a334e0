// ABC-SMC on a toy model with an analytic posterior: the mean μ of a normal with known variance,
// flat prior; the tolerance stops at 0.04 (ABC adds ε²/3 to the variance: sd 0.2013). Data: n = 25 draws with mean 1.3 and σ = 1, so the posterior is N(1.3, 0.2²)
// (the prior U(-10, 10) truncates nothing that matters). Tolerance stated: the weighted posterior
// mean within 0.05 (a quarter of a posterior sd) and the posterior sd within 15 %.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bandDistance, effectiveSampleSize, gaussian, quantile, resampleIndices, runAbcSmc, targetsMet, weightedMoments,
  type AbcParameter, type ProposalKey,
} from '../../sim/experiments/abc.ts';
import { createRandom } from '../../sim/experiments/random.ts';

const OBS = 1.3;
const SE = 0.2;
const params: AbcParameter[] = [{ name: 'mu', prior: { dist: 'uniform', low: -10, high: 10 } }];
const simulate = (thetas: number[][], keys: ProposalKey[]) => thetas.map((t, i) => {
  const rng = createRandom(7, `toy/${keys[i].generation}/${keys[i].batch}/${keys[i].index}`);
  return Math.abs(t[0] + SE * gaussian(rng) - OBS);
});

describe('ABC-SMC', () => {
  it('recovers the analytic posterior of a normal mean (known variance)', async () => {
    const res = await runAbcSmc(params, { particles: 600, generations: 20, seed: 3, minEpsilon: 0.04, maxBatches: 40 }, simulate);
    expect(res.stop).toBe('epsilon');
    const thetas = res.particles.map((p) => p.theta);
    const w = res.particles.map((p) => p.weight);
    const { mean, sd } = weightedMoments(thetas, w);
    expect(Math.abs(mean[0] - OBS)).toBeLessThan(0.05);
    expect(Math.abs(sd[0] / SE - 1)).toBeLessThan(0.15);
    // The tolerance shrinks every generation and the weights are a distribution.
    const eps = res.generations.map((g) => g.epsilon);
    for (let i = 1; i < eps.length; i++) expect(eps[i]).toBeLessThan(eps[i - 1]);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const g of res.generations) expect(g.ess).toBeGreaterThan(1);
  });

  it('a log-uniform prior is respected and the posterior still centres on the data', async () => {
    const p: AbcParameter[] = [{ name: 'mu', prior: { dist: 'loguniform', low: 0.1, high: 10 } }];
    const res = await runAbcSmc(p, { particles: 200, generations: 20, seed: 5, minEpsilon: 0.05 }, simulate);
    for (const q of res.particles) expect(q.theta[0]).toBeGreaterThanOrEqual(0.1);
    const { mean } = weightedMoments(res.particles.map((q) => q.theta), res.particles.map((q) => q.weight));
    expect(Math.abs(mean[0] - OBS)).toBeLessThan(0.08);
  });

  it('is deterministic by seed and independent of how batches are evaluated', async () => {
    const s = { particles: 50, generations: 4, seed: 11 };
    const a = await runAbcSmc(params, s, simulate);
    const b = await runAbcSmc(params, s, async (t, k) => { await new Promise((r) => setTimeout(r, 0)); return simulate(t, k); });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await runAbcSmc(params, { ...s, seed: 12 }, simulate);
    expect(JSON.stringify(c.particles)).not.toBe(JSON.stringify(a.particles));
  });

  it('drops failed evaluations (NaN) and refuses bad settings by name', async () => {
    const res = await runAbcSmc(params, { particles: 20, generations: 2, seed: 1 }, (t, k) => simulate(t, k).map((d, i) => (i % 3 === 0 ? NaN : d)));
    for (const p of res.particles) expect(Number.isNaN(p.distance)).toBe(false);
    await expect(runAbcSmc(params, { particles: 1, generations: 2, seed: 1 }, simulate)).rejects.toThrow(/particles/);
    await expect(runAbcSmc([{ name: 'x', prior: { dist: 'uniform', low: 1, high: 0 } }], { particles: 5, generations: 2, seed: 1 }, simulate)).rejects.toThrow(/parameter x/);
  });

  it('integer parameters stay integers within their prior', async () => {
    const p: AbcParameter[] = [{ name: 'n', prior: { dist: 'uniform', low: 0, high: 20 }, integer: true }];
    const res = await runAbcSmc(p, { particles: 40, generations: 3, seed: 2 }, (t) => t.map((x) => Math.abs(x[0] - 7)));
    for (const q of res.particles) { expect(Number.isInteger(q.theta[0])).toBe(true); expect(q.theta[0]).toBeLessThanOrEqual(20); }
  });
});

describe('ABC helpers', () => {
  it('band distance is 0 exactly when every target is met, else the largest miss in band widths', () => {
    fc.assert(fc.property(fc.double({ min: -1, max: 2, noNaN: true }), fc.double({ min: -1, max: 2, noNaN: true }), (a, b) => {
      const targets = [{ metric: 'a', low: 0, high: 1 }, { metric: 'b', low: 0.5, high: 0.7 }];
      const d = bandDistance({ a, b }, targets);
      const met = targetsMet({ a, b }, targets);
      expect(d === 0).toBe(met.every(Boolean));
      const miss = Math.max(Math.max(0, -a, a - 1), Math.max(0, 0.5 - b, b - 0.7) / 0.2);
      expect(d).toBeCloseTo(miss, 12);
    }));
    expect(bandDistance({}, [{ metric: 'a', low: 0, high: 1 }])).toBeNaN();
  });

  it('ESS, quantile and systematic resampling', () => {
    expect(effectiveSampleSize([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(effectiveSampleSize([1, 0, 0, 0])).toBeCloseTo(1, 12);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    fc.assert(fc.property(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (w, n) => {
      const idx = resampleIndices(w, n, 4);
      expect(idx.length).toBe(n);
      const total = w.reduce((a, b) => a + b, 0);
      // Systematic resampling: each particle drawn floor or ceil of n × its weight share, ±1.
      w.forEach((wi, i) => {
        const c = idx.filter((j) => j === i).length;
        expect(Math.abs(c - (n * wi) / total)).toBeLessThan(1 + 1e-9);
      });
    }));
  });
});
