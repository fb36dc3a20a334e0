// The producer side of the distributed queue: a Pool (api/pool/pool.ts) whose jobs run on
// whichever machines run `govsim worker` against the same Redis, through BullMQ. CLI
// experiments and the HTTP API use it exactly as they use the local pool.
//
// - A job's BullMQ id is a content hash of the job (wire.ts), so submitting a job twice makes one
//   job, and a resumed experiment finds the runs that finished while it was away.
// - Results come back by plan index, whatever order workers finish in. Completions, failures and
//   starts arrive as QueueEvents; jobs that were already in the queue when added (a 'duplicated'
//   event) and jobs not heard of for a while are checked directly, so a missed event only delays.
// - A job that fails on its last attempt is reported failed with its error; one that vanishes
//   from Redis (removed by hand) is added again.
// - Every result goes through the ledger: a repeat is ignored, a repeat with a different digest
//   stops the experiment with DigestMismatchError.
// - Abort (Ctrl-C) removes this run's waiting jobs; jobs already running finish on their
//   workers and stay in Redis for a resume.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunJob } from '../../sim/experiments/index.ts';
import type { Outcome, Pool, Progress, RunJobsOptions } from '../pool/pool.ts';
import { checkRedis } from './check-redis.ts';
import { createRedisClient, redactRedisUrl, settleWithin } from './redis-client.ts';
import { createResultLedger, DigestMismatchError, type ResultLedger } from './result-ledger.ts';
import { checkQueueName, QUEUE_DEFAULTS } from './settings.ts';
import { jobIdOf, queuedRun, readResultMessage } from './wire.ts';

export interface RedisPoolOptions {
  /** redis://[:password@]host:port[/db] (rediss:// for TLS). */
  url: string;
  queueName?: string;
  prefix?: string;
  /** Tries per job before it is reported failed (default 3). */
  attempts?: number;
  backoffMs?: number;
  connectTimeoutMs?: number;
  /** Check unresolved jobs' states when no event came for this long (ms, default 5000). */
  idleCheckMs?: number;
  /** Warnings and errors (default: stderr). */
  log?: (line: string) => void;
  /** Shared with other pools to catch differing results across them (default: a ledger of its own). */
  ledger?: ResultLedger;
}

export type RunState = 'waiting' | 'running' | 'done' | 'failed';

/** Runs of the experiments in progress on this pool, by state. */
export interface QueueCounts {
  total: number;
  waiting: number;
  running: number;
  done: number;
  failed: number;
}

/** Progress of a queued experiment: the local pool's, plus jobs waiting and running now. */
export interface QueueProgress extends Progress {
  waiting: number;
  running: number;
}

export interface RedisPool extends Pool {
  /** The URL with the password hidden. */
  readonly url: string;
  readonly queueName: string;
  /** Connect and check Redis (done by run() too); rejects with RedisUnreachableError. */
  ready(): Promise<{ version: string }>;
  counts(): QueueCounts;
  /** The whole queue as BullMQ counts it (all producers), and the workers connected. */
  queueCounts(): Promise<{ waiting: number; active: number; delayed: number; completed: number; failed: number; workers: number }>;
}

interface RunCtx {
  jobs: RunJob[];
  indices: Map<string, number[]>;
  results: (Outcome | undefined)[];
  open: Set<string>;
  done: number;
  failed: number;
  waiting: number;
  running: number;
  start: number;
  opts: RunJobsOptions;
  settle(err?: Error): void;
}

interface Tracked {
  job: RunJob;
  state: RunState;
  runs: Set<RunCtx>;
  readds: number;
}

const MAX_READDS = 5;

export function createRedisPool(o: RedisPoolOptions): RedisPool {
  const queueName = checkQueueName(o.queueName ?? QUEUE_DEFAULTS.queueName);
  const prefix = o.prefix ?? QUEUE_DEFAULTS.prefix;
  const attempts = o.attempts ?? QUEUE_DEFAULTS.attempts;
  const backoffMs = o.backoffMs ?? QUEUE_DEFAULTS.backoffMs;
  const idleCheckMs = o.idleCheckMs ?? QUEUE_DEFAULTS.idleCheckMs;
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const ledger = o.ledger ?? createResultLedger();
  const shownUrl = redactRedisUrl(o.url);
  const jobKey = (id: string) => `${prefix}:${queueName}:${id}`;

  let client: Redis | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  let readyPromise: Promise<{ version: string }> | undefined;
  let closed = false;
  let workers = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let lastEvent = Date.now();
  let lastFullCheck = Date.now();
  let checking = false;
  const tracked = new Map<string, Tracked>();
  const active = new Set<RunCtx>();
  const lastErrors = new Map<string, number>();

  const warnOnce = (what: string, e: Error) => {
    // One line per distinct message every 30 s (a lost connection is reported by each client).
    const now = Date.now();
    if ((lastErrors.get(e.message) ?? 0) > now - 30_000) return;
    lastErrors.set(e.message, now);
    log(`queue ${queueName} at ${shownUrl}: ${what}: ${e.message}`);
  };

  const jobOptions = (id: string) => ({
    jobId: id,
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs },
    removeOnComplete: { ...QUEUE_DEFAULTS.keepCompleted },
    removeOnFail: { ...QUEUE_DEFAULTS.keepFailed },
  });

  // ---- state and delivery ------------------------------------------------------------------

  function setState(id: string, t: Tracked, state: RunState): void {
    if (t.state === state) return;
    for (const ctx of t.runs) {
      const n = ctx.indices.get(id)?.length ?? 0;
      if (t.state === 'waiting') ctx.waiting -= n;
      if (t.state === 'running') ctx.running -= n;
      if (state === 'waiting') ctx.waiting += n;
      if (state === 'running') ctx.running += n;
    }
    t.state = state;
  }

  function finish(ctx: RunCtx, id: string, outcome: Outcome): void {
    if (!ctx.open.delete(id)) return;
    for (const i of ctx.indices.get(id) ?? []) {
      ctx.results[i] = outcome;
      ctx.done++;
      if (!outcome.ok) ctx.failed++;
      ctx.opts.onResult?.(i, outcome);
      const elapsedMs = Date.now() - ctx.start;
      const left = ctx.jobs.length - ctx.done;
      const p: QueueProgress = {
        done: ctx.done, failed: ctx.failed, total: ctx.jobs.length, elapsedMs, etaMs: ctx.done ? (elapsedMs / ctx.done) * left : NaN,
        waiting: ctx.waiting, running: ctx.running,
      };
      ctx.opts.onProgress?.(p);
    }
    if (ctx.open.size === 0) ctx.settle();
  }

  function resolveJob(id: string, outcome: Outcome): void {
    const t = tracked.get(id);
    if (!t) return;
    setState(id, t, outcome.ok ? 'done' : 'failed');
    tracked.delete(id);
    for (const ctx of [...t.runs]) finish(ctx, id, outcome);
  }

  /** A job returned two different results: fail the runs waiting on that job, loudly; others go on. */
  function fatal(e: Error, id: string): void {
    log(`error: ${e.message}`);
    const t = tracked.get(id);
    if (t) for (const ctx of [...t.runs]) ctx.settle(e);
  }

  function onCompleted(id: string, value: unknown): void {
    const t = tracked.get(id);
    if (!t && !ledger.has(id)) return; // another experiment's job
    if (t) lastEvent = Date.now();
    let msg;
    try {
      msg = readResultMessage(value);
    } catch (e) {
      if (t) resolveJob(id, { ok: false, error: `unreadable result: ${(e as Error).message}` });
      return;
    }
    try {
      if (ledger.accept(id, msg.digests, msg.worker) === 'repeat' && !t) log(`note: job ${id} completed again with the same digest (a retry after its worker was thought dead): kept once`);
    } catch (e) {
      if (e instanceof DigestMismatchError) fatal(e, id);
      else throw e;
      return;
    }
    if (t) resolveJob(id, { ok: true, outputs: msg.outputs, millis: msg.millis });
  }

  function onFailed(id: string, reason: string): void {
    if (!tracked.has(id)) return;
    lastEvent = Date.now();
    resolveJob(id, { ok: false, error: reason || 'failed (no reason given)' });
  }

  async function addJobs(ids: string[]): Promise<void> {
    for (let k = 0; k < ids.length; k += 200) {
      const chunk = ids.slice(k, k + 200).filter((id) => tracked.has(id));
      if (!chunk.length) continue;
      await queue!.addBulk(chunk.map((id) => ({ name: 'run', data: queuedRun(tracked.get(id)!.job), opts: jobOptions(id) })));
    }
  }

  /**
   * Look at jobs directly: completed → deliver, failed → retry (when `retryFailed`, i.e. just
   * resubmitted) or deliver the failure, missing → add again, otherwise note waiting / running.
   */
  async function checkJobs(ids: string[], retryFailed: boolean): Promise<void> {
    for (let k = 0; k < ids.length; k += 500) {
      const chunk = ids.slice(k, k + 500).filter((id) => tracked.has(id));
      if (!chunk.length) continue;
      const p = client!.pipeline();
      for (const id of chunk) p.hmget(jobKey(id), 'timestamp', 'finishedOn', 'returnvalue', 'failedReason', 'processedOn');
      const rows = (await p.exec()) ?? [];
      const missing: string[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const id = chunk[i];
        const t = tracked.get(id);
        if (!t) continue;
        const [err, row] = rows[i] ?? [new Error('no reply'), null];
        if (err) throw err;
        const [timestamp, finishedOn, returnvalue, failedReason, processedOn] = row as (string | null)[];
        if (timestamp === null) missing.push(id);
        else if (finishedOn !== null && returnvalue !== null) onCompleted(id, JSON.parse(returnvalue));
        else if (finishedOn !== null) {
          if (retryFailed) {
            const job = await queue!.getJob(id);
            if (job) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch((e: Error) => warnOnce(`retrying failed job ${id}`, e));
            setState(id, t, 'waiting');
          } else onFailed(id, failedReason ?? '');
        } else if (processedOn !== null && t.state === 'waiting') setState(id, t, 'running');
      }
      const readd = missing.filter((id) => {
        const t = tracked.get(id)!;
        if (++t.readds > MAX_READDS) {
          resolveJob(id, { ok: false, error: `job ${id} kept disappearing from Redis (removed ${MAX_READDS} times)` });
          return false;
        }
        return true;
      });
      if (readd.length) await addJobs(readd);
    }
  }

  /**
   * Ask Redis about every tracked job when no event came for a while, and in any case every few
   * idle periods: a completion trimmed from the event stream while other jobs kept it busy must
   * not leave its job waiting.
   */
  function idleCheck(): void {
    const now = Date.now();
    const idle = now - lastEvent >= idleCheckMs;
    const due = now - lastFullCheck >= 6 * idleCheckMs;
    if (checking || closed || tracked.size === 0 || (!idle && !due)) return;
    checking = true;
    lastEvent = now;
    lastFullCheck = now;
    checkJobs([...tracked.keys()], false)
      .catch((e: Error) => warnOnce('checking job states', e))
      .finally(() => { checking = false; });
  }

  // ---- connection ----------------------------------------------------------------------------

  async function disconnect(): Promise<void> {
    clearInterval(idleTimer);
    const ms = client?.status === 'ready' ? 5000 : 500;
    await settleWithin(events?.close(), ms);
    await settleWithin(queue?.close(), ms);
    await settleWithin(client?.quit(), ms);
    client?.disconnect();
    events = undefined;
    queue = undefined;
    client = undefined;
  }

  /** Connect once; a failure is not remembered, so the next call (the API's next run) tries again. */
  function ready(): Promise<{ version: string }> {
    if (closed) return Promise.reject(new Error('the Redis pool is closed'));
    readyPromise ??= connect().catch(async (e: unknown) => {
      readyPromise = undefined;
      await disconnect();
      throw e;
    });
    return readyPromise;
  }

  async function connect(): Promise<{ version: string }> {
    const info = await checkRedis(o.url, { timeoutMs: o.connectTimeoutMs ?? QUEUE_DEFAULTS.connectTimeoutMs });
    client = createRedisClient(o.url, { connectTimeoutMs: o.connectTimeoutMs ?? QUEUE_DEFAULTS.connectTimeoutMs });
    client.on('error', (e: Error) => warnOnce('connection', e));
    queue = new Queue(queueName, { connection: client, prefix, streams: { events: { maxLen: QUEUE_DEFAULTS.eventsMaxLen } } });
    queue.on('error', (e: Error) => warnOnce('queue', e));
    await queue.waitUntilReady();
    // Read events from the stream's current end, taken before any job of ours is added.
    const last = await client.xrevrange(`${prefix}:${queueName}:events`, '+', '-', 'COUNT', 1);
    events = new QueueEvents(queueName, { connection: client, prefix, lastEventId: last[0]?.[0] ?? '0-0', blockingTimeout: 5000 });
    events.on('error', (e: Error) => warnOnce('events', e));
    events.on('completed', ({ jobId, returnvalue }) => onCompleted(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => onFailed(jobId, failedReason));
    events.on('active', ({ jobId }) => {
      const t = tracked.get(jobId);
      if (!t) return;
      lastEvent = Date.now();
      if (t.state === 'waiting') setState(jobId, t, 'running');
    });
    const backToWaiting = ({ jobId }: { jobId: string }) => {
      const t = tracked.get(jobId);
      if (t && t.state === 'running') setState(jobId, t, 'waiting');
    };
    events.on('waiting', backToWaiting);
    events.on('delayed', backToWaiting);
    events.on('stalled', ({ jobId }) => {
      if (tracked.has(jobId)) log(`job ${jobId} stalled (its worker stopped answering): back in the queue for another worker`);
      backToWaiting({ jobId });
    });
    events.on('duplicated', ({ jobId }) => {
      if (tracked.has(jobId)) checkJobs([jobId], true).catch((e: Error) => warnOnce(`checking job ${jobId}`, e));
    });
    events.on('removed', ({ jobId }) => {
      if (tracked.has(jobId)) checkJobs([jobId], false).catch((e: Error) => warnOnce(`checking job ${jobId}`, e));
    });
    await events.waitUntilReady();
    workers = await queue.getWorkersCount().catch(() => 0);
    idleTimer = setInterval(idleCheck, Math.max(250, Math.floor(idleCheckMs / 2)));
    idleTimer.unref();
    return info;
  }

  // ---- the Pool ------------------------------------------------------------------------------

  async function run(jobs: RunJob[], opts: RunJobsOptions = {}): Promise<(Outcome | undefined)[]> {
    const results: (Outcome | undefined)[] = new Array(jobs.length).fill(undefined);
    if (jobs.length === 0 || opts.signal?.aborted) return results;
    // Redis may be down and reconnecting: an abort must not wait for it.
    const aborted = new Promise<'aborted'>((resolve) => {
      if (opts.signal?.aborted) resolve('aborted');
      else opts.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    if (await Promise.race([ready().then(() => 'ready' as const), aborted]) === 'aborted') return results;
    const indices = new Map<string, number[]>();
    jobs.forEach((j, i) => {
      const id = jobIdOf(j);
      const list = indices.get(id);
      if (list) list.push(i);
      else indices.set(id, [i]);
    });
    let settle!: (err?: Error) => void;
    const finished = new Promise<(Outcome | undefined)[]>((resolve, reject) => {
      settle = (err) => {
        if (!active.delete(ctx)) return;
        for (const id of ctx.open) {
          const t = tracked.get(id);
          if (!t) continue;
          t.runs.delete(ctx);
          if (t.runs.size === 0) tracked.delete(id);
        }
        if (err) reject(err);
        else resolve(results);
      };
    });
    finished.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const ctx: RunCtx = {
      jobs, indices, results, open: new Set(indices.keys()), done: 0, failed: 0, waiting: 0, running: 0, start: Date.now(), opts,
      settle: (err) => settle(err),
    };
    active.add(ctx);
    for (const [id, list] of indices) {
      let t = tracked.get(id);
      if (!t) {
        t = { job: jobs[list[0]], state: 'waiting', runs: new Set(), readds: 0 };
        tracked.set(id, t);
      }
      t.runs.add(ctx);
      if (t.state === 'waiting') ctx.waiting += list.length;
      if (t.state === 'running') ctx.running += list.length;
    }

    const onAbort = () => {
      if (!active.has(ctx)) return;
      const removable: string[] = [];
      for (const id of ctx.open) {
        const t = tracked.get(id);
        const running = t?.state === 'running';
        if (t && t.runs.size === 1 && t.state === 'waiting') removable.push(id);
        if (running) for (const i of indices.get(id) ?? []) results[i] = { ok: false, error: 'cancelled', cancelled: true };
      }
      ctx.settle();
      // Take this run's waiting jobs out of the queue (running ones finish and stay for a resume).
      void Promise.all(removable.map((id) => queue!.remove(id).catch(() => 0)));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      lastEvent = Date.now();
      if (await Promise.race([addJobs([...indices.keys()]).then(() => 'added' as const), aborted]) === 'aborted') return results;
      return await finished;
    } catch (e) {
      ctx.settle(e as Error);
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(idleTimer);
    for (const ctx of [...active]) ctx.settle();
    if (!readyPromise) return;
    try {
      await readyPromise;
    } catch {
      return;
    }
    await disconnect();
  }

  function counts(): QueueCounts {
    const c: QueueCounts = { total: 0, waiting: 0, running: 0, done: 0, failed: 0 };
    for (const ctx of active) {
      c.total += ctx.jobs.length;
      c.waiting += ctx.waiting;
      c.running += ctx.running;
      c.done += ctx.done - ctx.failed;
      c.failed += ctx.failed;
    }
    return c;
  }

  async function queueCounts() {
    await ready();
    const c = await queue!.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    workers = await queue!.getWorkersCount();
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0,
      completed: c.completed ?? 0, failed: c.failed ?? 0, workers,
    };
  }

  return {
    get size() {
      return workers;
    },
    url: shownUrl,
    queueName,
    ready,
    run,
    close,
    counts,
    queueCounts,
  };
}

/** Create a pool and check Redis before returning it (rejects with RedisUnreachableError). */
export async function openRedisPool(o: RedisPoolOptions): Promise<RedisPool> {
  const pool = createRedisPool(o);
  try {
    await pool.ready();
  } catch (e) {
    await pool.close();
    throw e;
  }
  return pool;
}
