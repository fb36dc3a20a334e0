// The same request through the CLI and through the API gives the same result: every field of
// the run (manifest, summary, series, window, histogram, emergedBySubItem, caseFlow, moneyFlow)
// deep-equal, and both verify against the digest. OpenAPI lists every lever id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LEVERS, verifyDigest, type RunResult } from '../../sim/index.ts';
import { spawnCli, tempDir as cliTemp } from '../cli/helpers.ts';
import { get, post, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

describe('API and CLI agree', () => {
  test('a run of the training preset (seed 4, 12 days, one lever set) is deep-equal both ways', async () => {
    const dir = cliTemp();
    const cli = spawnCli(['run', 'training', '--seed', '4', '--days', '12', '--set', 'grid.discretion=0.3', '--out', 'r.json'], dir);
    expect(cli.code, cli.err).toBe(0);
    const fromCli = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResult;

    const submitted = await post(app, '/v1/runs', { preset: 'training', seed: 4, days: 12, set: { 'grid.discretion': 0.3 } });
    expect(submitted.statusCode).toBeLessThan(300);
    const id = submitted.json().id;
    await app.queue.idle();
    const fromApi = (await get(app, `/v1/runs/${id}/result`)).json().replications[0];
    const { replication: _k, ...apiRun } = fromApi;
    expect(apiRun).toEqual(fromCli);
    expect(verifyDigest(apiRun)).toBe(true);
    expect(verifyDigest(fromCli)).toBe(true);
    // The API's documented result (OpenAPI) names every field a client receives.
    const doc = (await get(app, '/openapi.json')).json();
    const replications = doc.paths['/v1/runs/{id}/result'].get.responses['200'].content['application/json'].schema.properties.replications;
    const documented = (replications.items.$ref ? doc.components.schemas[replications.items.$ref.split('/').pop()] : replications.items).properties;
    expect(Object.keys(documented)).toEqual(expect.arrayContaining(Object.keys(fromApi)));
  });

  test('OpenAPI lists every lever id (with its kind and range in words) in the scenario input', async () => {
    const doc = (await get(app, '/openapi.json')).json();
    const levers = doc.paths['/v1/runs'].post.requestBody.content['application/json'].schema.properties.set;
    const listed = levers.properties ?? doc.components?.schemas?.[levers.$ref?.split('/').pop()]?.properties;
    expect(Object.keys(listed).sort()).toEqual(LEVERS.map((l) => l.id).sort());
    const discretion = listed['grid.discretion'];
    expect(discretion.description).toMatch(/a number in \[0, 1\]/);
  });
});
