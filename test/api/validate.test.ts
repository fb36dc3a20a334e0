// POST /v1/validate and the request-body errors every POST shares (malformed JSON, media type,
// size, unknown fields, wrong types), each answered with a 4xx naming the field.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scenarioHash, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { errorOf, post, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp({ limits: { bodyBytes: 64 * 1024, residents: 100_000 } }); });
afterAll(async () => { await app.close(); });

const training = () => getScenario('training')!;
const patch = (id: string, levers: Record<string, unknown>) => ({ id, name: { zh: id, en: id }, levers });

describe('POST /v1/validate', () => {
  test('a preset is valid and gives the scenario hash the engine computes', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, scenarioId: 'training', scenarioHash: scenarioHash(training()), residents: 15000 });
  });

  test('set values and inline patches are laid over the scenario in order', async () => {
    const res = await post(app, '/v1/validate', {
      preset: 'training',
      patches: [patch('a', { 'grid.discretion': 0.3 }), patch('b', { 'grid.signOffDays': 4 })],
      set: { 'grid.discretion': 0.6 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.scenarioId).toBe('training+a+b');
    expect(body.levers['grid.discretion']).toBe(0.6);
    expect(body.levers['grid.signOffDays']).toBe(4);
    expect(body.scenarioHash).toBe(scenarioHash(withLevers(training(), { 'grid.discretion': 0.6, 'grid.signOffDays': 4 })));
  });

  test('an inline scenario is valid', async () => {
    const res = await post(app, '/v1/validate', { scenario: training() });
    expect(res.statusCode).toBe(200);
    expect(res.json().scenarioHash).toBe(scenarioHash(training()));
  });

  test('a lever value out of range is 400 naming set.<lever> and what it expects', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', set: { 'grid.discretion': 5 } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_scenario', field: 'set.grid.discretion', expected: 'a number in [0, 1]' });
  });

  test('an unknown lever is 400 naming it', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', set: { 'grid.telepathy': 1 } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_scenario', field: 'set.grid.telepathy' });
  });

  test('an invalid inline scenario is 400 with every problem, the first as field', async () => {
    const s = training() as any;
    s.district.streets[0].population = 5;
    s.district.streets[0].communities = 30;
    const res = await post(app, '/v1/validate', { scenario: s });
    expect(res.statusCode).toBe(400);
    const e = errorOf(res);
    expect(e.code).toBe('invalid_scenario');
    expect(e.problems!.map((p) => p.field)).toEqual(expect.arrayContaining(['scenario.district.streets[0].communities', 'scenario.district.streets[0].population']));
    expect(e.field).toBe(e.problems![0].field);
  });

  test('a scenario of the wrong shape is 400 naming the field (schema check)', async () => {
    const s = training() as any;
    s.district.streets[0].grids = 'twenty';
    const res = await post(app, '/v1/validate', { scenario: s });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'scenario.district.streets[0].grids' });
  });

  test('an unknown preset is 400 naming preset and listing the presets', async () => {
    const res = await post(app, '/v1/validate', { preset: 'atlantis' });
    expect(res.statusCode).toBe(400);
    const e = errorOf(res);
    expect(e).toMatchObject({ code: 'unknown_preset', field: 'preset' });
    expect(e.message).toContain('training');
  });

  test('a patch preset stacks by id', async () => {
    const list = (await app.inject({ url: '/v1/presets' })).json().items as { id: string; kind: string }[];
    const patchId = list.find((p) => p.kind === 'patch')!.id;
    const res = await post(app, '/v1/validate', { preset: 'training', patches: [patchId] });
    expect(res.statusCode).toBe(200);
    expect(res.json().scenarioId).toBe(`training+${patchId}`);
  });

  test('a patch preset given as the scenario is 400 saying to put it in patches', async () => {
    const list = (await app.inject({ url: '/v1/presets' })).json().items as { id: string; kind: string }[];
    const patchId = list.find((p) => p.kind === 'patch')!.id;
    const res = await post(app, '/v1/validate', { preset: patchId });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'unknown_preset', field: 'preset' });
    expect(errorOf(res).message).toContain('patches');
  });

  test('an unknown patch preset is 400 naming patches[i]', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', patches: ['no-such-patch'] });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'unknown_preset', field: 'patches[0]' });
  });

  test('an invalid inline patch is 400 naming patches[i].levers.<lever>', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', patches: [patch('p', { 'grid.discretion': -1 })] });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_scenario', field: 'patches[0].levers.grid.discretion' });
  });

  test('patches that set one lever differently are 400 patch_conflict naming the lever', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', patches: [patch('a', { 'grid.discretion': 0.2 }), patch('b', { 'grid.discretion': 0.9 })] });
    expect(res.statusCode).toBe(400);
    const e = errorOf(res);
    expect(e).toMatchObject({ code: 'patch_conflict', field: 'patches' });
    expect(e.message).toContain('grid.discretion');
  });

  test('both preset and scenario is 400 naming scenario', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', scenario: training() });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'scenario' });
  });

  test('neither preset nor scenario is 400 naming preset', async () => {
    const res = await post(app, '/v1/validate', {});
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'preset' });
  });

  test('a scenario with more residents than the cap is 400 limit_exceeded', async () => {
    const s = training() as any;
    s.district.streets[0].population = 200_000;
    const res = await post(app, '/v1/validate', { scenario: s });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'limit_exceeded', field: 'scenario.district.streets' });
  });
});

describe('request bodies', () => {
  test('an unknown field is 400 naming it', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'colour' });
  });

  test('a wrong type is 400 naming the field', async () => {
    const res = await post(app, '/v1/runs', { preset: 'training', days: 'many' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_request', field: 'days' });
  });

  test('the message says what the field expects; a missing field and a union name their own path', async () => {
    const days = errorOf(await post(app, '/v1/runs', { preset: 'training', days: 'many' }));
    expect(days.message).toBe('invalid request body: days must be integer');
    const missing = errorOf(await post(app, '/v1/validate', { scenario: { id: 'x', name: { zh: 'x', en: 'x' }, levers: {} } }));
    expect(missing).toMatchObject({ field: 'scenario.district', message: 'invalid request body: scenario.district is required' });
    // An inline patch (a union with preset ids): the patch's own problem, not "patches[0]".
    const inPatch = errorOf(await post(app, '/v1/validate', { preset: 'training', patches: [{ ...patch('p', {}), colour: 'red' }] }));
    expect(inPatch).toMatchObject({ code: 'invalid_request', field: 'patches[0].colour', message: 'unknown field "patches[0].colour" in the request body' });
    const notAPatch = errorOf(await post(app, '/v1/validate', { preset: 'training', patches: [5] }));
    expect(notAPatch).toMatchObject({ field: 'patches[0]', message: 'invalid request body: patches[0] must be string or object' });
    const lever = errorOf(await post(app, '/v1/validate', { preset: 'training', set: { 'grid.discretion': null } }));
    expect(lever).toMatchObject({ field: 'set.grid.discretion', message: 'invalid request body: set.grid.discretion must be number, boolean or string' });
  });

  test('malformed JSON is 400 malformed_json', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: '{"preset": "training",', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('malformed_json');
  });

  test('an empty JSON body is 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: '', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('malformed_json');
  });

  test('a JSON array instead of an object is 400', async () => {
    const res = await post(app, '/v1/validate', [1, 2, 3]);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('invalid_request');
  });

  test('__proto__ keys are refused', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: '{"preset":"training","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    errorOf(res);
  });

  test('a body that is not JSON is 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: 'preset=training', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).code).toBe('unsupported_media_type');
  });

  test('a body over the size limit is 413', async () => {
    const res = await post(app, '/v1/validate', { preset: 'training', label: 'x'.repeat(70 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('body_too_large');
  });

  test('deeply nested JSON is 400, not a crash', async () => {
    const depth = 20_000;
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: `{"preset":"training","set":${'['.repeat(depth)}${']'.repeat(depth)}}`, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    errorOf(res);
  });
});
