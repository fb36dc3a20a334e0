// Start and kill the server child (test/workshop/server-child.ts) on a fixed loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

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

export interface ServerChild {
  proc: ChildProcess;
  base: string;
  /** SIGKILL: no close hooks, no goodbye. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChild(port: number, dataDir: string, sandboxDir?: string): Promise<ServerChild> {
  const proc = spawn(process.execPath, ['bin/run-ts.mjs', 'test/workshop/server-child.ts', String(port), dataDir, sandboxDir ?? ''], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => { err += String(d); });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`server child did not start in 60 s: ${err}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening (\S+)/.exec(out);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`server child exited (${code}): ${err}`)); });
  });
  const exited = new Promise<void>((resolve) => { if (proc.exitCode !== null || proc.signalCode !== null) resolve(); else proc.once('exit', () => resolve()); });
  return {
    proc, base,
    kill: async () => { proc.kill('SIGKILL'); await exited; },
    stop: async () => { proc.kill('SIGTERM'); await exited; },
  };
}
