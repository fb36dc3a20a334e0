// /v1/experiments: compare, sweep and sensitivity submitted and read like runs; results are the
// experiment document the CLI writes, with digests the engine reproduces.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SERIES, run, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { errorOf, finished, get, post, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp({ limits: { runsPerJob: 60 } }); });
afterAll(async () => { await app.close(); });

const compareBody = {
  baseline: { preset: 'training' },
  reforms: [{ preset: 'training', set: { 'grid.discretion': 0.2 }, label: 'low-discretion' }],
  days: 20, replications: 3, seed: 4, label: 'discretion',
};

describe('POST /v1/experiments/compare', () => {
  let id: string;
  let result: any;
  beforeAll(async () => {
    const res = await post(app, '/v1/experiments/compare', compareBody);
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/v1/experiments/${res.json().id}`);
    id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    result = (await get(app, `/v1/experiments/${id}/result`)).json();
  });

  test('the status counts scenarios × replications runs', async () => {
    const s = (await get(app, `/v1/experiments/${id}`)).json();
    expect(s).toMatchObject({ kind: 'compare', label: 'discretion', scenarios: 2, replications: 3, progress: { runsDone: 6, runsTotal: 6 } });
  });

  test('the result is the experiment document with paired differences', () => {
    expect(result).toMatchObject({ jobId: id, format: 'govsim-experiment/1', kind: 'compare', settings: { days: 20, reps: 3, seeds: [4, 5, 6] } });
    expect(result.scenarios.map((s: any) => [s.key, s.role])).toEqual([['training', 'baseline'], ['low-discretion', 'reform']]);
    expect(result.scenarios[1].levers).toEqual({ 'grid.discretion': 0.2 });
    const d = result.differences['low-discretion']['cases.closed'];
    expect(d).toMatchObject({ n: 3 });
    expect(['', 'higher', 'lower']).toContain(d.verdict);
    expect(result.summaries.training['cases.closed'].n).toBe(3);
    expect(result.request).toEqual(compareBody);
    expect(result.failures).toEqual([]);
  });

  test('every run carries the digest the engine gives for its scenario and seed (common random numbers)', () => {
    const base = getScenario('training')!;
    const reform = withLevers(base, { 'grid.discretion': 0.2 });
    for (const r of result.runs) {
      const s = r.scenario === 'training' ? base : reform;
      expect(r.manifest.digest).toBe(run(s, { seed: r.seed, days: 20 }).manifest.digest);
      expect(r.seed).toBe(4 + r.replication);
    }
    expect(result.digest).toBe(result.digest.toLowerCase());
  });

  test('the series CSV has the CLI columns and can be narrowed to a scenario', async () => {
    const all = await get(app, `/v1/experiments/${id}/series.csv`);
    expect(all.statusCode).toBe(200);
    const lines = all.body.trimEnd().split('\n');
    expect(lines[0]).toBe('experiment,scenario,replication,day,metric,value');
    expect(lines).toHaveLength(1 + 2 * 3 * 20 * SERIES.length);
    const one = (await get(app, `/v1/experiments/${id}/series.csv?scenario=low-discretion&replication=0&layout=wide`)).body.trimEnd().split('\n');
    expect(one).toHaveLength(21);
    expect(one[1].startsWith(`${result.id},low-discretion,0,0,`)).toBe(true);
  });

  test('an identical experiment is answered from the store', async () => {
    const res = await post(app, '/v1/experiments/compare', compareBody);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-govsim-cache']).toBe('hit');
    expect(res.json().id).toBe(id);
  });

  test('the experiments list finds it by kind and label', async () => {
    const list = (await get(app, '/v1/experiments?kind=compare&label=discretion')).json();
    expect(list.items.map((j: any) => j.id)).toContain(id);
    expect((await get(app, '/v1/experiments?kind=run')).statusCode).toBe(400);
    expect((await get(app, `/v1/runs/${id}`)).statusCode).toBe(404);
  });
});

describe('a warm-start comparison (forkDay)', () => {
  test('reforms continue from the baseline\'s snapshot; the unchanged trunk equals a straight run', async () => {
    const res = await post(app, '/v1/experiments/compare', { ...compareBody, forkDay: 10, label: undefined });
    const id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    const r = (await get(app, `/v1/experiments/${id}/result`)).json();
    expect(r.settings.forkDay).toBe(10);
    const reform = r.runs.find((x: any) => x.scenario === 'low-discretion');
    expect(reform.fork).toMatchObject({ day: 10 });
    const trunk = r.runs.find((x: any) => x.scenario === 'training' && x.replication === 0);
    expect(trunk.manifest.digest).toBe(run(getScenario('training')!, { seed: 4, days: 20 }).manifest.digest);
  });
});

describe('POST /v1/experiments/sweep', () => {
  test('a full factorial over two levers runs every combination', async () => {
    const res = await post(app, '/v1/experiments/sweep', {
      base: { preset: 'training' }, method: 'factorial',
      factors: [{ lever: 'grid.discretion', values: [0.2, 0.8] }, { lever: 'whistle.street' }], days: 10,
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    const r = (await get(app, `/v1/experiments/${id}/result`)).json();
    expect(r.kind).toBe('sweep');
    expect(r.scenarios).toHaveLength(4);
    expect(r.scenarios.map((s: any) => s.levers)).toEqual(expect.arrayContaining([
      { 'grid.discretion': 0.2, 'whistle.street': false }, { 'grid.discretion': 0.8, 'whistle.street': true },
    ]));
    expect(r.correlations).toHaveProperty(['cases.closed', 'grid.discretion']);
  });

  test('a Latin hypercube of 3 samples', async () => {
    const res = await post(app, '/v1/experiments/sweep', {
      base: { preset: 'training' }, method: 'lhs', samples: 3, factors: [{ lever: 'grid.signOffDays', min: 0, max: 6 }], days: 5, designSeed: 9,
    });
    const id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    const r = (await get(app, `/v1/experiments/${id}/result`)).json();
    expect(r.scenarios).toHaveLength(3);
    expect(r.settings.design).toMatchObject({ method: 'lhs', seed: 9 });
  });
});

describe('POST /v1/experiments/sensitivity', () => {
  test('Morris gives μ* and σ per lever for the chosen outputs', async () => {
    const res = await post(app, '/v1/experiments/sensitivity', {
      base: { preset: 'training' }, method: 'morris', trajectories: 2, bootstrap: 20,
      factors: [{ lever: 'grid.discretion' }, { lever: 'grid.signOffDays', min: 0, max: 4 }], outputs: ['cases.closed'], days: 8,
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    const r = (await get(app, `/v1/experiments/${id}/result`)).json();
    expect(r.sensitivity.method).toBe('morris');
    expect(r.sensitivity.metrics).toEqual(['cases.closed']);
    expect(r.sensitivity.morris['cases.closed'].map((x: any) => x.lever)).toEqual(['grid.discretion', 'grid.signOffDays']);
    // Sensitivity keeps summaries only: its CSV is just the header.
    expect((await get(app, `/v1/experiments/${id}/series.csv`)).body.trim()).toBe('experiment,scenario,replication,day,metric,value');
  });

  test('Sobol gives first-order and total indices', async () => {
    const res = await post(app, '/v1/experiments/sensitivity', {
      base: { preset: 'training' }, method: 'sobol', samples: 4, bootstrap: 10,
      factors: [{ lever: 'grid.discretion' }, { lever: 'grid.signOffDays', min: 0, max: 4 }], outputs: ['cases.closed'], days: 4,
    });
    const id = res.json().id;
    expect((await finished(app, `/v1/experiments/${id}`)).status).toBe('done');
    const r = (await get(app, `/v1/experiments/${id}/result`)).json();
    expect(r.scenarios).toHaveLength(4 * (2 + 2));
    expect(r.sensitivity.sobol['cases.closed'].indices.map((x: any) => x.lever)).toEqual(['grid.discretion', 'grid.signOffDays']);
  });
});

describe('experiment errors', () => {
  const base = { preset: 'training' };
  const cases: [string, string, unknown, string, string][] = [
    ['compare without reforms', 'compare', { baseline: base, reforms: [] }, 'invalid_request', 'reforms'],
    ['compare without a baseline', 'compare', { reforms: [base] }, 'invalid_request', 'baseline'],
    ['a bad lever in a reform', 'compare', { baseline: base, reforms: [base, { preset: 'training', set: { 'grid.discretion': 2 } }] }, 'invalid_scenario', 'reforms[1].set.grid.discretion'],
    ['an unknown preset as baseline', 'compare', { baseline: { preset: 'x' }, reforms: [base] }, 'unknown_preset', 'baseline.preset'],
    ['a fork day not before the end', 'compare', { baseline: base, reforms: [base], days: 10, forkDay: 10 }, 'invalid_request', 'forkDay'],
    ['too many runs', 'compare', { baseline: base, reforms: [base], days: 5, replications: 31 }, 'limit_exceeded', 'replications'],
    ['a fork whose reform changes the district', 'compare', {
      baseline: base, reforms: [{ preset: 'qinhuai-2021' }], days: 10, forkDay: 5,
    }, 'invalid_request', 'reforms[0]'],
    ['an unknown lever as factor', 'sweep', { base, method: 'factorial', factors: [{ lever: 'grid.telepathy' }] }, 'invalid_scenario', 'factors[0].lever'],
    ['a factor range upside down', 'sweep', { base, method: 'factorial', factors: [{ lever: 'grid.discretion', min: 0.9, max: 0.1 }] }, 'invalid_scenario', 'factors[0]'],
    ['an unknown method', 'sweep', { base, method: 'random', factors: [{ lever: 'grid.discretion' }] }, 'invalid_request', 'method'],
    ['a factorial too large', 'sweep', { base, method: 'factorial', factors: [{ lever: 'grid.discretion', levels: 50 }, { lever: 'grid.signOffDays', levels: 50 }] }, 'limit_exceeded', 'factors'],
    ['a Latin hypercube too large', 'sweep', { base, method: 'lhs', samples: 61, factors: [{ lever: 'grid.discretion' }] }, 'limit_exceeded', 'samples'],
    ['Sobol too large', 'sensitivity', { base, method: 'sobol', samples: 64, factors: [{ lever: 'grid.discretion' }] }, 'limit_exceeded', 'samples'],
    ['Morris too large', 'sensitivity', { base, method: 'morris', trajectories: 40, factors: [{ lever: 'grid.discretion' }] }, 'limit_exceeded', 'trajectories'],
    ['an unknown output', 'sensitivity', { base, method: 'morris', trajectories: 2, factors: [{ lever: 'grid.discretion' }], outputs: ['happiness'] }, 'invalid_request', 'outputs[0]'],
    ['no factors', 'sensitivity', { base, method: 'morris', factors: [] }, 'invalid_request', 'factors'],
  ];
  for (const [name, kind, body, code, field] of cases) {
    test(`${kind}: ${name} → 400 ${code} naming ${field}`, async () => {
      const res = await post(app, `/v1/experiments/${kind}`, body);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code, field });
    });
  }

  test('an unknown experiment kind is 404', async () => {
    const res = await post(app, '/v1/experiments/bake', { base });
    expect(res.statusCode).toBe(404);
  });
});

describe('experiments not finished', () => {
  test('result before the end is 409; cancel works and a second cancel is 409', async () => {
    const queued = await testApp({ autoStart: false });
    try {
      const { id } = (await post(queued, '/v1/experiments/compare', compareBody)).json();
      const res = await get(queued, `/v1/experiments/${id}/result`);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('not_ready');
      expect((await post(queued, `/v1/experiments/${id}/cancel`, undefined)).json().status).toBe('cancelled');
      expect((await post(queued, `/v1/experiments/${id}/cancel`, undefined)).statusCode).toBe(409);
    } finally {
      await queued.close();
    }
  });
});
