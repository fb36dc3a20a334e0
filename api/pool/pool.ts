// A pool of Node worker threads running the engine (comlink over worker_threads), sized to the
// cores. Jobs are handed out in order to whichever worker is free; results are stored by job
// index, so they come back in a fixed order whatever order workers finish in. Progress reports
// runs done and an ETA; an abort signal stops dispatching and ends the workers (finished results
// are kept); a job that throws is reported with its index and the rest continue. A worker that
// dies is replaced. `workers: 0` runs jobs in-process (no threads: handy for tests and debugging).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { executeJob, type JobOutput, type RunJob } from '../../sim/experiments/index.ts';
import type { EngineWorkerApi } from './engine-worker.ts';
import { nodeEndpoint } from './node-endpoint.ts';

export type Outcome =
  | { ok: true; outputs: JobOutput[]; millis: number }
  | { ok: false; error: string; cancelled?: boolean };

export interface Progress {
  done: number;
  failed: number;
  total: number;
  elapsedMs: number;
  /** Estimated milliseconds left (NaN until the first job finishes). */
  etaMs: number;
}

export interface RunJobsOptions {
  /** Called as each job finishes (in completion order), before progress. */
  onResult?: (index: number, outcome: Outcome) => void;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface Pool {
  readonly size: number;
  /** Run jobs; resolves with one outcome per job, by index (undefined for jobs not started before an abort). */
  run(jobs: RunJob[], opts?: RunJobsOptions): Promise<(Outcome | undefined)[]>;
  close(): Promise<void>;
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

// Compiled (dist/api/pool/pool.js): the worker is the compiled engine-worker.js. Run from the
// TypeScript sources (tests, tsx): worker.mjs registers tsx inside the thread first.
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./engine-worker.js', import.meta.url);

interface Slot {
  worker: Worker;
  remote: Comlink.Remote<EngineWorkerApi>;
  /** Rejects when the worker exits or errors. */
  dead: Promise<never>;
  alive: boolean;
}

function spawn(): Slot {
  const worker = new Worker(WORKER_URL, { stdout: false, stderr: false });
  const remote = Comlink.wrap<EngineWorkerApi>(nodeEndpoint(worker));
  const slot = { worker, remote, alive: true } as Slot;
  slot.dead = new Promise<never>((_, reject) => {
    worker.once('error', (e) => { slot.alive = false; reject(new Error(`worker thread failed: ${e.message}`)); });
    worker.once('exit', (code) => { slot.alive = false; reject(new Error(`worker thread exited with code ${code}`)); });
  });
  slot.dead.catch(() => undefined);
  return slot;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Create a pool of `workers` threads (default: one per core); 0 runs in-process. */
export function createPool(workers = defaultPoolSize()): Pool {
  if (!(Number.isInteger(workers) && workers >= 0)) throw new RangeError(`workers must be an integer ≥ 0, got ${workers}`);
  let slots: Slot[] = [];
  const ensure = () => {
    while (slots.length < workers) slots.push(spawn());
  };
  const terminateAll = async () => {
    const s = slots;
    slots = [];
    await Promise.all(s.map(async (x) => {
      x.remote[Comlink.releaseProxy]();
      await x.worker.terminate();
    }));
  };

  async function run(jobs: RunJob[], opts: RunJobsOptions = {}): Promise<(Outcome | undefined)[]> {
    const results: (Outcome | undefined)[] = new Array(jobs.length).fill(undefined);
    const start = Date.now();
    let next = 0;
    let done = 0;
    let failed = 0;
    const signal = opts.signal;
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new Error('cancelled'));
      signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    });
    aborted.catch(() => undefined);

    const finishJob = (i: number, o: Outcome) => {
      results[i] = o;
      if (o.ok) done++;
      else if (!o.cancelled) { done++; failed++; }
      opts.onResult?.(i, o);
      if (!(!o.ok && o.cancelled)) {
        const elapsedMs = Date.now() - start;
        const left = jobs.length - done;
        opts.onProgress?.({ done, failed, total: jobs.length, elapsedMs, etaMs: done ? (elapsedMs / done) * left : NaN });
      }
    };

    if (workers === 0) {
      for (let i = 0; i < jobs.length; i++) {
        // Yield between jobs so that an abort (Ctrl-C) is seen.
        await new Promise((r) => setImmediate(r));
        if (signal?.aborted) break;
        const t = Date.now();
        try {
          finishJob(i, { ok: true, outputs: executeJob(jobs[i]), millis: Date.now() - t });
        } catch (e) {
          finishJob(i, { ok: false, error: messageOf(e) });
        }
      }
      return results;
    }

    ensure();
    const lane = async (k: number): Promise<void> => {
      while (next < jobs.length && !signal?.aborted) {
        const i = next++;
        const slot = slots[k];
        const t = Date.now();
        try {
          const outputs = await Promise.race([slot.remote.execute(jobs[i]), slot.dead, aborted]);
          finishJob(i, { ok: true, outputs, millis: Date.now() - t });
        } catch (e) {
          if (signal?.aborted) {
            finishJob(i, { ok: false, error: 'cancelled', cancelled: true });
            return;
          }
          finishJob(i, { ok: false, error: messageOf(e) });
          // A worker that died is replaced; a job that merely threw leaves its worker usable.
          if (!slot.alive) {
            slot.remote[Comlink.releaseProxy]();
            void slot.worker.terminate();
            slots[k] = spawn();
          }
        }
      }
    };
    await Promise.all(slots.map((_, k) => lane(k)));
    if (signal?.aborted) await terminateAll();
    return results;
  }

  return { size: workers, run, close: terminateAll };
}
