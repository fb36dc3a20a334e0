// /v1/runs: submit, status, progress events, result JSON and CSV, cancel, list, the cache by
// content hash, per-client caps, and every error path.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SERIES, canonicalJson, run, sha256Hex } from '../../sim/index.ts';
import { analysisDigest } from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { createInProcessExecutor, type Executor } from '../../api/store/executor.ts';
import { call, errorOf, finished, gateExecutor, get, post, smallRun, testApp } from './helpers.ts';

function parseSse(text: string): { event: string; data: any }[] {
  return text.split('\n\n').filter((b) => b.includes('data: ')).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
    const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]);
    return { event, data };
  });
}

describe('a run from submission to result', () => {
  let app: FastifyInstance;
  let id: string;
  let submitted: any;
  let events: { event: string; data: any }[];
  beforeAll(async () => {
    app = await testApp();
    const res = await post(app, '/v1/runs', smallRun({ days: 40, seed: 7, replications: 3, label: 'first batch' }));
    submitted = res;
    id = res.json().id;
    // The stream ends with the job, so inject resolves when the run is done.
    events = parseSse((await get(app, `/v1/runs/${id}/events`)).body);
  });
  afterAll(async () => { await app.close(); });

  test('POST /v1/runs answers 202 with the id, a Location and X-Govsim-Cache: miss', () => {
    expect(submitted.statusCode).toBe(202);
    expect(submitted.headers.location).toBe(`/v1/runs/${id}`);
    expect(submitted.headers['x-govsim-cache']).toBe('miss');
    expect(submitted.json()).toMatchObject({ kind: 'run', label: 'first batch', seed: 7, days: 40, replications: 3, progress: { runsTotal: 3 } });
    expect(['queued', 'running']).toContain(submitted.json().status);
  });

  test('GET /:id/events streams progress then one done event with the final status', () => {
    expect(events.length).toBeGreaterThanOrEqual(2);
    const last = events.at(-1)!;
    expect(last.event).toBe('done');
    expect(last.data).toMatchObject({ id, status: 'done', progress: { runsDone: 3, runsTotal: 3, fraction: 1 } });
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    const fractions = events.map((e) => e.data.progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  test('GET /:id reports done with the digest', async () => {
    const res = await get(app, `/v1/runs/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', attempts: 1, error: null, progress: { fraction: 1 } });
    expect(res.json().digest).toMatch(/^[0-9a-f]{64}$/);
    expect(res.json().finishedAt).not.toBeNull();
  });

  test('the result holds every replication with the digest the engine gives for seed + k', async () => {
    const res = await get(app, `/v1/runs/${id}/result`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.seeds).toEqual([7, 8, 9]);
    expect(r.replications.map((x: any) => x.replication)).toEqual([0, 1, 2]);
    const s = getScenario('training')!;
    const digests = r.seeds.map((seed: number) => run(s, { seed, days: 40 }).manifest.digest);
    expect(r.replications.map((x: any) => x.manifest.digest)).toEqual(digests);
    // The job digest covers the runs and the analysis over them (api/store/outputs.ts jobDigest).
    expect(r.digest).toBe(sha256Hex(canonicalJson({ runs: digests.map((d: string, k: number) => ['training', k, d]), analysis: analysisDigest({ aggregate: r.aggregate }) })));
    expect(r.digest).toBe((await get(app, `/v1/runs/${id}`)).json().digest);
    expect(r.replications[0].series.names).toEqual(SERIES.map((x) => x.name));
    expect(r.replications[0].series.values['cases.emerged']).toHaveLength(40);
    expect(r.replications[0]).toHaveProperty('caseFlow');
    expect(r.aggregate['rate.response']).toMatchObject({ n: expect.any(Number) });
  });

  test('the result of one replication without series', async () => {
    const res = await get(app, `/v1/runs/${id}/result?replication=1&series=false`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.replications).toHaveLength(1);
    expect(r.replications[0].replication).toBe(1);
    expect(r.replications[0].manifest.seed).toBe(8);
    expect(r.replications[0]).not.toHaveProperty('series');
  });

  test('a replication that does not exist is 404 naming replication', async () => {
    const res = await get(app, `/v1/runs/${id}/result?replication=3`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'not_found', field: 'replication' });
  });

  test('the series as tidy CSV: one row per replication, day and series', async () => {
    const res = await get(app, `/v1/runs/${id}/series.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('replication,seed,day,date,metric,value');
    expect(lines).toHaveLength(1 + 3 * 40 * SERIES.length);
    expect(lines[1]).toMatch(/^0,7,0,2021-01-01,cases\.emerged,\d+$/);
  });

  test('the series as wide CSV, one replication, one metric', async () => {
    const res = await get(app, `/v1/runs/${id}/series.csv?layout=wide&replication=2&metric=cases.emerged`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('replication,seed,day,date,cases.emerged');
    expect(lines).toHaveLength(41);
    expect(lines[40]).toMatch(/^2,9,39,2021-02-09,\d+$/);
  });

  test('CSV of a replication that does not exist is 404', async () => {
    const res = await get(app, `/v1/runs/${id}/series.csv?replication=9`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).field).toBe('replication');
  });

  test('CSV of an unknown scenario key is 404 naming scenario', async () => {
    const res = await get(app, `/v1/runs/${id}/series.csv?scenario=nope`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).field).toBe('scenario');
  });

  test('CSV with a bad layout is 400 naming layout', async () => {
    const res = await get(app, `/v1/runs/${id}/series.csv?layout=diagonal`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).field).toBe('layout');
  });

  test('an identical request is answered from the store: 200, same job, X-Govsim-Cache: hit', async () => {
    const res = await post(app, '/v1/runs', smallRun({ days: 40, seed: 7, replications: 3, label: 'again' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-govsim-cache']).toBe('hit');
    expect(res.json()).toMatchObject({ id, status: 'done' });
  });

  test('the same scenario given inline is the same content, so also a hit', async () => {
    const res = await post(app, '/v1/runs', { scenario: getScenario('training'), days: 40, seed: 7, replications: 3 });
    expect(res.headers['x-govsim-cache']).toBe('hit');
    expect(res.json().id).toBe(id);
  });

  test('a different seed is a new job', async () => {
    const res = await post(app, '/v1/runs', smallRun({ days: 40, seed: 8, replications: 3 }));
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-govsim-cache']).toBe('miss');
    expect(res.json().id).not.toBe(id);
    await app.queue.idle();
  });

  test('cancelling a finished run is 409 already_finished', async () => {
    const res = await post(app, `/v1/runs/${id}/cancel`, undefined);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('already_finished');
  });

  test('an unknown id is 404 naming id; a malformed id is 400', async () => {
    for (const path of ['', '/result', '/series.csv', '/events']) {
      const res = await get(app, `/v1/runs/run_0000000000000000${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(errorOf(res)).toMatchObject({ code: 'not_found', field: 'id' });
    }
    const cancel = await post(app, '/v1/runs/run_0000000000000000/cancel', undefined);
    expect(cancel.statusCode).toBe(404);
    const bad = await get(app, '/v1/runs/run$bad');
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).field).toBe('id');
  });

  test('a run id is not an experiment', async () => {
    const res = await get(app, `/v1/experiments/${id}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('jobs not finished', () => {
  let app: FastifyInstance;
  beforeAll(async () => { app = await testApp({ autoStart: false, limits: { jobsPerClient: 3 } }); });
  afterAll(async () => { await app.close(); });

  test('result and CSV of a queued run are 409 not_ready with Retry-After', async () => {
    const { id } = (await post(app, '/v1/runs', smallRun({ seed: 100 }))).json();
    for (const path of ['result', 'series.csv']) {
      const res = await get(app, `/v1/runs/${id}/${path}`);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('not_ready');
      expect(res.headers['retry-after']).toBe('2');
    }
  });

  test('an identical request while the first is queued joins it: 202, same id, X-Govsim-Cache: joined', async () => {
    const first = await post(app, '/v1/runs', smallRun({ seed: 101 }));
    const again = await post(app, '/v1/runs', smallRun({ seed: 101 }));
    expect(again.statusCode).toBe(202);
    expect(again.headers['x-govsim-cache']).toBe('joined');
    expect(again.json().id).toBe(first.json().id);
  });

  test('a client over its cap of unfinished jobs gets 429 too_many_jobs; joining is still allowed', async () => {
    const res = await post(app, '/v1/runs', smallRun({ seed: 102 }));
    expect(res.json().id).toBeDefined();
    const over = await post(app, '/v1/runs', smallRun({ seed: 103 }));
    expect(over.statusCode).toBe(429);
    expect(errorOf(over).code).toBe('too_many_jobs');
    expect(over.headers['retry-after']).toBeDefined();
    const join = await post(app, '/v1/runs', smallRun({ seed: 102 }));
    expect(join.headers['x-govsim-cache']).toBe('joined');
  });

  test('cancelling a queued run: 200 cancelled; again 409; its result 409 job_cancelled; resubmitting makes a new job', async () => {
    const list = (await get(app, '/v1/runs?status=queued&seed=100')).json();
    const id = list.items[0].id;
    const res = await post(app, `/v1/runs/${id}/cancel`, undefined);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'cancelled' });
    expect((await post(app, `/v1/runs/${id}/cancel`, undefined)).statusCode).toBe(409);
    const result = await get(app, `/v1/runs/${id}/result`);
    expect(result.statusCode).toBe(409);
    expect(errorOf(result).code).toBe('job_cancelled');
    const again = await post(app, '/v1/runs', smallRun({ seed: 100 }));
    expect(again.statusCode).toBe(202);
    expect(again.headers['x-govsim-cache']).toBe('miss');
    expect(again.json().id).not.toBe(id);
  });

  test('started, the queue runs every queued job to the end', async () => {
    app.queue.start();
    await app.queue.idle();
    const list = (await get(app, '/v1/runs?limit=100')).json();
    const states = list.items.map((j: any) => j.status).sort();
    expect(states).toEqual(['cancelled', 'done', 'done', 'done']);
  });
});

describe('cancelling a running run', () => {
  test('stops it: status cancelled, its result 409, the next job runs', async () => {
    const gate = gateExecutor();
    const app = await testApp({ executor: gate });
    try {
      const { id } = (await post(app, '/v1/runs', smallRun({ seed: 5, replications: 2 }))).json();
      const other = (await post(app, '/v1/runs', smallRun({ seed: 6 }))).json().id;
      await new Promise((r) => setImmediate(r));
      expect((await get(app, `/v1/runs/${id}`)).json().status).toBe('running');
      const res = await post(app, `/v1/runs/${id}/cancel`, undefined);
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('cancelled');
      gate.release();
      expect((await finished(app, `/v1/runs/${other}`)).status).toBe('done');
      expect((await get(app, `/v1/runs/${id}`)).json().status).toBe('cancelled');
      expect(errorOf(await get(app, `/v1/runs/${id}/result`)).code).toBe('job_cancelled');
    } finally {
      await app.close();
    }
  });
});

describe('a run that fails', () => {
  test('is reported failed with the scenario and seed; its result is 409 job_failed', async () => {
    const inner = createInProcessExecutor();
    const broken: Executor = {
      name: 'broken', slots: 1, close: () => inner.close(),
      run: (job, opts) => (job.seed === 13 ? Promise.reject(new Error('engine exploded')) : inner.run(job, opts)),
    };
    const app = await testApp({ executor: broken });
    try {
      const { id } = (await post(app, '/v1/runs', smallRun({ seed: 12, replications: 3 }))).json();
      const status = await finished(app, `/v1/runs/${id}`);
      expect(status.status).toBe('failed');
      expect(status.error.code).toBe('run_failed');
      expect(status.error.message).toContain('seed 13');
      const res = await get(app, `/v1/runs/${id}/result`);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('job_failed');
      const events = parseSse((await get(app, `/v1/runs/${id}/events`)).body);
      expect(events.map((e) => e.event)).toEqual(['failed']);
      // A failed job does not hold its key: the same request may be tried again.
      expect((await post(app, '/v1/runs', smallRun({ seed: 12, replications: 3 }))).headers['x-govsim-cache']).toBe('miss');
    } finally {
      await app.close();
    }
  });
});

describe('submission errors', () => {
  let app: FastifyInstance;
  beforeAll(async () => { app = await testApp({ autoStart: false, limits: { days: 100, replications: 4 } }); });
  afterAll(async () => { await app.close(); });

  const cases: [string, unknown, number, string, string][] = [
    ['days over the server cap', smallRun({ days: 101 }), 400, 'limit_exceeded', 'days'],
    ['days over the engine maximum', smallRun({ days: 4000 }), 400, 'invalid_request', 'days'],
    ['days of 0', smallRun({ days: 0 }), 400, 'invalid_request', 'days'],
    ['replications over the cap', smallRun({ replications: 5 }), 400, 'limit_exceeded', 'replications'],
    ['replications of 0', smallRun({ replications: 0 }), 400, 'invalid_request', 'replications'],
    ['a negative seed', smallRun({ seed: -1 }), 400, 'invalid_request', 'seed'],
    ['a seed over 2^32 - 1', smallRun({ seed: 2 ** 32 }), 400, 'invalid_request', 'seed'],
    ['a fractional seed', smallRun({ seed: 1.5 }), 400, 'invalid_request', 'seed'],
    ['an unknown field', smallRun({ reps: 3 }), 400, 'invalid_request', 'reps'],
    ['an unknown preset', { preset: 'mars', days: 3 }, 400, 'unknown_preset', 'preset'],
    ['a bad lever value', smallRun({ set: { 'whistle.street': 'yes' } }), 400, 'invalid_scenario', 'set.whistle.street'],
    ['a label too long', smallRun({ label: 'x'.repeat(201) }), 400, 'invalid_request', 'label'],
  ];
  for (const [name, body, status, code, field] of cases) {
    test(`${name} → ${status} ${code} naming ${field}`, async () => {
      const res = await post(app, '/v1/runs', body);
      expect(res.statusCode).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, field });
    });
  }
});

describe('GET /v1/runs lists past runs with paging and filters', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
    for (const [seed, label] of [[1, 'alpha one'], [2, 'alpha two'], [3, 'beta'], [4, null], [5, 'alpha three']] as const) {
      await post(app, '/v1/runs', smallRun({ seed, days: 3, ...(label ? { label } : {}) }));
    }
    await post(app, '/v1/runs', { preset: 'training', days: 3, seed: 9, set: { 'grid.discretion': 0.4 } });
    await app.queue.idle();
  });
  afterAll(async () => { await app.close(); });

  test('newest first, with the total', async () => {
    const res = await get(app, '/v1/runs');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(6);
    expect(body.items.map((j: any) => j.seed)).toEqual([9, 5, 4, 3, 2, 1]);
    expect(body.next).toBeNull();
  });

  test('pages with limit and offset, and a next link that keeps the filters', async () => {
    const first = (await get(app, '/v1/runs?limit=2&label=alpha')).json();
    expect(first.total).toBe(3);
    expect(first.items.map((j: any) => j.seed)).toEqual([5, 2]);
    expect(first.next).toBe('/v1/runs?label=alpha&limit=2&offset=2');
    const second = (await get(app, first.next)).json();
    expect(second.items.map((j: any) => j.seed)).toEqual([1]);
    expect(second.next).toBeNull();
  });

  test('filters by status, seed, scenario id and hash, and creation time', async () => {
    expect((await get(app, '/v1/runs?status=done')).json().total).toBe(6);
    expect((await get(app, '/v1/runs?status=failed')).json().total).toBe(0);
    expect((await get(app, '/v1/runs?seed=3')).json().items.map((j: any) => j.label)).toEqual(['beta']);
    expect((await get(app, '/v1/runs?scenario=training')).json().total).toBe(6);
    const hash = (await get(app, '/v1/runs?seed=9')).json().items[0].scenarioHash;
    expect((await get(app, `/v1/runs?scenarioHash=${hash}`)).json().total).toBe(1);
    expect((await get(app, '/v1/runs?since=2000-01-01')).json().total).toBe(6);
    expect((await get(app, '/v1/runs?until=2000-01-01')).json().total).toBe(0);
  });

  test('bad filters are 400 naming the parameter', async () => {
    for (const [q, field] of [['status=lost', 'status'], ['limit=0', 'limit'], ['limit=9999', 'limit'], ['offset=-1', 'offset'],
      ['since=yesterday', 'since'], ['seed=x', 'seed'], ['kind=compare', 'kind'], ['colour=red', 'colour']] as const) {
      const res = await get(app, `/v1/runs?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(errorOf(res).field, q).toBe(field);
    }
  });

  test('a body on a GET does not matter; POST to a status is 404', async () => {
    const res = await call(app, 'POST', '/v1/runs/run_0000000000000000', {});
    expect(res.statusCode).toBe(404);
  });
});
