// Limits and safety: rate limiting (429 JSON), per-client job caps counted per key, CORS off
// unless origins are configured, and unexpected errors answered without internals.
import Fastify from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { describe, expect, test } from 'vitest';
import { govsimApp, resolveOptions } from '../../api/app.ts';
import { errorOf, get, post, smallRun, tempDir, testApp } from './helpers.ts';

describe('rate limiting', () => {
  test('past the limit a client gets 429 JSON with Retry-After; another key has its own budget', async () => {
    const app = await testApp({ limits: { requestsPerMinute: 3 }, apiKeys: ['a-key-0123456789abcdef', 'b-key-0123456789abcdef'] });
    try {
      for (let i = 0; i < 3; i++) expect((await get(app, '/v1/presets', { authorization: 'Bearer a-key-0123456789abcdef' })).statusCode).toBe(200);
      const res = await get(app, '/v1/presets', { authorization: 'Bearer a-key-0123456789abcdef' });
      expect(res.statusCode).toBe(429);
      expect(errorOf(res).code).toBe('rate_limited');
      expect(res.headers['retry-after']).toBeDefined();
      expect((await get(app, '/v1/presets', { authorization: 'Bearer b-key-0123456789abcdef' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('wrong keys count against the address, so guessing keys is limited too', async () => {
    const app = await testApp({ limits: { requestsPerMinute: 2 }, apiKeys: ['a-key-0123456789abcdef'] });
    try {
      expect((await get(app, '/v1/presets', { authorization: 'Bearer guess-1' })).statusCode).toBe(401);
      expect((await get(app, '/v1/presets', { authorization: 'Bearer guess-2' })).statusCode).toBe(401);
      expect((await get(app, '/v1/presets', { authorization: 'Bearer guess-3' })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('per-client job caps', () => {
  test('count unfinished jobs per key', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1 }, apiKeys: ['a-key-0123456789abcdef', 'b-key-0123456789abcdef'] });
    try {
      const a = { authorization: 'Bearer a-key-0123456789abcdef' };
      expect((await post(app, '/v1/runs', smallRun({ seed: 1 }), a)).statusCode).toBe(202);
      expect((await post(app, '/v1/runs', smallRun({ seed: 2 }), a)).statusCode).toBe(429);
      expect((await post(app, '/v1/runs', smallRun({ seed: 2 }), { authorization: 'Bearer b-key-0123456789abcdef' })).statusCode).toBe(202);
    } finally {
      await app.close();
    }
  });
});

describe('CORS', () => {
  test('is off by default: no Access-Control headers, preflight not answered', async () => {
    const app = await testApp();
    try {
      const res = await get(app, '/v1/presets', { origin: 'https://elsewhere.example' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await app.inject({ method: 'OPTIONS', url: '/v1/runs', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      expect(pre.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  test('configured origins get the headers and a preflight answer; others do not', async () => {
    const app = await testApp({ corsOrigins: ['https://lab.example'] });
    try {
      const ok = await get(app, '/v1/presets', { origin: 'https://lab.example' });
      expect(ok.headers['access-control-allow-origin']).toBe('https://lab.example');
      const pre = await app.inject({ method: 'OPTIONS', url: '/v1/runs', headers: { origin: 'https://lab.example' } });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-headers']).toContain('Authorization');
      const other = await get(app, '/v1/presets', { origin: 'https://evil.example' });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('unexpected errors', () => {
  test('are 500 JSON naming the request id, never the message or stack', async () => {
    const o = resolveOptions({ workers: 0, env: {}, dataDir: tempDir(), limits: { requestsPerMinute: 0 } });
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    await app.register(govsimApp, o);
    app.get('/v1/boom', async () => {
      throw new Error('secret path /etc/shadow at line 42');
    });
    try {
      const res = await get(app, '/v1/boom');
      expect(res.statusCode).toBe(500);
      const e = errorOf(res);
      expect(e.code).toBe('internal');
      expect(res.body).not.toContain('shadow');
      expect(res.body).not.toMatch(/\bat .*:\d+/);
    } finally {
      await app.close();
    }
  });

  test('a bad environment setting stops the start with a message naming it', () => {
    expect(() => resolveOptions({ env: { GOVSIM_MAX_DAYS: 'lots' }, workers: 0 })).toThrow(/GOVSIM_MAX_DAYS/);
  });
});
