// Bearer API keys and tenants. Keys come as `name:secret` (or a bare `secret`, whose tenant is
// named by a short hash of it); every secret is at least 16 characters. A key is required on
// every /v1 route (health aside) whenever the server listens beyond loopback, optional on
// loopback; a key that is sent is always checked. Each request gets a tenant (the owner of the
// jobs it creates: the key's name, or `local` on loopback without a key), an admin flag (admin
// keys see every tenant's jobs) and a client id for rate limits (the tenant, or the address for
// a request without a valid key). Keys themselves are never logged or stored.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, for rate limits and caps: the tenant of a valid key, or `ip:<address>`. */
    client: string;
    /** Who owns what this request creates and may see: a key's tenant, or `local` without a key. */
    tenant: string;
    /** An admin key: sees and may delete every tenant's jobs. */
    admin: boolean;
  }
}

/** The shortest secret accepted: shorter keys can be guessed. */
export const MIN_KEY_LENGTH = 16;
/** The tenant of requests without a key (loopback only). */
export const LOCAL_TENANT = 'local';

export interface ApiKey {
  tenant: string;
  secret: string;
  admin: boolean;
}

export interface AuthOptions {
  keys: ApiKey[];
  required: boolean;
}

const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Parse configured keys (`name:secret` or `secret`), refusing short secrets and odd names with
 * an error naming the setting. `source` names where they came from (GOVSIM_API_KEYS …).
 */
export function parseKeys(entries: string[], o: { admin: boolean; source: string }): ApiKey[] {
  return entries.map((raw, i) => {
    const at = raw.indexOf(':');
    const named = at > 0 && TENANT_NAME.test(raw.slice(0, at));
    const secret = named ? raw.slice(at + 1) : raw;
    const tenant = named ? raw.slice(0, at) : `key-${digest(raw).toString('hex').slice(0, 12)}`;
    if (secret.length < MIN_KEY_LENGTH) {
      throw new Error(`${o.source}: key ${i + 1}${named ? ` ("${tenant}")` : ''} is ${secret.length} characters; every key must be at least ${MIN_KEY_LENGTH} (for example \`openssl rand -hex 24\`)`);
    }
    if (/\s/.test(secret)) throw new Error(`${o.source}: key ${i + 1} contains white space`);
    if (tenant === LOCAL_TENANT) throw new Error(`${o.source}: the tenant name "${LOCAL_TENANT}" is reserved`);
    return { tenant, secret, admin: o.admin };
  });
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/** A checker of bearer tokens against the configured keys (constant time per key). */
export function keyChecker(keys: ApiKey[]): (token: string) => ApiKey | undefined {
  const hashed = keys.map((k) => ({ hash: digest(k.secret), key: k }));
  return (token: string) => {
    const h = digest(token);
    let found: ApiKey | undefined;
    for (const k of hashed) if (timingSafeEqual(k.hash, h)) found = k.key;
    return found;
  };
}

/** The client id of a request: its valid key's tenant, or its address (also for a wrong key). */
export function clientIdentifier(keys: ApiKey[]): (request: FastifyRequest) => string {
  const check = keyChecker(keys);
  return (request) => {
    const token = bearerToken(request);
    const k = token ? check(token) : undefined;
    return k ? `tenant:${k.tenant}` : `ip:${request.ip}`;
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
  const check = keyChecker(o.keys);
  app.decorateRequest('client', '');
  app.decorateRequest('tenant', '');
  app.decorateRequest('admin', false);
  // preParsing: after the rate limiter (a route-level onRequest hook), so that guessing keys
  // is rate limited, and before the body is read, so that strangers cannot make us parse it.
  app.addHook('preParsing', async (request) => {
    request.client = `ip:${request.ip}`;
    request.tenant = LOCAL_TENANT;
    request.admin = false;
    const token = bearerToken(request);
    if (token !== undefined) {
      const k = token ? check(token) : undefined;
      if (k) {
        request.client = `tenant:${k.tenant}`;
        request.tenant = k.tenant;
        request.admin = k.admin;
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
