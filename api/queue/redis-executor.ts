// The HTTP API's executor on the distributed queue: the API's job queue (api/store/queue.ts)
// hands it one planned run at a time, it puts the run on BullMQ through a RedisPool and returns
// the outputs a `govsim worker` sent back. `slots` is how many runs the API keeps queued at
// once: with many workers it should exceed their total concurrency, or they wait for the API.
import { AbortedError, type Executor, type ExecuteOptions, type ExecutedOutput } from '../store/executor-contract.ts';
import type { RunJob } from '../../sim/experiments/index.ts';
import { createRedisPool, type RedisPool, type RedisPoolOptions } from './redis-pool.ts';

export interface RedisExecutor extends Executor {
  readonly pool: RedisPool;
  /** Connect and check Redis (rejects with RedisUnreachableError naming the URL). */
  ready(): Promise<{ version: string }>;
}

/** Runs in flight by default: enough to keep a few machines' workers busy. */
export const DEFAULT_REDIS_SLOTS = 64;

export function createRedisExecutor(o: RedisPoolOptions & { slots?: number }): RedisExecutor {
  const pool = createRedisPool(o);
  const slots = o.slots ?? DEFAULT_REDIS_SLOTS;
  if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`slots must be an integer ≥ 1, got ${slots}`);
  return {
    name: `redis-queue(${pool.queueName} at ${pool.url})`,
    slots,
    pool,
    ready: () => pool.ready(),
    async run(job: RunJob, { signal, onProgress }: ExecuteOptions): Promise<ExecutedOutput[]> {
      if (signal.aborted) throw new AbortedError();
      const [outcome] = await pool.run([job], { signal });
      if (!outcome || (!outcome.ok && outcome.cancelled) || signal.aborted) throw new AbortedError();
      if (!outcome.ok) throw new Error(outcome.error);
      onProgress?.(job.days, job.days);
      return outcome.outputs;
    },
    close: () => pool.close(),
  };
}
