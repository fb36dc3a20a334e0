// The page's handle on an engine worker (comlink). Each call creates its own worker; the page
// keeps one for the edited run, one for the baseline and a small pool for replications.
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol.ts';

export interface Engine {
  api: Comlink.Remote<EngineApi>;
  terminate(): void;
}

export function createEngine(): Engine {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'govsim-engine' });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Workers for replications: one per core, at least two and at most four (the page waits meanwhile). */
export function poolSize(jobs: number): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return Math.max(1, Math.min(jobs, 4, Math.max(2, cores)));
}

/** Run jobs on a pool of fresh workers, at most `size` at a time; results in job order. */
export async function runPool<J, R>(jobs: J[], size: number, work: (engine: Engine, job: J) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const out: R[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const engines = Array.from({ length: Math.min(size, jobs.length) }, () => createEngine());
  try {
    await Promise.all(engines.map(async (e) => {
      while (next < jobs.length) {
        const k = next++;
        out[k] = await work(e, jobs[k]);
        onDone?.(++done);
      }
    }));
  } finally {
    for (const e of engines) e.terminate();
  }
  return out;
}
