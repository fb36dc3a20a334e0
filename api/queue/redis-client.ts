// A small Redis client (RESP2 over TCP, or TLS for rediss://) in the shape BullMQ 6 asks of a
// driver (its IRedisClient interface). Why it exists: BullMQ 6 ships without a driver (ioredis and
// node-redis are optional peers) and none is a dependency of govsim, so this file speaks the
// protocol for exactly the commands BullMQ uses; the queue semantics (locks, stalled jobs,
// retries, events) are all BullMQ's Lua scripts, run here by EVALSHA. Should ioredis become a
// dependency, pass `new IORedis(url)` where `createRedisClient` is called and delete this file.
//
// Behaviour follows ioredis where BullMQ relies on it: the status names (connecting, connect,
// ready, reconnecting, end), the events (connect, ready, error, close, reconnecting, end), raw
// replies (integers as numbers, bulk strings as text), commands issued while reconnecting wait
// for the connection, commands in flight when it drops fail with ConnectionClosedError, and a
// lost connection is retried with back-off until `disconnect()` or `quit()`.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { ConnectionClosedError } from 'bullmq';
import { createReplyParser, encodeCommand, ReplyError, type Arg, type Reply } from './resp.ts';

export { ReplyError } from './resp.ts';

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
  const port = u.port ? Number(u.port) : 6379;
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:',
  };
}

/** The URL with its password replaced by ***, for messages and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)([^@/]*@)/, (_, scheme: string, auth: string) => {
    const user = auth.slice(0, -1).split(':')[0];
    return `${scheme}${user}${auth.includes(':') ? ':***' : ''}@`;
  });
}

export interface RedisClientOptions {
  /** Give up connecting after this long (ms); default 10 000. */
  connectTimeoutMs?: number;
  /** Sent as CLIENT SETNAME once connected (BullMQ names its connections). */
  connectionName?: string;
  /** Reconnect after a lost connection (default true); false ends the client instead. */
  reconnect?: boolean;
}

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

interface Queued extends Pending {
  bytes: Buffer;
}

interface Script {
  sha: string;
  lua: string;
  keys: number;
}

type Status = 'wait' | 'connecting' | 'connect' | 'ready' | 'reconnecting' | 'end';

const AUTH_ERROR = /^(WRONGPASS|NOAUTH|ERR invalid password|ERR AUTH|ERR Client sent AUTH)/;

function scriptArgs(args: unknown[]): Arg[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return flat.map((a) => (Buffer.isBuffer(a) ? a : a === null || a === undefined ? '' : String(a)));
}

function pairs(r: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(r)) for (let i = 0; i + 1 < r.length; i += 2) out[String(r[i])] = String(r[i + 1]);
  return out;
}

/** A pipeline (one write, replies in order) or a MULTI/EXEC transaction. */
class Batch {
  private cmds: { args: Arg[]; map?: (r: Reply) => unknown; sha?: string }[] = [];
  constructor(private client: RespRedisClient, private transaction: boolean) {}
  add(args: Arg[], map?: (r: Reply) => unknown, sha?: string): this {
    this.cmds.push({ args, map, sha });
    return this;
  }
  hgetall(key: string) { return this.add(['HGETALL', key], pairs); }
  hset(key: string, data: Record<string, string | number>) { return this.add(['HSET', key, ...Object.entries(data).flat()]); }
  hscan(key: string, cursor: string | number, o?: { COUNT?: number }) { return this.add(['HSCAN', key, cursor, ...(o?.COUNT != null ? ['COUNT', o.COUNT] : [])]); }
  smembers(key: string) { return this.add(['SMEMBERS', key]); }
  sscan(key: string, cursor: string | number, o?: { COUNT?: number }) { return this.add(['SSCAN', key, cursor, ...(o?.COUNT != null ? ['COUNT', o.COUNT] : [])]); }
  zrange(key: string, start: number, end: number) { return this.add(['ZRANGE', key, start, end]); }
  lrange(key: string, start: number, end: number) { return this.add(['LRANGE', key, start, end]); }
  llen(key: string) { return this.add(['LLEN', key]); }
  del(...keys: string[]) { return keys.length ? this.add(['DEL', ...keys]) : this; }
  runCommand(name: string, args: unknown[]) {
    const s = this.client.script(name);
    const a = scriptArgs(args);
    // EVAL the first time on this connection (it also caches the script), EVALSHA after.
    return this.client.hasLoaded(s.sha)
      ? this.add(['EVALSHA', s.sha, s.keys, ...a])
      : this.add(['EVAL', s.lua, s.keys, ...a], undefined, s.sha);
  }
  async exec(): Promise<[Error | null, unknown][] | null> {
    const cmds = this.cmds;
    this.cmds = [];
    if (this.transaction) {
      const sent = [this.client.send(['MULTI']), ...cmds.map((c) => this.client.send(c.args)), this.client.send(['EXEC'])];
      const settled = await Promise.allSettled(sent);
      const closed = settled.find((s) => s.status === 'rejected');
      if (closed) throw (closed as PromiseRejectedResult).reason;
      const last = (settled[settled.length - 1] as PromiseFulfilledResult<Reply>).value;
      if (last instanceof ReplyError) throw last;
      if (last === null) return null;
      return (last as Reply[]).map((r, i) => {
        if (r instanceof ReplyError) return [r, null];
        if (cmds[i].sha) this.client.markLoaded(cmds[i].sha!);
        return [null, cmds[i].map ? cmds[i].map!(r) : r];
      });
    }
    const settled = await Promise.allSettled(cmds.map((c) => this.client.send(c.args)));
    return settled.map((s, i) => {
      if (s.status === 'rejected') {
        if (s.reason instanceof ConnectionClosedError) throw s.reason;
        return [s.reason as Error, null];
      }
      if (s.value instanceof ReplyError) return [s.value, null];
      if (cmds[i].sha) this.client.markLoaded(cmds[i].sha!);
      return [null, cmds[i].map ? cmds[i].map!(s.value) : s.value];
    });
  }
}

export class RespRedisClient extends EventEmitter {
  status: Status = 'wait';
  readonly isCluster = false;
  options: Record<string, unknown>;
  private readonly target: RedisTarget;
  private socket?: Socket;
  private parser = createReplyParser();
  private pending: Pending[] = [];
  private offline: Queued[] = [];
  private scripts = new Map<string, Script>();
  private loaded = new Set<string>();
  private manualClose = false;
  private attempts = 0;
  private retryTimer?: NodeJS.Timeout;
  private lastError?: Error;

  constructor(readonly url: string, private readonly opts: RedisClientOptions = {}) {
    super();
    this.target = parseRedisUrl(url);
    // What BullMQ reads: no keyPrefix, no maxRetriesPerRequest (it wants blocking commands kept).
    this.options = { host: this.target.host, port: this.target.port, db: this.target.db, connectionName: opts.connectionName };
    this.open();
  }

  // ---- connection lifecycle -------------------------------------------------------------------

  private open(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.status = this.attempts > 0 ? 'reconnecting' : 'connecting';
    this.parser.reset();
    this.loaded.clear();
    const { host, port, tls } = this.target;
    const socket = tls ? tlsConnect({ host, port, servername: host }) : createConnection({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(this.opts.connectTimeoutMs ?? 10_000);
    socket.once('timeout', () => {
      const e = Object.assign(new Error(`connect ETIMEDOUT ${host}:${port}`), { code: 'ETIMEDOUT' });
      socket.destroy(e);
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      socket.setTimeout(0);
      void this.handshake(socket);
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk, socket));
    socket.on('error', (e) => {
      this.lastError = e;
      if (this.listenerCount('error') > 0 && !this.manualClose) this.emit('error', e);
    });
    socket.once('close', () => this.onClose(socket));
  }

  private async handshake(socket: Socket): Promise<void> {
    if (socket !== this.socket) return;
    this.status = 'connect';
    this.emit('connect');
    const { username, password, db } = this.target;
    const steps: Arg[][] = [];
    if (password !== undefined) steps.push(username ? ['AUTH', username, password] : ['AUTH', password]);
    if (db) steps.push(['SELECT', db]);
    if (this.opts.connectionName) steps.push(['CLIENT', 'SETNAME', this.opts.connectionName]);
    try {
      for (const s of steps) {
        const r = await this.write(s);
        if (r instanceof ReplyError) throw r;
      }
    } catch (e) {
      const err = e as Error;
      this.lastError = err;
      // A wrong password does not get better by retrying: end rather than loop.
      if (AUTH_ERROR.test(err.message)) this.manualClose = true;
      if (this.listenerCount('error') > 0) this.emit('error', err);
      socket.destroy();
      return;
    }
    if (socket !== this.socket) return;
    this.attempts = 0;
    this.status = 'ready';
    const queued = this.offline;
    this.offline = [];
    for (const q of queued) this.writeBytes(q.bytes, q);
    this.emit('ready');
  }

  private onData(chunk: Buffer, socket: Socket): void {
    if (socket !== this.socket) return;
    let replies: Reply[];
    try {
      replies = this.parser.push(chunk);
    } catch (e) {
      socket.destroy(e as Error);
      return;
    }
    for (const r of replies) {
      const p = this.pending.shift();
      if (p) p.resolve(r);
    }
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    const reason = this.lastError;
    const failed = this.pending;
    this.pending = [];
    for (const p of failed) p.reject(new ConnectionClosedError(undefined, reason));
    this.emit('close');
    if (this.manualClose || this.opts.reconnect === false) {
      this.finish();
      return;
    }
    this.attempts++;
    this.status = 'reconnecting';
    this.emit('reconnecting');
    this.retryTimer = setTimeout(() => this.open(), Math.min(100 * this.attempts, 2000));
  }

  private finish(): void {
    this.status = 'end';
    const queued = this.offline;
    this.offline = [];
    for (const q of queued) q.reject(new ConnectionClosedError(undefined, this.lastError));
    this.emit('end');
  }

  /** Resolves once ready; rejects with the last connection error if the client ends first. */
  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.status === 'end' || this.status === 'wait') {
      this.manualClose = false;
      this.attempts = 0;
      this.lastError = undefined;
      this.open();
    }
    return new Promise((resolve, reject) => {
      const onReady = () => { off(); resolve(); };
      const onEnd = () => { off(); reject(this.lastError ?? new ConnectionClosedError()); };
      const off = () => { this.off('ready', onReady); this.off('end', onEnd); };
      this.on('ready', onReady);
      this.on('end', onEnd);
    });
  }

  disconnect(reconnect = false): void {
    if (reconnect) {
      this.socket?.destroy();
      return;
    }
    this.manualClose = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.socket) this.socket.destroy();
    else if (this.status !== 'end') {
      this.emit('close');
      this.finish();
    }
  }

  async quit(): Promise<string> {
    if (this.status !== 'ready' || !this.socket) {
      this.disconnect();
      return 'OK';
    }
    this.manualClose = true;
    const socket = this.socket;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      await this.write(['QUIT']);
    } catch {
      // Already closing: fine.
    }
    socket.end();
    await closed;
    return 'OK';
  }

  duplicate(o?: { connectionName?: string }): RespRedisClient {
    return new RespRedisClient(this.url, { ...this.opts, connectionName: o?.connectionName ?? this.opts.connectionName });
  }

  // ---- sending --------------------------------------------------------------------------------

  private writeBytes(bytes: Buffer, p: Pending): void {
    if (!this.socket) {
      p.reject(new ConnectionClosedError(undefined, this.lastError));
      return;
    }
    this.pending.push(p);
    this.socket.write(bytes);
  }

  /** Write now (handshake, QUIT), whatever the status. */
  private write(args: Arg[]): Promise<Reply> {
    return new Promise((resolve, reject) => this.writeBytes(encodeCommand(args), { resolve, reject }));
  }

  /** Send a command; error replies resolve as ReplyError values (callers decide). */
  send(args: Arg[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.status === 'end') {
        reject(new ConnectionClosedError(undefined, this.lastError));
        return;
      }
      const bytes = encodeCommand(args);
      if (this.status === 'ready') this.writeBytes(bytes, { resolve, reject });
      else this.offline.push({ bytes, resolve, reject });
    });
  }

  /** Send a command and throw error replies. */
  async call(...args: Arg[]): Promise<Reply> {
    const r = await this.send(args);
    if (r instanceof ReplyError) throw r;
    return r;
  }

  // ---- Lua scripts ----------------------------------------------------------------------------

  defineCommand(name: string, def: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(def.lua).digest('hex');
    this.scripts.set(name, { sha, lua: def.lua, keys: def.numberOfKeys });
    // BullMQ checks `client[name]` to see whether a script is defined already.
    (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => this.runCommand(name, args);
  }

  script(name: string): Script {
    const s = this.scripts.get(name);
    if (!s) throw new Error(`BullMQ: unknown command "${name}"`);
    return s;
  }

  hasLoaded(sha: string): boolean {
    return this.loaded.has(sha);
  }

  markLoaded(sha: string): void {
    this.loaded.add(sha);
  }

  async runCommand(name: string, args: unknown[]): Promise<unknown> {
    const s = this.script(name);
    const a = scriptArgs(args);
    let r = this.loaded.has(s.sha) ? await this.send(['EVALSHA', s.sha, s.keys, ...a]) : new ReplyError('NOSCRIPT');
    if (r instanceof ReplyError && r.message.startsWith('NOSCRIPT')) {
      r = await this.send(['EVAL', s.lua, s.keys, ...a]);
      if (!(r instanceof ReplyError && /^ERR (Error compiling|user_script)/.test(r.message))) this.loaded.add(s.sha);
    }
    if (r instanceof ReplyError) throw r;
    return r;
  }

  multi(): Batch {
    return new Batch(this, true);
  }

  pipeline(): Batch {
    return new Batch(this, false);
  }

  // ---- the commands BullMQ uses outside scripts ------------------------------------------------

  async hgetall(key: string) { return pairs(await this.call('HGETALL', key)); }
  async hget(key: string, field: string) { return (await this.call('HGET', key, field)) as string | null; }
  async hmget(key: string, ...fields: string[]) { return (await this.call('HMGET', key, ...fields)) as (string | null)[]; }
  async hset(key: string, data: Record<string, string | number>) { return (await this.call('HSET', key, ...Object.entries(data).flat())) as number; }
  async hdel(key: string, ...fields: string[]) { return (await this.call('HDEL', key, ...fields)) as number; }
  async hexists(key: string, field: string) { return (await this.call('HEXISTS', key, field)) as number; }
  async get(key: string) { return (await this.call('GET', key)) as string | null; }
  async set(key: string, value: string | number, o?: { PX?: number; EX?: number }) {
    const extra: Arg[] = o?.PX != null ? ['PX', o.PX] : o?.EX != null ? ['EX', o.EX] : [];
    return (await this.call('SET', key, value, ...extra)) as string | null;
  }
  async del(...keys: string[]) { return keys.length ? ((await this.call('DEL', ...keys)) as number) : 0; }
  async zrange(key: string, start: number, end: number, o?: { WITHSCORES?: boolean }) { return (await this.call('ZRANGE', key, start, end, ...(o?.WITHSCORES ? ['WITHSCORES'] : []))) as string[]; }
  async zrevrange(key: string, start: number, end: number, o?: { WITHSCORES?: boolean }) { return (await this.call('ZREVRANGE', key, start, end, ...(o?.WITHSCORES ? ['WITHSCORES'] : []))) as string[]; }
  async zcard(key: string) { return (await this.call('ZCARD', key)) as number; }
  async zscore(key: string, member: string) { return (await this.call('ZSCORE', key, member)) as string | null; }
  async lrange(key: string, start: number, end: number) { return (await this.call('LRANGE', key, start, end)) as string[]; }
  async llen(key: string) { return (await this.call('LLEN', key)) as number; }
  async ltrim(key: string, start: number, end: number) { return (await this.call('LTRIM', key, start, end)) as string; }
  async lpos(key: string, value: string) { return (await this.call('LPOS', key, value)) as number | null; }
  async smembers(key: string) { return (await this.call('SMEMBERS', key)) as string[]; }
  async xadd(key: string, id: string, fields: Record<string, string | number>, o?: { MAXLEN?: number; approximate?: boolean }) {
    const trim: Arg[] = o?.MAXLEN != null ? ['MAXLEN', ...(o.approximate === false ? [] : ['~']), o.MAXLEN] : [];
    return (await this.call('XADD', key, ...trim, id, ...Object.entries(fields).flat())) as string;
  }
  async xread(streams: { key: string; id: string }[], o?: { BLOCK?: number; COUNT?: number }) {
    const extra: Arg[] = [...(o?.BLOCK != null ? ['BLOCK', o.BLOCK] : []), ...(o?.COUNT != null ? ['COUNT', o.COUNT] : [])];
    return this.call('XREAD', ...extra, 'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id));
  }
  async xtrim(key: string, strategy: 'MAXLEN', threshold: number, o?: { approximate?: boolean }) {
    return (await this.call('XTRIM', key, strategy, ...(o?.approximate === false ? [] : ['~']), threshold)) as number;
  }
  async xrevrange(key: string, end: string, start: string, count?: number) {
    return (await this.call('XREVRANGE', key, end, start, ...(count ? ['COUNT', count] : []))) as [string, string[]][];
  }
  async bzpopmin(key: string, timeout: number) { return (await this.call('BZPOPMIN', key, timeout)) as [string, string, string] | null; }
  async info(section?: string) { return (await this.call('INFO', ...(section ? [section] : []))) as string; }
  async ping() { return (await this.call('PING')) as string; }
  async clientSetName(name: string) { return this.call('CLIENT', 'SETNAME', name); }
  async clientList() { return (await this.call('CLIENT', 'LIST')) as string; }
  async clientInfo() { return (await this.call('CLIENT', 'INFO')) as string; }
  async scan(cursor: string | number, o: { MATCH?: string; COUNT?: number }) {
    const r = (await this.call('SCAN', cursor, ...(o?.MATCH != null ? ['MATCH', o.MATCH] : []), ...(o?.COUNT != null ? ['COUNT', o.COUNT] : []))) as [string, string[]];
    return [String(r[0]), r[1]] as [string, string[]];
  }
  scanStream(o: { match: string; count?: number }): Readable {
    let cursor = '0';
    let started = false;
    const scan = (c: string) => this.scan(c, { MATCH: o.match, COUNT: o.count });
    return new Readable({
      objectMode: true,
      async read() {
        try {
          if (started && cursor === '0') {
            this.push(null);
            return;
          }
          started = true;
          const [next, keys] = await scan(cursor);
          cursor = next;
          this.push(keys);
        } catch (e) {
          this.destroy(e as Error);
        }
      },
    });
  }
}

/** A client for `url`: connects at once, reconnects after a lost connection until closed. */
export function createRedisClient(url: string, opts: RedisClientOptions = {}): RespRedisClient {
  return new RespRedisClient(url, opts);
}
