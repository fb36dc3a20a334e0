// Health, version, catalogues, the OpenAPI document and UI, and the sandbox at `/`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINE_VERSION, LEVERS, METRICS, SERIES } from '../../sim/index.ts';
import { errorOf, get, tempDir, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

describe('GET /v1/health and /v1/version', () => {
  test('health says ok with the engine version and the queue', async () => {
    const res = await get(app, '/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', engineVersion: ENGINE_VERSION, queue: { queued: 0, running: 0, executorSlots: 1 } });
  });

  test('version names the executor, the limits and whether a key is required', async () => {
    const res = await get(app, '/v1/version');
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.engineVersion).toBe(ENGINE_VERSION);
    expect(v.executor).toBe('in-process');
    expect(v.auth).toEqual({ required: false, scheme: 'bearer' });
    expect(v.limits.days).toBe(3650);
  });
});

describe('GET /v1/presets', () => {
  test('lists the scenario presets', async () => {
    const res = await get(app, '/v1/presets');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['training', 'qinhuai-2019', 'qinhuai-2021']));
  });

  test('/:id gives the whole scenario', async () => {
    const res = await get(app, '/v1/presets/training');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'training', district: { streets: [{ id: 'demo' }] } });
  });

  test('/:id of an unknown preset is 404 naming the id', async () => {
    const res = await get(app, '/v1/presets/atlantis');
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'not_found', field: 'id' });
  });

  test('/:id longer than 80 characters is 400', async () => {
    const res = await get(app, `/v1/presets/${'x'.repeat(81)}`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'id' });
  });
});

describe('GET /v1/levers and /v1/outputs', () => {
  test('levers lists every lever with what it expects', async () => {
    const res = await get(app, '/v1/levers');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(LEVERS.length);
    expect(body.items.find((l: { id: string }) => l.id === 'grid.discretion')).toMatchObject({ kind: 'number', min: 0, max: 1, expected: 'a number in [0, 1]' });
  });

  test('levers?group= filters by group', async () => {
    const res = await get(app, '/v1/levers?group=money');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { group: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((l) => l.group === 'money')).toBe(true);
  });

  test('levers?group= of an unknown group is 400 naming group', async () => {
    const res = await get(app, '/v1/levers?group=astrology');
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).field).toBe('group');
  });

  test('levers with an unknown query parameter is 400 naming it', async () => {
    const res = await get(app, '/v1/levers?colour=red');
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).field).toBe('colour');
  });

  test('outputs lists the daily series and the summary metrics', async () => {
    const res = await get(app, '/v1/outputs');
    expect(res.statusCode).toBe(200);
    expect(res.json().series).toHaveLength(SERIES.length);
    expect(res.json().metrics).toHaveLength(METRICS.length);
  });
});

describe('API description', () => {
  test('/openapi.json is an OpenAPI 3 document with every route and schema-typed bodies', async () => {
    const res = await get(app, '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/v1/health', '/v1/version', '/v1/presets', '/v1/presets/{id}', '/v1/levers', '/v1/outputs', '/v1/validate', '/v1/runs',
      '/v1/runs/{id}', '/v1/runs/{id}/result', '/v1/runs/{id}/series.csv', '/v1/runs/{id}/events', '/v1/runs/{id}/cancel',
      '/v1/experiments/compare', '/v1/experiments/sweep', '/v1/experiments/sensitivity', '/v1/experiments', '/v1/experiments/{id}/result']) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    const runBody = doc.paths['/v1/runs'].post.requestBody.content['application/json'].schema;
    expect(runBody.properties).toHaveProperty('replications');
    expect(runBody.additionalProperties).toBe(false);
    expect(doc.paths['/v1/runs'].post.responses).toHaveProperty('202');
  });

  test('/docs serves Swagger UI from local assets', async () => {
    const html = await get(app, '/docs');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('swagger-ui');
    const asset = await get(app, '/docs/static/swagger-ui-bundle.js');
    expect(asset.statusCode).toBe(200);
  });
});

describe('the sandbox at /', () => {
  test('without a build, / is 503 JSON saying to run npm run build', async () => {
    const res = await get(app, '/');
    expect(res.statusCode).toBe(503);
    const e = errorOf(res);
    expect(e.code).toBe('sandbox_not_built');
    expect(e.message).toContain('npm run build');
  });

  test('without a build, a browser gets a 503 page saying the same', async () => {
    const res = await get(app, '/', { accept: 'text/html' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('npm run build');
  });

  test('with a build, / serves its index.html and assets', async () => {
    const dir = tempDir();
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>sandbox</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const withSandbox = await testApp({ sandboxDir: dist });
    try {
      const res = await get(withSandbox, '/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<title>sandbox</title>');
      expect((await get(withSandbox, '/assets/app.js')).statusCode).toBe(200);
      const missing = await get(withSandbox, '/assets/nope.js');
      expect(missing.statusCode).toBe(404);
      expect(errorOf(missing).code).toBe('not_found');
    } finally {
      await withSandbox.close();
    }
  });
});

describe('unknown routes', () => {
  test('are 404 JSON', async () => {
    const res = await get(app, '/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'not_found' });
  });

  test('a wrong method is 404 JSON', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/v1/runs' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
  });
});
