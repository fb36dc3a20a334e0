// The govsim HTTP API as a Fastify plugin (`govsimApp`) and a builder (`buildApp`) that wraps
// it in an instance: tests call `buildApp(...)` and `app.inject(...)` without a port;
// api/server.ts listens. Options come from the caller, then the environment, then defaults
// (docs/api.md lists every setting with its default):
//   GOVSIM_DATA_DIR   store directory (default <project>/.data)
//   GOVSIM_API_KEYS   comma-separated `name:secret` keys, secrets ≥ 16 characters (required
//                     beyond loopback); GOVSIM_ADMIN_KEYS the same for keys that see every tenant
//   GOVSIM_WORKERS    worker threads for runs (default one per core; 0 = in-process)
//   GOVSIM_WORKSHOP_THREADS  simulation threads for workshop rounds (default one per core, at most 4; 0 = event loop)
//   GOVSIM_CORS_ORIGINS  comma-separated origins allowed cross-origin (default none)
//   GOVSIM_ALLOWED_HOSTS  extra Host names accepted (beyond localhost names and the bound address)
//   GOVSIM_TRUST_PROXY  true, a hop count or comma-separated proxy addresses (default off)
//   GOVSIM_MAX_* and GOVSIM_*_TIMEOUT_MS caps (plan.ts `LIMIT_ENV`), GOVSIM_RETENTION_DAYS,
//   GOVSIM_MAX_STORE_MB, GOVSIM_RATE_LIMIT (requests a minute per client; 0 = off), LOG_LEVEL.
import rateLimit from '@fastify/rate-limit';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import authPlugin, { clientIdentifier, isLoopback, parseKeys, type ApiKey } from './plugins/auth.ts';
import hardeningPlugin from './plugins/hardening.ts';
import corsPlugin from './plugins/cors.ts';
import errorsPlugin, { ApiError, errorBody, sendError, toApiError } from './plugins/errors.ts';
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
import { createRedisExecutor } from './queue/redis-executor.ts';
import { DEFAULT_LIMITS, LIMIT_ENV, type Limits } from './store/plan.ts';

/** The project folder, whether this file runs from the sources (api/) or the build (dist/api/). */
export const PROJECT_ROOT = fileURLToPath(new URL(/\/dist\/api\/[^/]+$/.test(import.meta.url) ? '../..' : '..', import.meta.url));

export interface AppOptions {
  /** Where the store lives (default GOVSIM_DATA_DIR, else <project>/.data). */
  dataDir?: string;
  /** The address the server listens on: beyond loopback, API keys are required. */
  host?: string;
  /** Bearer keys, `name:secret` or `secret` (default GOVSIM_API_KEYS). */
  apiKeys?: string[];
  /** Keys that see and may delete every tenant's jobs (default GOVSIM_ADMIN_KEYS). */
  adminKeys?: string[];
  /** Host names accepted besides localhost names and the bound address (default GOVSIM_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** Require a key even on loopback. */
  requireAuth?: boolean;
  limits?: Partial<Limits>;
  /** Runs execute here (default: the worker pool, or in-process with `workers: 0`). */
  executor?: Executor;
  workers?: number;
  /** Simulation threads for workshop rounds (default GOVSIM_WORKSHOP_THREADS, else one per core up to 4; 0 = on the event loop). */
  workshopThreads?: number;
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
  /** Plan requests and build reports in a worker thread (default: yes unless `workers: 0`). */
  planInThread?: boolean;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: FastifyServerOptions['trustProxy'];
  env?: Record<string, string | undefined>;
}

export interface ResolvedOptions {
  dataDir: string;
  host: string;
  keys: ApiKey[];
  allowedHosts: string[];
  trustProxy: FastifyServerOptions['trustProxy'];
  authRequired: boolean;
  limits: Limits;
  executor: Executor;
  corsOrigins: string[];
  sandboxDir: string;
  lockDataDir: boolean;
  shutdownGraceMs: number;
  autoStart: boolean;
  planInThread: boolean;
  workshopThreads: number | undefined;
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function envInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

/** GOVSIM_TRUST_PROXY: unset/false → off; true → every hop; a number → that many hops; else addresses. */
export function trustProxyFrom(v: string | undefined): FastifyServerOptions['trustProxy'] {
  const t = (v ?? '').trim();
  if (t === '' || t === 'false' || t === '0') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t) as unknown as string;
  const addrs = list(t);
  for (const a of addrs) {
    if (!/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(a)) throw new Error(`GOVSIM_TRUST_PROXY must be true, false, a hop count or comma-separated addresses/CIDRs; got ${JSON.stringify(a)}`);
  }
  return addrs;
}

/** Options from the caller, the environment and the defaults; refuses an unsafe setup. */
export function resolveOptions(o: AppOptions = {}): ResolvedOptions {
  const env = o.env ?? process.env;
  const host = o.host ?? env.HOST ?? '127.0.0.1';
  const keys = [
    ...parseKeys(o.apiKeys ?? list(env.GOVSIM_API_KEYS), { admin: false, source: o.apiKeys ? 'apiKeys' : 'GOVSIM_API_KEYS' }),
    ...parseKeys(o.adminKeys ?? list(env.GOVSIM_ADMIN_KEYS), { admin: true, source: o.adminKeys ? 'adminKeys' : 'GOVSIM_ADMIN_KEYS' }),
  ];
  const names = new Set<string>();
  for (const k of keys) {
    if (names.has(k.tenant)) throw new Error(`GOVSIM_API_KEYS / GOVSIM_ADMIN_KEYS: the tenant name "${k.tenant}" is given twice`);
    names.add(k.tenant);
  }
  const authRequired = Boolean(o.requireAuth) || !isLoopback(host);
  if (authRequired && keys.length === 0) {
    throw new Error(`listening on ${host} (beyond loopback) needs API keys: set GOVSIM_API_KEYS=name:secret,… (secrets of at least 16 characters; or listen on 127.0.0.1)`);
  }
  const fromEnv: Partial<Limits> = {};
  for (const [k, name] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
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
    keys,
    allowedHosts: o.allowedHosts ?? list(env.GOVSIM_ALLOWED_HOSTS),
    trustProxy: o.trustProxy ?? trustProxyFrom(env.GOVSIM_TRUST_PROXY),
    authRequired,
    limits,
    executor: o.executor ?? createExecutor({ workers, redisUrl, queueName: env.GOVSIM_QUEUE }, createRedisExecutor),
    corsOrigins: o.corsOrigins ?? list(env.GOVSIM_CORS_ORIGINS),
    sandboxDir: resolve(o.sandboxDir ?? resolve(PROJECT_ROOT, 'viz/dist')),
    lockDataDir: o.lockDataDir ?? false,
    shutdownGraceMs: o.shutdownGraceMs ?? 10_000,
    autoStart: o.autoStart ?? true,
    planInThread: o.planInThread ?? (workers !== 0 && o.executor === undefined),
    workshopThreads: o.workshopThreads ?? envInt(env, 'GOVSIM_WORKSHOP_THREADS'),
  };
}

async function govsimPlugin(app: FastifyInstance, o: ResolvedOptions): Promise<void> {
  await app.register(errorsPlugin);
  // JSON only: any other body is 415.
  app.removeContentTypeParser(['text/plain']);
  await app.register(hardeningPlugin, { host: o.host, allowedHosts: o.allowedHosts, limits: o.limits });
  await app.register(corsPlugin, { origins: o.corsOrigins });
  if (o.limits.requestsPerMinute > 0) {
    // Before auth, so that guessing keys is rate limited too.
    await app.register(rateLimit, { global: true, max: o.limits.requestsPerMinute, timeWindow: 60_000, keyGenerator: clientIdentifier(o.keys) });
  }
  await app.register(authPlugin, { keys: o.keys, required: o.authRequired });
  await app.register(runtimePlugin, {
    dataDir: o.dataDir, executor: o.executor, limits: o.limits, lock: o.lockDataDir, shutdownGraceMs: o.shutdownGraceMs, autoStart: o.autoStart, planInThread: o.planInThread,
  });
  await app.register(openapiPlugin, { authRequired: o.authRequired });
  await app.register(healthRoutes, { prefix: '/v1', authRequired: o.authRequired });
  await app.register(catalogueRoutes, { prefix: '/v1' });
  await app.register(validateRoutes, { prefix: '/v1' });
  await app.register(runRoutes, { prefix: '/v1/runs' });
  await app.register(experimentRoutes, { prefix: '/v1/experiments' });
  await app.register(workshopPlugin, { dataDir: o.dataDir, threads: o.workshopThreads });
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
    trustProxy: o.trustProxy,
    return503OnClosing: true,
    // Slow clients are cut off: the headers within headersTimeoutMs, the whole request within
    // requestTimeoutMs, an idle connection after connectionTimeoutMs, a kept-alive one after keepAliveTimeoutMs.
    requestTimeout: o.limits.requestTimeoutMs,
    connectionTimeout: o.limits.connectionTimeoutMs,
    keepAliveTimeout: o.limits.keepAliveTimeoutMs,
    http: { headersTimeout: Math.min(o.limits.headersTimeoutMs, o.limits.requestTimeoutMs), connectionsCheckingInterval: Math.min(1000, o.limits.headersTimeoutMs) },
    // Bad JSON with "__proto__" is refused with its own message (the errors plugin names it).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Fastify's own errors before routing (a URL that does not decode …) in the one envelope.
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, toApiError(error) ?? new ApiError(400, 'bad_request', 'the request could not be read'));
    },
    // Errors of the HTTP parser (no request yet): the same envelope, written on the socket.
    clientErrorHandler: (err, socket) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const apiCode = status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'bad_request';
      const body = JSON.stringify(errorBody(new ApiError(status, apiCode, status === 408 ? 'the request took too long to arrive' : 'the request could not be parsed as HTTP')));
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  if (o.limits.maxConnections > 0) app.server.maxConnections = o.limits.maxConnections;
  try {
    await app.register(govsimApp, o);
    await app.ready();
  } catch (e) {
    await o.executor.close().catch(() => undefined);
    throw e;
  }
  return app;
}
