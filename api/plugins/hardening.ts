// Protections around every route: a Host allow-list (DNS rebinding), state-changing requests
// only as application/json (no simple cross-site form posts), security headers with a CSP that
// the sandbox and /docs pass (@fastify/helmet), 503 when the event loop lags (as
// @fastify/under-pressure does, measured from start-up on), and query integers parsed strictly ("1e3", "0x10", " 7" are refused
// rather than read as 1, 16 or 7).
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { networkInterfaces } from 'node:os';
import type { Limits } from '../store/plan.ts';
import { isLoopback } from './auth.ts';
import { ApiError } from './errors.ts';

export interface HardeningOptions {
  /** The address the server is bound to. */
  host: string;
  /** Extra Host names accepted (GOVSIM_ALLOWED_HOSTS). */
  allowedHosts: string[];
  limits: Limits;
}

/** The CSP of every response: the sandbox's own meta CSP, plus no framing, plugins or foreign forms. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The host name of a Host header, lower case, without the port (IPv6 keeps its brackets). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * The Host names accepted: on loopback, localhost names, the bound address and the configured
 * names (anything else is a DNS-rebinding page). Beyond loopback keys guard every route, so
 * only a configured list restricts Host there; undefined means any Host.
 */
export function allowedHostNames(host: string, configured: string[]): Set<string> | undefined {
  const names = new Set<string>(configured.map((h) => hostName(h)));
  if (!isLoopback(host) && configured.length === 0) return undefined;
  for (const n of LOCAL_NAMES) names.add(n);
  const bound = host.trim().toLowerCase();
  if (bound !== '0.0.0.0' && bound !== '::') names.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  else {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
    }
  }
  return names;
}

const STRICT_INTEGER = /^-?(0|[1-9]\d{0,15})$/;

/** Query parameters the route's schema declares as integers, by name. */
function integerParams(request: FastifyRequest): string[] {
  const q = (request.routeOptions?.schema as { querystring?: { properties?: Record<string, { type?: string }> } } | undefined)?.querystring;
  return Object.entries(q?.properties ?? {}).filter(([, v]) => v.type === 'integer').map(([k]) => k);
}

async function hardeningPlugin(app: FastifyInstance, o: HardeningOptions): Promise<void> {
  const hosts = allowedHostNames(o.host, o.allowedHosts);
  app.addHook('onRequest', async (request) => {
    const h = request.headers.host;
    if (hosts && typeof h === 'string' && !hosts.has(hostName(h))) {
      throw new ApiError(421, 'misdirected_request', `this server does not answer for Host "${h.slice(0, 100)}"; use localhost or add the name to GOVSIM_ALLOWED_HOSTS`,
        { field: 'Host', expected: [...hosts].slice(0, 8).join(', ') });
    }
    if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') {
      const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        throw new ApiError(415, 'unsupported_media_type', `send ${request.method} requests with Content-Type: application/json${type ? ` (not ${type.slice(0, 60)})` : ''}`,
          { field: 'Content-Type', expected: 'application/json' });
      }
    }
  });
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (!query) return;
    for (const name of integerParams(request)) {
      const v = query[name];
      if (v === undefined) continue;
      if (Array.isArray(v)) throw new ApiError(400, 'invalid_request', `give ${name} once`, { field: name, expected: 'a whole number, once' });
      if (typeof v === 'string' && !STRICT_INTEGER.test(v)) {
        throw new ApiError(400, 'invalid_request', `${name} must be a whole number in decimal digits, got ${JSON.stringify(v.slice(0, 40))}`,
          { field: name, expected: 'a whole number in decimal digits (no exponent, hex, sign + or spaces)' });
      }
    }
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // The API serves no cross-origin embeds; these stay at helmet's defaults otherwise.
    crossOriginEmbedderPolicy: false,
    hsts: false,
  });
  if (o.limits.maxEventLoopDelayMs > 0) {
    // The equivalent of @fastify/under-pressure's event-loop check, measured only once the
    // server is ready (start-up work is not lag): a timer's lateness is the loop's delay, and
    // while the last one was over the cap requests are answered 503 with Retry-After.
    const every = 250;
    let lag = 0;
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      let last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        lag = Math.max(0, now - last - every);
        last = now;
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
    app.addHook('onRequest', async (request, reply) => {
      // Only the analyst API sheds load: the sandbox's files and the workshop's pages and
      // messages must keep flowing while the server itself simulates a workshop round.
      if (!request.url.startsWith('/v1/')) return;
      if (lag > o.limits.maxEventLoopDelayMs) {
        reply.header('Retry-After', '5');
        throw new ApiError(503, 'overloaded', `the server is overloaded (event loop ${Math.round(lag)} ms behind); try again in a few seconds`, { headers: { 'Retry-After': '5' } });
      }
    });
  }
}

export default fp(hardeningPlugin, { name: 'govsim-hardening' });
