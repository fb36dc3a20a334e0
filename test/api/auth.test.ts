// Bearer keys: required beyond loopback (the server refuses to start without keys there),
// optional on loopback, always checked when sent; health stays open. One real listen on
// 0.0.0.0 checks the policy over a socket.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { startServer, type RunningServer } from '../../api/server.ts';
import { errorOf, get, post, smallRun, tempDir, testApp } from './helpers.ts';

const KEY = 'test-key-0123456789';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('beyond loopback', () => {
  test('the app refuses to start without API keys', async () => {
    await expect(buildApp({ host: '0.0.0.0', workers: 0, logger: false, env: {}, dataDir: tempDir() })).rejects.toThrow(/GOVSIM_API_KEYS/);
  });

  test('keys may come from GOVSIM_API_KEYS', async () => {
    const app = await testApp({ host: '0.0.0.0', env: { GOVSIM_API_KEYS: ` ${KEY} , other-key-0123456789 ` } });
    try {
      expect((await get(app, '/v1/presets', bearer('other-key-0123456789'))).statusCode).toBe(200);
      expect((await get(app, '/v1/presets')).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  describe('with keys', () => {
    let app: FastifyInstance;
    beforeAll(async () => { app = await testApp({ host: '0.0.0.0', apiKeys: [KEY] }); });
    afterAll(async () => { await app.close(); });

    test('a request without a key is 401 with WWW-Authenticate', async () => {
      const res = await get(app, '/v1/presets');
      expect(res.statusCode).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 'unauthorized', field: 'Authorization' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    test('a wrong key is 401, and so is a malformed header', async () => {
      expect((await get(app, '/v1/presets', bearer('nope'))).statusCode).toBe(401);
      const res = await get(app, '/v1/presets', { authorization: 'Basic dXNlcjpwYXNz' });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).message).toContain('Bearer');
    });

    test('every /v1 route needs the key: submitting, reading, validating', async () => {
      expect((await post(app, '/v1/runs', smallRun())).statusCode).toBe(401);
      expect((await post(app, '/v1/validate', { preset: 'training' })).statusCode).toBe(401);
      expect((await get(app, '/v1/runs')).statusCode).toBe(401);
      expect((await get(app, '/v1/runs/run_0000000000000000')).statusCode).toBe(401);
      expect((await get(app, '/v1/version')).statusCode).toBe(401);
    });

    test('an encoded or odd spelling of a /v1 path needs the key too', async () => {
      for (const path of ['/%76%31/runs', '/v%31/presets', '/%76%31/health/../runs', '/v1//runs', '/v1/runs/', '/V1/runs']) {
        const res = await get(app, path);
        expect(res.statusCode, path).not.toBe(200);
        expect([401, 404], path).toContain(res.statusCode);
      }
      expect((await get(app, '/%76%31/runs')).statusCode).toBe(401);
    });

    test('with the key, it works', async () => {
      const res = await post(app, '/v1/runs', smallRun({ days: 2 }), bearer(KEY));
      expect(res.statusCode).toBe(202);
      await app.queue.idle();
      const status = await get(app, res.headers.location as string, bearer(KEY));
      expect(status.json().status).toBe('done');
      expect((await get(app, '/v1/version', bearer(KEY))).json().auth.required).toBe(true);
    });

    test('health, the docs and the sandbox stay open', async () => {
      expect((await get(app, '/v1/health')).statusCode).toBe(200);
      expect((await get(app, '/openapi.json')).statusCode).toBe(200);
      expect((await get(app, '/docs')).statusCode).toBe(200);
      expect((await get(app, '/')).statusCode).toBe(503);
    });
  });
});

describe('on loopback', () => {
  test('without keys configured, no key is needed', async () => {
    const app = await testApp({ host: '127.0.0.1' });
    try {
      expect((await get(app, '/v1/presets')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('with keys configured, a key is optional but a wrong one is refused', async () => {
    const app = await testApp({ host: 'localhost', apiKeys: [KEY] });
    try {
      expect((await get(app, '/v1/presets')).statusCode).toBe(200);
      expect((await get(app, '/v1/presets', bearer(KEY))).statusCode).toBe(200);
      expect((await get(app, '/v1/presets', bearer('wrong'))).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  test('requireAuth makes keys mandatory on loopback too', async () => {
    const app = await testApp({ host: '::1', apiKeys: [KEY], requireAuth: true });
    try {
      expect((await get(app, '/v1/presets')).statusCode).toBe(401);
      expect((await get(app, '/v1/presets', bearer(KEY))).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('a real server listening on 0.0.0.0', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ host: '0.0.0.0', port: 0, apiKeys: [KEY], workers: 0, logger: false, env: {}, dataDir: tempDir(), handleSignals: false });
  });
  afterAll(async () => { await server.close(); });

  test('answers 401 without a key and 200 with it', async () => {
    const port = new URL(server.url).port;
    const base = `http://127.0.0.1:${port}`;
    const without = await fetch(`${base}/v1/presets`);
    expect(without.status).toBe(401);
    expect((await without.json()).error.code).toBe('unauthorized');
    const withKey = await fetch(`${base}/v1/presets`, { headers: bearer(KEY) });
    expect(withKey.status).toBe(200);
    expect((await fetch(`${base}/v1/health`)).status).toBe(200);
  });
});
