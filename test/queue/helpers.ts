// Shared helpers for the scale-out tests: a private redis-server on a free loopback port (no
// persistence), `govsim worker` child processes whose log lines can be awaited, and a loopback
// server that accepts connections and never answers. A missing redis-server binary fails the
// tests with the package to install; they never skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { checkRedis } from '../../api/queue/check-redis.ts';
import { ROOT } from '../cli/helpers.ts';

export { ROOT };

/** Throws unless the redis-server binary is installed (in CI and elsewhere alike). */
export function requireRedisServer(): void {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('redis-server is not installed: the scale-out tests (test/queue) need it. Install the Debian package redis-server: ' +
      `apt-get install -y redis-server${process.env.CI ? ' (in CI, .ci/run installs it; this run did not)' : ''}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Start redis-server on a free loopback port (or `fixedPort`); resolves once it answers. */
export async function startRedis(fixedPort?: number): Promise<TestRedis> {
  requireRedisServer();
  for (let attempt = 0; ; attempt++) {
    const port = fixedPort ?? await freePort();
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    proc.stdout!.on('data', (d) => { log += d; });
    proc.stderr!.on('data', (d) => { log += d; });
    const url = `redis://127.0.0.1:${port}`;
    const started = Date.now();
    let ok = false;
    while (Date.now() - started < 10_000 && proc.exitCode === null) {
      try {
        await checkRedis(url, { timeoutMs: 1000 });
        ok = true;
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (ok) {
      return {
        url,
        port,
        stop: () => new Promise((resolve) => {
          if (proc.exitCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
        }),
      };
    }
    proc.kill('SIGKILL');
    if (attempt >= 2) throw new Error(`redis-server did not start on port ${port}: ${log.trim()}`);
  }
}

export interface WorkerProcess {
  proc: ChildProcess;
  /** Everything the worker wrote to stderr so far. */
  log(): string;
  /** Resolves with the first match of `re` in the log (now or later); rejects after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Spawn `node bin/govsim.mjs worker ...` (GOVSIM_REDIS_URL removed from its environment). */
export function spawnWorker(args: string[]): WorkerProcess {
  const env = { ...process.env };
  delete env.GOVSIM_REDIS_URL;
  delete env.GOVSIM_QUEUE;
  const proc = spawn(process.execPath, [join(ROOT, 'bin/govsim.mjs'), 'worker', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = text.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  proc.stderr!.on('data', (d) => { text += d; check(); });
  proc.stdout!.on('data', (d) => { text += d; check(); });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    log: () => text,
    exited,
    waitFor(re, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker did not log ${re} within ${ms} ms; its log:\n${text}`)), ms);
        waiters.push({ re, resolve: (m) => { clearTimeout(t); resolve(m); } });
        void exited.then((code) => { clearTimeout(t); reject(new Error(`worker exited (${code}) before logging ${re}; its log:\n${text}`)); });
        check();
      });
    },
  };
}

/** A loopback server that accepts connections and never answers (a black hole for timeouts). */
export function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const sockets = new Set<import('node:net').Socket>();
    const s: Server = createServer((c) => { sockets.add(c); c.on('error', () => undefined); });
    s.listen(0, '127.0.0.1', () => resolve({
      port: (s.address() as { port: number }).port,
      close: () => new Promise((r) => {
        for (const c of sockets) c.destroy();
        s.close(() => r());
      }),
    }));
  });
}

/** A queue name no other test (or person) uses. */
export function uniqueQueue(tag: string): string {
  return `t-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
