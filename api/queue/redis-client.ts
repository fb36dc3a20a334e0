// Redis connections for the queue, through ioredis (BullMQ's reference driver), and the URL
// handling shared by the CLI and the API: parsing with errors that name the value, and a form
// with the password hidden for every message and log line.
//
// Connections made here retry forever with back-off and queue commands while reconnecting
// (`maxRetriesPerRequest: null`, which BullMQ requires for its blocking reads), so a worker rides
// out a Redis restart. Failing fast is check-redis.ts's job: it runs before any of these exist.
import { Redis } from 'ioredis';

export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

/** Parse redis://[user:password@]host[:port][/db] (rediss:// for TLS); errors name the value. */
export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`invalid Redis URL ${JSON.stringify(redactRedisUrl(url))}: expected redis://[:password@]host[:port][/db]`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new RangeError(`invalid Redis URL ${JSON.stringify(redactRedisUrl(url))}: expected redis:// or rediss://, got ${u.protocol}//`);
  }
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RangeError(`invalid Redis URL ${JSON.stringify(redactRedisUrl(url))}: the database after / must be an integer ≥ 0`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:',
  };
}

/**
 * The URL with its password replaced by ***, for messages and logs. Parsed as a URL; text that
 * does not parse loses everything up to its last '@' (wherever a password could hide).
 */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    if (u.protocol === 'redis:' || u.protocol === 'rediss:') {
      if (u.password) u.password = '***';
      return u.toString();
    }
  } catch {
    // not a URL: fall through
  }
  const at = url.lastIndexOf('@');
  return at >= 0 ? `***${url.slice(at)}` : url;
}

/** ioredis options for a target (host, port, database, credentials, TLS). */
export function redisOptions(url: string) {
  const t = parseRedisUrl(url);
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    username: t.username,
    password: t.password,
    ...(t.tls ? { tls: { servername: t.host } } : {}),
  };
}

/**
 * Wait for `p` at most `ms` (then give up on it). Closing BullMQ objects sends QUIT, which waits
 * for a reconnect that never comes while Redis is down; a shutdown must not hang on that.
 */
export async function settleWithin(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}

/** A long-lived connection for BullMQ: reconnects with back-off, waits out short outages. */
export function createRedisClient(url: string, o: { connectTimeoutMs?: number } = {}): Redis {
  return new Redis({
    ...redisOptions(url),
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 2000),
  });
}
