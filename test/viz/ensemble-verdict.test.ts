// Node: the sandbox's verdict on a metric over a posterior ensemble (viz/src/ensemble.ts) — better or
// worse only when both the CI of the mean (seed noise) and the range over plausible worlds exclude
// 0 on the same side, "depends" when only the CI does — and its CSV (one row per reform and metric, the numbers as in posterior-compare.json).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ensembleCsv, ensembleVerdict, type PosteriorCompareJson } from '../../viz/src/ensemble.ts';

const effect = (seedOnly: [number, number], seedAndParameter: [number, number]) => ({
  mean: (seedOnly[0] + seedOnly[1]) / 2, seedOnly, seedAndParameter, pHigher: 0.5, pBetter: 0.5, flips: 0.5, drawEffects: [],
});

describe('ensemble verdict', () => {
  it('judges only when both intervals exclude 0 on the same side', () => {
    fc.assert(fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }),
      fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom('higher' as const, 'lower' as const),
      (a, w, b, v, better) => {
        const so: [number, number] = [a, a + w];
        const sp: [number, number] = [b, b + v];
        const verdict = ensembleVerdict(effect(so, sp), better);
        const excludes = (x: [number, number]) => x[0] > 0 || x[1] < 0;
        const side = (x: [number, number]) => (x[0] > 0 ? 1 : x[1] < 0 ? -1 : 0);
        if (excludes(sp) && side(so) === side(sp)) expect(verdict).toBe((sp[0] > 0) === (better === 'higher') ? 'better' : 'worse');
        else if (excludes(so) && !excludes(sp)) expect(verdict).toBe('depends');
        else expect(verdict).toBe('unclear');
      }));
    expect(ensembleVerdict(effect([1, 2], [1, 2]), undefined)).toBe('none');
    expect(ensembleVerdict({ ...effect([1, 2], [1, 2]), seedAndParameter: [null, null] }, 'higher')).toBe('none');
  });

  it('writes one CSV row per reform and metric, nulls empty', () => {
    const doc: PosteriorCompareJson = {
      posterior: { digest: 'abcdef0123456789', engineVersion: '0.14.0', base: 'training' }, drawn: [0, 1], draws: 2, seedsPerDraw: 2, level: 0.95,
      effects: { 'training+x': { 'rate.resolution': { ...effect([-0.02, 0.01], [-0.03, 0.02]), mean: -0.005 }, 'trust.mean': { ...effect([0, 0], [0, 0]), flips: null } } },
    };
    const lines = ensembleCsv(doc).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('training+x,rate.resolution,-0.005,-0.02,0.01,-0.03,0.02,0.5,0.5,0.5,2,2,0.95,abcdef0123456789');
    expect(lines[2].split(',')[9]).toBe('');
  });

  it('writes its cells with the one CSV writer: formula-like text defused, NaN empty', () => {
    const doc: PosteriorCompareJson = {
      posterior: { digest: 'abcdef0123456789', engineVersion: '0.14.0', base: 'training' }, drawn: [0], draws: 1, seedsPerDraw: 1, level: 0.95,
      effects: { '=HYPERLINK("x")': { 'rate.resolution': { ...effect([0, 1], [0, 1]), mean: NaN } } },
    };
    const row = ensembleCsv(doc).trim().split('\n')[1];
    expect(row.startsWith('"\'=HYPERLINK(""x"")",rate.resolution,,')).toBe(true);
  });
});
