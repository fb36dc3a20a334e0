// `govsim worker --redis URL [--concurrency N] [--queue NAME]`: take runs from the BullMQ queue
// at URL and run them on this machine's cores until Ctrl-C or SIGTERM (api/queue/worker.ts).
// The first signal stops taking jobs and finishes the running ones; a second quits at once
// (its jobs stall and other workers pick them up). api/cli/commands.ts loads this file.
import type { Command } from 'commander';
import { parseRedisUrl, redactRedisUrl } from '../queue/redis-client.ts';
import { checkQueueName, QUEUE_DEFAULTS } from '../queue/settings.ts';
import { defaultPoolSize } from '../pool/pool.ts';
import type { CliCommand, CliContext } from './context.ts';
import { parseIntOption } from './inputs.ts';
import { EXIT, UserError } from './io.ts';

export interface WorkerOptionsText {
  redis?: string;
  concurrency?: string;
  queue?: string;
  quiet?: boolean;
  lockMs?: string;
  stalledMs?: string;
  status?: boolean;
}

/** The Redis URL from --redis or GOVSIM_REDIS_URL, checked; errors name the option. */
export function redisUrlOption(text: string | undefined, env: Record<string, string | undefined>, required: boolean): string | undefined {
  const url = text ?? env.GOVSIM_REDIS_URL;
  if (url === undefined || url === '') {
    if (required) throw new UserError('--redis URL is required (or set GOVSIM_REDIS_URL), e.g. --redis redis://127.0.0.1:6379', { field: '--redis', expected: 'redis://[:password@]host[:port][/db]' });
    return undefined;
  }
  try {
    parseRedisUrl(url);
  } catch (e) {
    throw new UserError(`${text !== undefined ? '--redis' : 'GOVSIM_REDIS_URL'}: ${(e as Error).message}`, { field: '--redis', value: redactRedisUrl(url), expected: 'redis://[:password@]host[:port][/db]' });
  }
  return url;
}

export function queueNameOption(text: string | undefined, env: Record<string, string | undefined>): string {
  const name = text ?? env.GOVSIM_QUEUE ?? QUEUE_DEFAULTS.queueName;
  try {
    return checkQueueName(name);
  } catch (e) {
    throw new UserError(`--queue: ${(e as Error).message}`, { field: '--queue', value: name, expected: 'letters, digits, _ . -' });
  }
}

export async function workerCommand(o: WorkerOptionsText, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const url = redisUrlOption(o.redis, io.env, true)!;
  const queueName = queueNameOption(o.queue, io.env);
  const concurrency = o.concurrency === undefined ? defaultPoolSize() : parseIntOption('--concurrency', o.concurrency, 1, 256);
  const lockMs = o.lockMs === undefined ? undefined : parseIntOption('--lock-ms', o.lockMs, 500, 3_600_000);
  const stalledMs = o.stalledMs === undefined ? undefined : parseIntOption('--stalled-ms', o.stalledMs, 100, 3_600_000);
  // The queue's modules (BullMQ, ioredis) load only here: other commands import this file's option parsers.
  const [{ RedisUnreachableError }, { openRedisPool }, { startQueueWorker }] = await Promise.all([
    import('../queue/check-redis.ts'), import('../queue/redis-pool.ts'), import('../queue/worker.ts')]);
  const unreachable = (e: unknown) => (e instanceof RedisUnreachableError ? new UserError(e.message, { field: '--redis', value: redactRedisUrl(url), expected: 'a reachable Redis' }) : e);
  if (o.status) {
    let pool;
    try {
      pool = await openRedisPool({ url, queueName, log: (line) => io.err(`${line}\n`) });
    } catch (e) {
      throw unreachable(e);
    }
    try {
      const c = await pool.queueCounts();
      io.out(`queue ${queueName} at ${redactRedisUrl(url)}: ${c.waiting} waiting, ${c.active} running, ${c.delayed} delayed (retry back-off), ` +
        `${c.completed} completed and ${c.failed} failed (kept for a while), ${c.workers} worker${c.workers === 1 ? '' : 's'} connected\n`);
    } finally {
      await pool.close();
    }
    return EXIT.ok;
  }
  let worker;
  try {
    worker = await startQueueWorker({ url, queueName, concurrency, lockMs, stalledMs, perJobLog: !o.quiet, log: (line) => io.err(`${line}\n`) });
  } catch (e) {
    throw unreachable(e);
  }
  io.err(`worker ${worker.name}: ${concurrency} engine thread${concurrency > 1 ? 's' : ''} on queue ${queueName} at ${redactRedisUrl(url)}; Ctrl-C or SIGTERM stops it\n`);

  // Wait for a stop request: the io's signal in tests, SIGINT/SIGTERM from the process otherwise.
  const stopped = new Promise<'graceful' | 'force'>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve('graceful');
      io.signal.addEventListener('abort', () => resolve('graceful'), { once: true });
      return;
    }
    let presses = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      presses++;
      if (presses === 1) {
        const s = worker!.stats();
        io.err(`${sig}: stopping; finishing ${s.running} running job${s.running === 1 ? '' : 's'} (send it again to quit at once)\n`);
        resolve('graceful');
      } else {
        io.err(`${sig}: quitting now; running jobs go back to the queue once their locks expire\n`);
        process.exit(EXIT.interrupted);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stopped;
  await worker.close();
  const s = worker.stats();
  io.err(`worker ${worker.name} stopped: ${s.done} job${s.done === 1 ? '' : 's'} done, ${s.failed} failed\n`);
  return EXIT.ok;
}

export const command: CliCommand = {
  name: 'worker',
  register(program: Command, ctx: CliContext) {
    program.command('worker')
      .description('run experiment jobs from a BullMQ queue on Redis (see docs/scale-out.md) until Ctrl-C or SIGTERM')
      .option('--redis <url>', 'the queue\'s Redis: redis://[:password@]host[:port][/db], rediss:// for TLS (env GOVSIM_REDIS_URL)')
      .option('--concurrency <n>', `jobs at once, one engine thread each (default: one per core, ${defaultPoolSize()} here)`)
      .option('--queue <name>', `queue name (env GOVSIM_QUEUE; default ${QUEUE_DEFAULTS.queueName}); experiments must use the same`)
      .option('--quiet', 'do not log each job\'s start and end')
      .option('--status', 'print the queue\'s counts and the workers connected, then exit')
      .option('--lock-ms <ms>', `job lock: a worker silent this long is taken for dead (default ${QUEUE_DEFAULTS.lockMs})`)
      .option('--stalled-ms <ms>', `how often to look for jobs of dead workers (default ${QUEUE_DEFAULTS.stalledMs})`)
      .action(async (o: WorkerOptionsText) => ctx.exit(await workerCommand(o, ctx)));
  },
};

export default command;
