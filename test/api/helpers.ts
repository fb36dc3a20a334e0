// Shared helpers for API tests: an app on a temporary data directory with the in-process
// executor (no threads, no port), JSON injection, and waiting for a job to finish.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp, type AppOptions } from '../../api/app.ts';
import {
  AbortedError, createInProcessExecutor, type ExecuteOptions, type ExecutedOutput, type Executor,
} from '../../api/store/executor.ts';
import type { RunJob } from '../../sim/experiments/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const made: string[] = [];

/** A temporary directory, removed after the test file. */
export function tempDir(prefix = 'govsim-api-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An app for tests: in-process runs, no logs, no rate limit, no environment, a fresh data dir. */
export async function testApp(o: AppOptions = {}): Promise<FastifyInstance> {
  const dataDir = o.dataDir ?? tempDir();
  const app = await buildApp({
    workers: 0, logger: false, env: {}, sandboxDir: join(dataDir, 'no-sandbox'), ...o, dataDir,
    limits: { requestsPerMinute: 0, maxEventLoopDelayMs: 0, ...o.limits },
  });
  if (!o.dataDir) {
    const close = app.close.bind(app);
    (app as { close: () => Promise<void> }).close = async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  return app;
}

export async function call(app: FastifyInstance, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, payload: payload as InjectOptions['payload'], headers });
}

/** A POST as a client sends it: JSON, also without a body (state-changing routes require application/json). */
export async function post(app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return call(app, 'POST', url, payload, { 'content-type': 'application/json', ...headers });
}

export async function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return call(app, 'GET', url, undefined, headers);
}

/** The error body of a response (asserting its shape). */
export function errorOf(res: LightMyRequestResponse): { code: string; message: string; field?: string; expected?: string; problems?: { field: string }[] } {
  const body = res.json() as { error: { code: string; message: string; field?: string } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error body: ${res.body.slice(0, 200)}`);
  }
  return body.error;
}

/** Wait until nothing is queued or running, then read the job's status. */
export async function finished(app: FastifyInstance, url: string): Promise<Record<string, any>> {
  await app.queue.idle();
  return (await get(app, url)).json();
}

/** A small run request (training preset, short horizon). */
export const smallRun = (extra: Record<string, unknown> = {}) => ({ preset: 'training', days: 8, ...extra });

/**
 * An executor whose runs wait until the test lets them go (`release`) or they are aborted, for
 * catching jobs while they run. `started` counts runs begun.
 */
export function gateExecutor(): Executor & { release(): void; started: number } {
  let open = false;
  let waiting: (() => void)[] = [];
  const inner = createInProcessExecutor();
  const ex = {
    name: 'gate',
    slots: 1,
    started: 0,
    release() {
      open = true;
      for (const w of waiting) w();
      waiting = [];
    },
    async run(job: RunJob, opts: ExecuteOptions): Promise<ExecutedOutput[]> {
      ex.started++;
      if (!open) {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve);
          opts.signal.addEventListener('abort', () => reject(new AbortedError()), { once: true });
        });
      }
      return inner.run(job, opts);
    },
    async close() {
      ex.release();
    },
  };
  return ex;
}
