// Before a producer or a worker writes anything, it checks that Redis answers: connect with a
// short timeout and no retries (ioredis: no reconnect, no offline queue, no retried commands),
// authenticate, and read the server version. A failure becomes one RedisUnreachableError naming
// the URL (password hidden) and the cause, so `govsim compare --redis ...` or `govsim worker`
// exits at once with a message, not after minutes of retries.
import { Redis } from 'ioredis';
import { redactRedisUrl, redisOptions } from './redis-client.ts';

export class RedisUnreachableError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`cannot use Redis at ${redactRedisUrl(url)}: ${reason}`);
    this.name = 'RedisUnreachableError';
  }
}

/** The lowest Redis version BullMQ runs on. */
export const MIN_REDIS_VERSION = '6.2.0';

function versionAtLeast(v: string, min: string): boolean {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

function describe(e: Error & { code?: string }): string {
  const m = e.message ?? String(e);
  if (/NOAUTH/.test(m)) return `${m} (put the password in the URL: redis://:PASSWORD@host:port)`;
  if (/WRONGPASS|invalid password/i.test(m)) return `${m} (check the password in the URL)`;
  if (/DENIED/.test(m)) return `${m} (protected mode: set a password, or bind Redis to the address you connect to)`;
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(m)) return 'connection refused (is redis-server running there, and listening on that address and port?)';
  if (e.code === 'ETIMEDOUT' || /ETIMEDOUT|timed out/i.test(m)) return 'no answer within the connect timeout (a firewall, a wrong address or port, or Redis bound to another interface?)';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'unknown host';
  return m;
}

/** Connect, authenticate and read the version; resolves with it, or rejects with RedisUnreachableError. */
export async function checkRedis(url: string, o: { timeoutMs?: number } = {}): Promise<{ version: string }> {
  const timeoutMs = o.timeoutMs ?? 3000;
  let client: Redis;
  try {
    client = new Redis({
      ...redisOptions(url),
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      enableReadyCheck: false,
      retryStrategy: () => null,
    });
  } catch (e) {
    throw new RedisUnreachableError(url, (e as Error).message);
  }
  let lastError: Error | undefined;
  client.on('error', (e: Error) => { lastError = e; });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    const version = await Promise.race([(async () => {
      await client.connect();
      const info = await client.info('server');
      return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '0.0.0';
    })(), deadline]);
    if (!versionAtLeast(version, MIN_REDIS_VERSION)) throw new Error(`Redis ${version} is too old: BullMQ needs ${MIN_REDIS_VERSION} or later`);
    return { version };
  } catch (e) {
    const err = /Connection is closed/.test((e as Error).message) && lastError ? lastError : (e as Error);
    throw new RedisUnreachableError(url, describe(err));
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
