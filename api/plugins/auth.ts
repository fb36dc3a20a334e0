// Bearer API keys. Required on every /v1 route (health aside) whenever the server listens
// beyond loopback, optional on loopback; a key that is sent is always checked. Each request
// gets a client id (a short hash of its key, or its address) that rate limits and per-client
// job caps count against; keys themselves are never logged or stored.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: `key:<hash>` for a valid API key, `ip:<address>` otherwise. */
    client: string;
  }
}

export interface AuthOptions {
  apiKeys: string[];
  required: boolean;
}

/** The client id of a request: its valid key's id, or its address (also for a wrong key). */
export function clientIdentifier(keys: string[]): (request: FastifyRequest) => string {
  const check = keyChecker(keys);
  return (request) => {
    const token = bearerToken(request);
    return (token && check(token)) || `ip:${request.ip}`;
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A checker of bearer tokens against the configured keys (constant time per key). */
export function keyChecker(keys: string[]): (token: string) => string | undefined {
  const hashed = keys.map((k) => ({ hash: digest(k), id: `key:${digest(k).toString('hex').slice(0, 12)}` }));
  return (token: string) => {
    const h = digest(token);
    let found: string | undefined;
    for (const k of hashed) if (timingSafeEqual(k.hash, h)) found = k.id;
    return found;
  };
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

/**
 * Routes anyone may call: health, the API description, the sandbox. Decided on the route the
 * router matched (its pattern), never on the raw URL: `/%76%31/runs` is `/v1/runs`. A request
 * that matched no route is treated as protected.
 */
export function isPublic(request: FastifyRequest): boolean {
  const route = request.routeOptions?.url;
  if (typeof route !== 'string') return false;
  return route === '/v1/health' || !(route === '/v1' || route.startsWith('/v1/'));
}

async function authPlugin(app: FastifyInstance, o: AuthOptions): Promise<void> {
  const check = keyChecker(o.apiKeys);
  app.decorateRequest('client', '');
  // preParsing: after the rate limiter (a route-level onRequest hook), so that guessing keys
  // is rate limited, and before the body is read, so that strangers cannot make us parse it.
  app.addHook('preParsing', async (request) => {
    request.client = `ip:${request.ip}`;
    const token = bearerToken(request);
    if (token !== undefined) {
      const id = token ? check(token) : undefined;
      if (id) {
        request.client = id;
        return;
      }
      if (isPublic(request)) return;
      throw new ApiError(401, 'unauthorized', token ? 'the API key is not valid' : 'the Authorization header must read "Bearer <key>"',
        { field: 'Authorization', headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    }
    if (o.required && !isPublic(request)) {
      throw new ApiError(401, 'unauthorized', 'an API key is required: send "Authorization: Bearer <key>"',
        { field: 'Authorization', headers: { 'WWW-Authenticate': 'Bearer' } });
    }
  });
}

export default fp(authPlugin, { name: 'govsim-auth' });
