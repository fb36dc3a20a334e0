// The queue's names and timings, shared by the producer (redis-pool.ts) and the workers
// (worker.ts) so both sides agree on where jobs live and how a dead worker is detected.

export const QUEUE_DEFAULTS = {
  /** The BullMQ queue; experiments and workers must use the same one. */
  queueName: 'govsim',
  /** Key prefix in Redis: keys are `govsim:<queue>:...`. */
  prefix: 'govsim',
  /** Tries per job (a failing job is retried this many times in all, then reported failed). */
  attempts: 3,
  /** Delay before the first retry (ms), doubled for each further one. */
  backoffMs: 1000,
  /**
   * A worker holds a lock on each job it runs and renews it every lockMs/2; a worker that dies
   * stops renewing, and within lockMs + stalledMs another worker puts the job back in the queue.
   * The engine runs in worker threads, so the main thread is always free to renew.
   */
  lockMs: 15_000,
  stalledMs: 5_000,
  /** A job that stalls more often than this (a run that kills its worker every time) fails. */
  maxStalled: 3,
  /** Connecting to Redis gives up after this long (ms). */
  connectTimeoutMs: 3000,
  /** Finished jobs kept in Redis, so a resumed experiment picks their results up again. */
  keepCompleted: { age: 24 * 3600, count: 1000 },
  keepFailed: { age: 7 * 24 * 3600, count: 1000 },
  /** Events kept in the queue's event stream (each completion carries its result). */
  eventsMaxLen: 2000,
  /** The producer checks unresolved jobs' states when no event came for this long (ms). */
  idleCheckMs: 5000,
} as const;

/** Validate a queue name (BullMQ keys may not contain ':'); errors name the value. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new RangeError(`queue name must be 1 to 64 letters, digits, "_", "." or "-", got ${JSON.stringify(name)}`);
  return name;
}
