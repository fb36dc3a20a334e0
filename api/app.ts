// The govsim HTTP API as a Fastify plugin (`govsimApp`) and a builder (`buildApp`) that wraps
// it in an instance: tests call `buildApp(...)` and `app.inject(...)` without a port;
// api/server.ts listens. Options come from the caller, then the environment, then defaults:
//   GOVSIM_DATA_DIR   store directory (default <project>/.data)
//   GOVSIM_API_KEYS   comma-separated bearer keys (required when listening beyond loopback)
//   GOVSIM_WORKERS    worker threads for runs (default one per core; 0 = in-process)
//   GOVSIM_CORS_ORIGINS  comma-separated origins allowed cross-origin (default none)
//   GOVSIM_MAX_BODY_BYTES, GOVSIM_MAX_RESIDENTS, GOVSIM_MAX_DAYS, GOVSIM_MAX_REPLICATIONS,
//   GOVSIM_MAX_RUNS_PER_JOB, GOVSIM_MAX_JOBS_PER_CLIENT, GOVSIM_RATE_LIMIT (requests a minute
//   per client; 0 = off), LOG_LEVEL.
import rateLimit from '@fastify/rate-limit';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import authPlugin, { clientIdentifier, isLoopback } from './plugins/auth.ts';
import corsPlugin from './plugins/cors.ts';
import errorsPlugin from './plugins/errors.ts';
import openapiPlugin from './plugins/openapi.ts';
import runtimePlugin from './plugins/runtime.ts';
import sandboxPlugin from './plugins/sandbox.ts';
import catalogueRoutes from './routes/catalogue.ts';
import experimentRoutes from './routes/experiments.ts';
import healthRoutes from './routes/health.ts';
import runRoutes from './routes/runs.ts';
import validateRoutes from './routes/validate.ts';
import workshopPlugin from './workshop/plugin.ts';
import { createExecutor, type Executor } from './store/executor.ts';
import { DEFAULT_LIMITS, type Limits } from './store/plan.ts';

/** The project folder, whether this file runs from the sources (api/) or the build (dist/api/). */
export const PROJECT_ROOT = fileURLToPath(new URL(/\/dist\/api\/[^/]+$/.test(import.meta.url) ? '../..' : '..', import.meta.url));

export interface AppOptions {
  /** Where the store lives (default GOVSIM_DATA_DIR, else <project>/.data). */
  dataDir?: string;
  /** The address the server listens on: beyond loopback, API keys are required. */
  host?: string;
  /** Bearer keys (default GOVSIM_API_KEYS). */
  apiKeys?: string[];
  /** Require a key even on loopback. */
  requireAuth?: boolean;
  limits?: Partial<Limits>;
  /** Runs execute here (default: the worker pool, or in-process with `workers: 0`). */
  executor?: Executor;
  workers?: number;
  /** Allowed cross-origin origins (default none: CORS off). */
  corsOrigins?: string[];
  /** The sandbox build served at / (default <project>/viz/dist). */
  sandboxDir?: string;
  /** Hold the data directory's lock (the server does; tests need not). */
  lockDataDir?: boolean;
  /** How long running runs may take to finish on shutdown before they are re-queued (ms). */
  shutdownGraceMs?: number;
  /** Start executing queued jobs when ready (default true). */
  autoStart?: boolean;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: FastifyServerOptions['trustProxy'];
  env?: Record<string, string | undefined>;
}

export interface ResolvedOptions {
  dataDir: string;
  host: string;
  apiKeys: string[];
  authRequired: boolean;
  limits: Limits;
  executor: Executor;
  corsOrigins: string[];
  sandboxDir: string;
  lockDataDir: boolean;
  shutdownGraceMs: number;
  autoStart: boolean;
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function envInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

/** Options from the caller, the environment and the defaults; refuses an unsafe setup. */
export function resolveOptions(o: AppOptions = {}): ResolvedOptions {
  const env = o.env ?? process.env;
  const host = o.host ?? env.HOST ?? '127.0.0.1';
  const apiKeys = o.apiKeys ?? list(env.GOVSIM_API_KEYS);
  const authRequired = Boolean(o.requireAuth) || !isLoopback(host);
  if (authRequired && apiKeys.length === 0) {
    throw new Error(`listening on ${host} (beyond loopback) needs API keys: set GOVSIM_API_KEYS=key1,key2 (or listen on 127.0.0.1)`);
  }
  const fromEnv: Partial<Limits> = {};
  const pairs: [keyof Limits, string][] = [
    ['bodyBytes', 'GOVSIM_MAX_BODY_BYTES'], ['residents', 'GOVSIM_MAX_RESIDENTS'], ['days', 'GOVSIM_MAX_DAYS'],
    ['replications', 'GOVSIM_MAX_REPLICATIONS'], ['runsPerJob', 'GOVSIM_MAX_RUNS_PER_JOB'], ['jobsPerClient', 'GOVSIM_MAX_JOBS_PER_CLIENT'],
    ['requestsPerMinute', 'GOVSIM_RATE_LIMIT'],
  ];
  for (const [k, name] of pairs) {
    const n = envInt(env, name);
    if (n !== undefined) fromEnv[k] = n;
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...fromEnv, ...o.limits };
  const workers = o.workers ?? envInt(env, 'GOVSIM_WORKERS');
  // GOVSIM_REDIS_URL puts runs on the BullMQ queue for `govsim worker`s; an explicit worker count runs them here.
  const redisUrl = workers === undefined && env.GOVSIM_REDIS_URL ? env.GOVSIM_REDIS_URL : undefined;
  return {
    dataDir: resolve(o.dataDir ?? env.GOVSIM_DATA_DIR ?? resolve(PROJECT_ROOT, '.data')),
    host,
    apiKeys,
    authRequired,
    limits,
    executor: o.executor ?? createExecutor({ workers, redisUrl, queueName: env.GOVSIM_QUEUE }),
    corsOrigins: o.corsOrigins ?? list(env.GOVSIM_CORS_ORIGINS),
    sandboxDir: resolve(o.sandboxDir ?? resolve(PROJECT_ROOT, 'viz/dist')),
    lockDataDir: o.lockDataDir ?? false,
    shutdownGraceMs: o.shutdownGraceMs ?? 10_000,
    autoStart: o.autoStart ?? true,
  };
}

async function govsimPlugin(app: FastifyInstance, o: ResolvedOptions): Promise<void> {
  await app.register(errorsPlugin);
  // JSON only: any other body is 415.
  app.removeContentTypeParser(['text/plain']);
  await app.register(corsPlugin, { origins: o.corsOrigins });
  if (o.limits.requestsPerMinute > 0) {
    // Before auth, so that guessing keys is rate limited too.
    await app.register(rateLimit, { global: true, max: o.limits.requestsPerMinute, timeWindow: 60_000, keyGenerator: clientIdentifier(o.apiKeys) });
  }
  await app.register(authPlugin, { apiKeys: o.apiKeys, required: o.authRequired });
  await app.register(runtimePlugin, {
    dataDir: o.dataDir, executor: o.executor, limits: o.limits, lock: o.lockDataDir, shutdownGraceMs: o.shutdownGraceMs, autoStart: o.autoStart,
  });
  await app.register(openapiPlugin, { authRequired: o.authRequired });
  await app.register(healthRoutes, { prefix: '/v1', authRequired: o.authRequired });
  await app.register(catalogueRoutes, { prefix: '/v1' });
  await app.register(validateRoutes, { prefix: '/v1' });
  await app.register(runRoutes, { prefix: '/v1/runs' });
  await app.register(experimentRoutes, { prefix: '/v1/experiments' });
  await app.register(workshopPlugin, { dataDir: o.dataDir });
  await app.register(sandboxPlugin, { dir: o.sandboxDir });
}

/** The whole API as one plugin: error handling, auth, limits, docs, routes, sandbox. */
export const govsimApp = fp(govsimPlugin, { name: 'govsim', fastify: '5.x' });

/** A ready-to-use instance (not listening). */
export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const o = resolveOptions(opts);
  const env = opts.env ?? process.env;
  const app = Fastify({
    logger: opts.logger ?? { level: env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] },
    bodyLimit: o.limits.bodyBytes,
    trustProxy: opts.trustProxy ?? false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  try {
    await app.register(govsimApp, o);
    await app.ready();
  } catch (e) {
    await o.executor.close().catch(() => undefined);
    throw e;
  }
  return app;
}
