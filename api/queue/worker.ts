// The consumer side of the distributed queue: a BullMQ Worker that takes govsim jobs from Redis
// and runs each on one of its own engine threads (api/pool: one single-thread pool per slot, as
// the API's pool executor does, so `concurrency` jobs run at once). It returns the outputs with
// their digests (wire.ts), renews its job locks from the main thread while the engine runs, and
// on close stops taking jobs and finishes the ones it holds. A worker that dies (SIGKILL, a lost
// machine) stops renewing; BullMQ's stalled-job check on the other workers puts its jobs back.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { ENGINE_VERSION } from '../../sim/index.ts';
import type { RunJob } from '../../sim/experiments/index.ts';
import { defaultPoolSize } from '../pool/pool.ts';
import { createLanes } from '../pool/lanes.ts';
import { checkRedis } from './check-redis.ts';
import { createRedisClient, settleWithin } from './redis-client.ts';
import { checkQueueName, QUEUE_DEFAULTS } from './settings.ts';
import { resultMessage, WIRE_FORMAT, type QueuedRun, type RunResultMessage } from './wire.ts';

export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  prefix?: string;
  /** Jobs at once, each on its own engine thread (default: one per core). */
  concurrency?: number;
  /** Job lock (ms) and how often to look for stalled jobs (ms); see settings.ts. */
  lockMs?: number;
  stalledMs?: number;
  /** Shown by BullMQ's worker list and in results (default host:pid). */
  name?: string;
  /** Log each job's start and end (default true). */
  perJobLog?: boolean;
  log?: (line: string) => void;
}

export interface QueueWorker {
  readonly name: string;
  readonly concurrency: number;
  /** Jobs finished and failed by this worker since it started. */
  stats(): { done: number; failed: number; running: number };
  /** Stop taking jobs, finish the running ones, disconnect. `force` abandons running jobs (they stall and are retried elsewhere). */
  close(force?: boolean): Promise<void>;
}

function describeJob(j: RunJob): string {
  const fork = j.fork ? ` fork day ${j.fork.day} → ${j.fork.branches.length} branch${j.fork.branches.length === 1 ? '' : 'es'}` : '';
  return `${j.scenario?.id ?? '?'} seed ${j.seed} ${j.days} days${fork}`;
}

/** Check Redis, then start taking jobs. Rejects with RedisUnreachableError when Redis does not answer. */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const queueName = checkQueueName(o.queueName ?? QUEUE_DEFAULTS.queueName);
  const concurrency = o.concurrency ?? defaultPoolSize();
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const perJob = o.perJobLog ?? true;
  await checkRedis(o.url, { timeoutMs: QUEUE_DEFAULTS.connectTimeoutMs });

  const lanes = createLanes(concurrency);
  const take = lanes.take;
  const give = lanes.give;
  let done = 0;
  let failed = 0;
  let running = 0;

  async function processJob(job: Job): Promise<RunResultMessage> {
    const data = job.data as QueuedRun;
    if (!data || data.format !== WIRE_FORMAT || !data.job) throw new UnrecoverableError(`job ${job.id} is not a govsim run of format ${WIRE_FORMAT}`);
    if (data.engineVersion !== ENGINE_VERSION) {
      throw new UnrecoverableError(`job ${job.id} was planned for govsim engine ${data.engineVersion}, but worker ${name} runs ${ENGINE_VERSION}: run workers of the same version`);
    }
    running++;
    const t = Date.now();
    if (perJob) log(`start ${job.id} ${describeJob(data.job)} (attempt ${job.attemptsMade + 1})`);
    const lane = await take();
    try {
      const [outcome] = await lane.run([data.job]);
      if (!outcome || (!outcome.ok && outcome.cancelled)) throw new Error(`cancelled: worker ${name} stopped`);
      if (!outcome.ok) throw new Error(outcome.error);
      const millis = Date.now() - t;
      const msg = resultMessage(outcome.outputs, millis, name);
      done++;
      if (perJob) log(`done ${job.id} in ${(millis / 1000).toFixed(2)} s digest ${msg.digests.map((d) => d.slice(0, 12)).join(',')}`);
      return msg;
    } catch (e) {
      failed++;
      if (perJob) log(`failed ${job.id} (attempt ${job.attemptsMade + 1}): ${(e as Error).message}`);
      throw e;
    } finally {
      running--;
      give(lane);
    }
  }

  const client = createRedisClient(o.url, { connectTimeoutMs: QUEUE_DEFAULTS.connectTimeoutMs });
  const lastErrors = new Map<string, number>();
  const warn = (what: string, e: Error) => {
    // One line per distinct message every 30 s (a lost connection is reported by each client).
    if ((lastErrors.get(e.message) ?? 0) > Date.now() - 30_000) return;
    lastErrors.set(e.message, Date.now());
    log(`worker ${name}: ${what}: ${e.message}`);
  };
  client.on('error', (e: Error) => warn('connection', e));
  const worker = new Worker(queueName, processJob, {
    connection: client,
    prefix: o.prefix ?? QUEUE_DEFAULTS.prefix,
    concurrency,
    name,
    lockDuration: o.lockMs ?? QUEUE_DEFAULTS.lockMs,
    stalledInterval: o.stalledMs ?? QUEUE_DEFAULTS.stalledMs,
    maxStalledCount: QUEUE_DEFAULTS.maxStalled,
  });
  worker.on('error', (e: Error) => warn('error', e));
  worker.on('stalled', (jobId: string) => log(`job ${jobId} stalled on another worker (it stopped answering): back in the queue`));
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    name,
    concurrency,
    stats: () => ({ done, failed, running }),
    close(force = false) {
      closing ??= (async () => {
        // With Redis down, results could not be handed in anyway: abandon the running jobs
        // (other workers run them once their locks expire) rather than hang.
        const down = client.status !== 'ready';
        const closed = worker.close(force || down).catch((e: Error) => warn('closing', e));
        if (down) await settleWithin(closed, 1000);
        else await closed;
        await lanes.close();
        await settleWithin(client.quit(), down ? 500 : 5000);
        client.disconnect();
      })();
      return closing;
    },
  };
}
