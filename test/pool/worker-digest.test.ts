// Acceptance point of the engine issue: the digest is identical on the main thread and in a
// Node worker_threads worker (the pool's worker: tsx registered inside the thread, comlink over
// the thread's port, series buffers transferred).
import { afterAll, describe, expect, it } from 'vitest';
import { run, verifyDigest } from '../../sim/index.ts';
import { createPool } from '../../api/pool/pool.ts';
import { getScenario } from '../../scenarios/index.ts';

const pool = createPool(1);
afterAll(() => pool.close());

describe('digest on the main thread and in a worker thread', () => {
  it('is identical for the training district and two seeds', async () => {
    const s = getScenario('training')!;
    const jobs = [3, 17].map((seed) => ({ scenario: s, seed, days: 45 }));
    const outcomes = await pool.run(jobs);
    for (const [i, job] of jobs.entries()) {
      const o = outcomes[i]!;
      expect(o.ok).toBe(true);
      if (!o.ok) continue;
      const main = run(s, { seed: job.seed, days: job.days });
      const w = o.outputs[0];
      expect(w.manifest).toEqual(main.manifest);
      expect(w.summary).toEqual(main.summary);
      // The series came back as transferred Float64Arrays with the very same values.
      expect(w.series.values['cases.emerged']).toBeInstanceOf(Float64Array);
      expect(verifyDigest({ ...main, summary: w.summary, series: { ...main.series, values: w.series.values } })).toBe(true);
    }
  });
});
