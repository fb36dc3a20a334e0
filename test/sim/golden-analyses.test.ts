// Analyses are under the determinism contract too: the analysis digests of small fixed
// experiments (scripts/golden-analyses.ts: a compare, a sweep, Morris, Sobol and a Shapley
// decomposition) must reproduce the ones recorded in golden.json for the current ENGINE_VERSION,
// so a change to the statistics without a version bump fails here. And the API's job digest
// covers the analysis: the same runs with a different analysis give a different job digest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../sim/index.ts';
import { analysisDigest, buildDocument } from '../../sim/experiments/index.ts';
import { ANALYSIS_PLANS, analysisDigests, analysisOf, executePlan } from '../../scripts/golden-analyses.ts';
import { contractProblems, goldenKeys, type GoldenFile } from '../../scripts/golden-contract.ts';
import { buildReportFrom, outputRows } from '../../api/store/outputs.ts';
import type { JobSpec } from '../../api/store/plan.ts';
import type { ResultRow } from '../../api/store/store.ts';

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as GoldenFile;

describe('golden analysis digests', () => {
  it('every golden analysis is listed and recorded for this engine version, and reproduces', () => {
    const actual = analysisDigests();
    expect(Object.keys(actual).sort()).toEqual([...(golden.analyses ?? [])].sort());
    expect(goldenKeys(golden)).toEqual(expect.arrayContaining(Object.keys(actual)));
    expect(contractProblems(golden, ENGINE_VERSION, actual)).toEqual([]);
  }, 60_000);
});

describe('a change of analysis output is caught', () => {
  const plan = ANALYSIS_PLANS['analysis/compare']();
  const table = executePlan(plan);
  const doc = analysisOf(plan, table);

  it('perturbing one difference or one summary changes the analysis digest, and the contract reports it', () => {
    const d0 = analysisDigest(doc);
    expect(d0).toBe(golden.versions[ENGINE_VERSION]['analysis/compare']);
    const edits: ((c: typeof doc) => void)[] = [
      (c) => { c.summaries['training']['rate.resolution'].mean += 1e-9; },
      (c) => { c.differences!['more-dept-staff']['rate.resolution'].ciHigh *= 1.0001; },
    ];
    for (const edit of edits) {
      const c = structuredClone(doc);
      edit(c);
      const d = analysisDigest(c);
      expect(d).not.toBe(d0);
      const problems = contractProblems(golden, ENGINE_VERSION, { 'analysis/compare': d });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/analysis\/compare.*without a version bump/);
    }
  });

  it('a different statistic over the same runs (another interval level) gives another digest', () => {
    expect(analysisDigest(analysisOf(plan, table))).toBe(analysisDigest(doc));
    const other = buildDocument(plan, table, { command: 'golden', bootstrap: 20, level: 0.9 });
    expect(analysisDigest(other)).not.toBe(analysisDigest(doc));
    // Inputs and run records are not analysis: another command line leaves the digest alone.
    expect(analysisDigest({ ...doc, command: 'something else' })).toBe(analysisDigest(doc));
  });

  it('the API job digest covers the analysis: same run digests, a changed summary row → another job digest', () => {
    const rows: ResultRow[] = plan.jobs.flatMap((job) => outputRows(job, job.scenarios.map((i) => table[i][job.replication]).filter((o) => o !== undefined)).map((r) => ({ ...r, task: 0 })));
    const spec = { kind: 'compare', plan } as unknown as JobSpec;
    const a = buildReportFrom(rows, spec);
    expect(buildReportFrom(rows, spec).digest).toBe(a.digest);
    const changed = rows.map((r, i) => (i === 0 ? { ...r, summary: r.summary.replace(/"rate\.resolution":([0-9.eE+-]+)/, (_m, x) => `"rate.resolution":${Number(x) + 0.01}`) } : r));
    expect(changed[0].summary).not.toBe(rows[0].summary);
    expect(changed.map((r) => r.digest)).toEqual(rows.map((r) => r.digest));
    const b = buildReportFrom(changed, spec);
    expect(b.report).not.toBe(a.report);
    expect(b.digest).not.toBe(a.digest);
  });
});
