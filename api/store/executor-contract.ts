// What every executor promises (in process, worker-thread pool, BullMQ queue): a leaf module
// that the executors and the job queue import, so none of them imports another for its types.
import type { JobOutput, RunJob } from '../../sim/experiments/index.ts';

/** What an executor returns per run: the experiment library's job output. */
export type ExecutedOutput = JobOutput;

export interface ExecuteOptions {
  signal: AbortSignal;
  /** Days stepped so far and in all (across a fork's branches). */
  onProgress?: (done: number, total: number) => void;
}

export interface Executor {
  /** Shown by GET /v1/version. */
  readonly name: string;
  /** Jobs it runs at once; the queue keeps this many in flight. */
  readonly slots: number;
  run(job: RunJob, opts: ExecuteOptions): Promise<ExecutedOutput[]>;
  close(): Promise<void>;
}

export class AbortedError extends Error {
  constructor() {
    super('run aborted');
    this.name = 'AbortError';
  }
}
