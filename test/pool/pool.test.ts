// The worker pool: results in job order whatever order workers finish in, a job that throws is
// reported while the rest continue, progress counts up to the total, an abort stops dispatching,
// and the in-process executor (workers 0) gives the same outputs.
import { describe, expect, it } from 'vitest';
import { createPool, type Progress } from '../../api/pool/pool.ts';
import type { RunJob } from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';

const s = getScenario('training')!;
// A long job first so that the short ones finish before it on the other worker.
const jobs: RunJob[] = [
  { scenario: s, seed: 1, days: 120, series: 'none' },
  { scenario: s, seed: 2, days: 5, series: 'none' },
  { scenario: { ...s, district: { ...s.district, streets: [] } }, seed: 3, days: 5 },
  { scenario: s, seed: 4, days: 5, series: ['cases.open'] },
];

describe('createPool(2).run(jobs)', () => {
  it('gathers results by job index, reports a failing job and continues', async () => {
    const pool = createPool(2);
    const order: number[] = [];
    const progress: Progress[] = [];
    try {
      const out = await pool.run(jobs, { onResult: (i) => order.push(i), onProgress: (p) => progress.push(p) });
      expect(out.map((o) => o?.ok)).toEqual([true, true, false, true]);
      const ok = out.filter((o) => o?.ok).map((o) => (o!.ok ? o!.outputs[0].manifest.seed : -1));
      expect(ok).toEqual([1, 2, 4]);
      expect(out[2]!.ok === false && out[2]!.error).toMatch(/district\.streets/);
      // Completion order depends on timing; results sit at their job index regardless.
      expect([...order].sort()).toEqual([0, 1, 2, 3]);
      expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
      expect(progress[3]).toMatchObject({ total: 4, failed: 1, etaMs: 0 });
      const inline = await createPool(0).run(jobs);
      expect(inline.map((o) => (o?.ok ? o.outputs[0].manifest.digest : 'failed'))).toEqual(out.map((o) => (o?.ok ? o.outputs[0].manifest.digest : 'failed')));
      expect(inline[3]!.ok && inline[3]!.outputs[0].series.names).toEqual(['cases.open']);
    } finally {
      await pool.close();
    }
  });

  it('stops dispatching on abort and marks the jobs in flight as cancelled', async () => {
    const pool = createPool(1);
    const ac = new AbortController();
    const many: RunJob[] = Array.from({ length: 6 }, (_, i) => ({ scenario: s, seed: i, days: 30, series: 'none' }));
    const out = await pool.run(many, { signal: ac.signal, onResult: () => ac.abort() });
    expect(out[0]?.ok).toBe(true);
    expect(out.slice(1).every((o) => o === undefined || (o.ok === false && o.cancelled))).toBe(true);
    await pool.close();
  });
});
