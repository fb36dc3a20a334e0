// The determinism contract (sim/version.ts), enforced. Golden digests: the cases listed in
// golden.json must reproduce the digests recorded for the current ENGINE_VERSION byte for byte;
// a change of output must come with a version bump (npm run golden:update then records the new
// version and refuses to rewrite an old one). And the digest covers the whole result: changing
// any field a client can receive — or adding one — changes it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, run, verifyDigest, type RunResult } from '../../sim/index.ts';
import { resultDigest } from '../../sim/result.ts';
import { canonicalDigest, canonicalJson, sha256Hex } from '../../sim/digest.ts';
import { getScenario } from '../../scenarios/index.ts';
import { caseKey, contractProblems, recordVersion, type GoldenFile } from '../../scripts/golden-contract.ts';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as GoldenFile;

describe('golden digests', () => {
  it('are recorded for this engine version', () => {
    expect(contractProblems(golden, ENGINE_VERSION, {})).toEqual([]);
  });
  for (const g of golden.cases) {
    it(`${caseKey(g)} reproduces the digest recorded for engine ${ENGINE_VERSION}`, () => {
      const r = run(getScenario(g.preset)!, { seed: g.seed, days: g.days });
      expect(verifyDigest(r)).toBe(true);
      expect(contractProblems(golden, ENGINE_VERSION, { [caseKey(g)]: r.manifest.digest })).toEqual([]);
    }, 60_000);
  }
});

describe('the contract catches a change of output without a version bump', () => {
  const g = golden.cases[0];
  const base = () => run(getScenario(g.preset)!, { seed: g.seed, days: 20 });
  // A small stand-in golden file, recorded from the engine as it is.
  const small = { preset: g.preset, seed: g.seed, days: 20 };
  const r0 = base();
  const file: GoldenFile = recordVersion({ cases: [small], versions: {} }, ENGINE_VERSION, { [caseKey(small)]: r0.manifest.digest });

  it('passes for the unchanged engine', () => {
    expect(contractProblems(file, ENGINE_VERSION, { [caseKey(small)]: base().manifest.digest })).toEqual([]);
  });

  it('fails when the output changes (here one histogram count) and the version did not', () => {
    const changed = base();
    changed.histogram.all[0] += 1;
    const problems = contractProblems(file, ENGINE_VERSION, { [caseKey(small)]: resultDigest(changed) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/without a version bump/);
  });

  it('golden:update refuses to rewrite a recorded version, and records a bumped one', () => {
    expect(() => recordVersion(file, ENGINE_VERSION, { [caseKey(small)]: 'f'.repeat(64) })).toThrow(/bump ENGINE_VERSION/);
    const bumped = recordVersion(file, '9.9.9', { [caseKey(small)]: 'f'.repeat(64) });
    expect(contractProblems(bumped, '9.9.9', { [caseKey(small)]: 'f'.repeat(64) })).toEqual([]);
    expect(bumped.versions[ENGINE_VERSION]).toEqual(file.versions[ENGINE_VERSION]);
  });

  it('a version with no recorded digests fails', () => {
    expect(contractProblems(file, '0.0.0-unrecorded', {})[0]).toMatch(/no recorded golden digests/);
  });
});

describe('the digest covers the whole result', () => {
  const r = run(getScenario('training')!, { seed: 5, days: 15 });
  const clone = (): RunResult => {
    const c = structuredClone(r);
    return c;
  };
  const edits: [string, (c: RunResult) => void][] = [
    ['a series value', (c) => { c.series.values[c.series.names[0]][3] += 1; }],
    ['a summary value', (c) => { const k = Object.keys(c.summary)[0]; c.summary[k] += 1; }],
    ['the histogram', (c) => { c.histogram.all[1] += 1; }],
    ['a histogram category', (c) => { const k = Object.keys(c.histogram.byCategory)[0]; c.histogram.byCategory[k][0] += 1; }],
    ['emergedBySubItem', (c) => { const k = Object.keys(c.emergedBySubItem)[0]; c.emergedBySubItem[k] += 1; }],
    ['caseFlow', (c) => { c.caseFlow.counts[0][0] += 1; }],
    ['moneyFlow', (c) => { c.moneyFlow[0].yuan += 0.01; }],
    ['a series unit', (c) => { c.series.units[0] = `${c.series.units[0]}!`; }],
    ['a field added later', (c) => { (c as unknown as Record<string, unknown>).newTable = { a: 1 }; }],
  ];
  for (const [what, edit] of edits) {
    it(`changing ${what} changes the digest`, () => {
      const c = clone();
      edit(c);
      expect(resultDigest(c)).not.toBe(r.manifest.digest);
      expect(verifyDigest(c)).toBe(false);
    });
  }

  it('the manifest names the inputs and is outside the digest; the digest survives a JSON round trip', () => {
    expect(resultDigest(r)).toBe(r.manifest.digest);
    expect(verifyDigest({ ...r, manifest: { ...r.manifest, scenarioId: 'renamed' } })).toBe(true);
    const json = JSON.parse(JSON.stringify({ ...r, series: { ...r.series, values: Object.fromEntries(r.series.names.map((n) => [n, Array.from(r.series.values[n])])) } }));
    expect(verifyDigest(json)).toBe(true);
  });

  it('canonicalDigest is SHA-256 of canonical JSON, typed arrays as arrays (property)', () => {
    const value = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, value, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(tree, fc.array(fc.double(), { maxLength: 20 }), (t, xs) => {
      expect(canonicalDigest(t)).toBe(sha256Hex(canonicalJson(t)));
      expect(canonicalDigest({ a: Float64Array.from(xs) })).toBe(canonicalDigest({ a: xs }));
    }), { numRuns: 200 });
  });
});
