// Issue 14, second pass (m14b): the submission path before planning. Each test failed on the code
// before this change, as its name says.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openStore } from '../../api/store/store.ts';
import { errorOf, post, tempDir, testApp } from './helpers.ts';

const raw = (app: Awaited<ReturnType<typeof testApp>>, url: string, text: string) =>
  app.inject({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json' } });

describe('joining an unfinished job by its canonical request, not its bytes', () => {
  test('at the per-client cap, the same run with other key order, whitespace and spelled-out defaults joins the job (before: 429)', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1 } });
    try {
      const first = await raw(app, '/v1/runs', '{"preset":"training","days":8,"seed":3,"set":{"grid.discretion":0.5,"whistle.street":false}}');
      expect(first.statusCode).toBe(202);
      const id = first.json().id;
      for (const text of [
        '{ "seed": 3, "days": 8, "preset": "training", "set": { "whistle.street": false, "grid.discretion": 0.5 } }',
        '{"set":{"grid.discretion":0.50,"whistle.street":false},"replications":1,"preset":"training","seed":3,"days":8,"patches":[]}',
        '{"preset":"training","days":8,"seed":3,"set":{"grid.discretion":0.5,"whistle.street":false},"label":"another name"}',
      ]) {
        const again = await raw(app, '/v1/runs', text);
        expect(again.statusCode, text).toBe(202);
        expect(again.headers['x-govsim-cache'], text).toBe('joined');
        expect(again.json().id, text).toBe(id);
      }
      // A request that differs in content is still held to the cap.
      const other = await raw(app, '/v1/runs', '{"preset":"training","days":8,"seed":4,"set":{"grid.discretion":0.5,"whistle.street":false}}');
      expect(other.statusCode).toBe(429);
      expect(errorOf(other).code).toBe('too_many_jobs');
    } finally {
      await app.close();
    }
  });

  test('an experiment with reordered keys and its method\'s default samples joins too (before: 429)', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1 } });
    try {
      const first = await post(app, '/v1/experiments/sweep', { base: { preset: 'training' }, method: 'lhs', days: 5, factors: [{ lever: 'grid.discretion', min: 0.2, max: 0.8 }] });
      expect(first.statusCode).toBe(202);
      const again = await raw(app, '/v1/experiments/sweep', '{"factors":[{"max":0.8,"lever":"grid.discretion","min":0.2}],"samples":10,"days":5,"method":"lhs","base":{"preset":"training"}}');
      expect(again.statusCode).toBe(202);
      expect(again.headers['x-govsim-cache']).toBe('joined');
      expect(again.json().id).toBe(first.json().id);
      // Another tenant's identical request never joins this tenant's job (here: the same tenant, other content → 429).
      const other = await post(app, '/v1/experiments/sweep', { base: { preset: 'training' }, method: 'lhs', samples: 11, days: 5, factors: [{ lever: 'grid.discretion', min: 0.2, max: 0.8 }] });
      expect(other.statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  test('a schema-2 store (no request keys) opens as schema 3 with its jobs', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.insertJob({
      id: 'run_0000000000000001', kind: 'run', key: 'k1', client: 'local', label: null, body: '{"preset":"training"}', requestKey: 'r1',
      engineVersion: 'x', scenarioId: 'training', scenarioHash: 'h', scenarios: 1, seed: 1, days: 5, replications: 1, runsTotal: 1, spec: '{}',
    });
    store.close();
    const db = new Database(join(dir, 'govsim.sqlite'));
    db.exec('DROP INDEX requests_rkey; ALTER TABLE requests DROP COLUMN rkey');
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema'").run();
    db.close();
    const again = openStore(dir);
    try {
      expect(again.getJob('run_0000000000000001')?.kind).toBe('run');
      expect(again.activeByRequestKey('local', 'r1')).toBeUndefined();
      expect(again.db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('3');
    } finally {
      again.close();
    }
  });
});

describe('caps before any per-scenario work, and counting plans under way', () => {
  test('a compare at the per-client cap is refused 429 before its reforms are resolved (before: every reform resolved on the event loop first, 400)', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1 } });
    try {
      expect((await post(app, '/v1/runs', { preset: 'training', days: 5 })).statusCode).toBe(202);
      const reforms = Array.from({ length: 20 }, (_, i) => ({ preset: 'training', patches: i === 19 ? ['no-such-patch'] : [], set: { 'grid.discretion': i / 100 } }));
      const res = await post(app, '/v1/experiments/compare', { baseline: { preset: 'training' }, reforms, days: 2 });
      expect(res.statusCode, res.body).toBe(429);
      expect(errorOf(res).code).toBe('too_many_jobs');
    } finally {
      await app.close();
    }
  });

  test('under the cap, the planner still names the bad reform\'s field', async () => {
    const app = await testApp({ autoStart: false });
    try {
      const res = await post(app, '/v1/experiments/compare', { baseline: { preset: 'training' }, reforms: [{ preset: 'training' }, { preset: 'training', patches: ['no-such-patch'] }], days: 2 });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'unknown_preset', field: 'reforms[1].patches[0]' });
      const unknown = await post(app, '/v1/experiments/compare', { baseline: { preset: 'training' }, reforms: [{ preset: 'nowhere' }], days: 2 });
      expect(unknown.statusCode).toBe(400);
      expect(errorOf(unknown)).toMatchObject({ code: 'unknown_preset', field: 'reforms[0].preset' });
    } finally {
      await app.close();
    }
  });

  test('requests being planned count against the per-client cap: 6 at once with a cap of 2 queue 2 jobs (before: all 6)', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 2 } });
    try {
      // Hold every plan until all six requests have been checked against the caps.
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      const plan = app.planner.plan.bind(app.planner);
      app.planner.plan = async (...args) => { await gate; return plan(...args); };
      const all = Array.from({ length: 6 }, (_, i) => post(app, '/v1/runs', { preset: 'training', days: 5, seed: 10 + i }));
      await new Promise((r) => setTimeout(r, 50));
      release();
      const codes = (await Promise.all(all)).map((r) => r.statusCode).sort();
      expect(codes).toEqual([202, 202, 429, 429, 429, 429]);
      expect(app.store.clientActive('local')).toBe(2);
    } finally {
      await app.close();
    }
  });

  test('the same request twice at once is planned once and the second joins the first', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1 } });
    try {
      let plans = 0;
      const plan = app.planner.plan.bind(app.planner);
      app.planner.plan = async (...args) => { plans++; await new Promise((r) => setTimeout(r, 30)); return plan(...args); };
      const [a, b] = await Promise.all([
        raw(app, '/v1/runs', '{"preset":"training","days":5,"seed":2}'),
        raw(app, '/v1/runs', '{"seed":2,"days":5,"preset":"training"}'),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
      expect(b.json().id).toBe(a.json().id);
      expect(b.headers['x-govsim-cache']).toBe('joined');
      expect(plans).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('store durability: acknowledgements FULL, saved runs NORMAL', () => {
  test('a submission commits with synchronous=FULL and a saved run with NORMAL, and the store is FULL again after it (before: FULL for every saved run)', () => {
    const store = openStore(tempDir());
    try {
      const seen: string[] = [];
      const pragma = store.db.pragma.bind(store.db);
      (store.db as { pragma: typeof pragma }).pragma = ((source: string, o?: { simple?: boolean }) => {
        if (source.startsWith('synchronous')) seen.push(source);
        return pragma(source, o);
      }) as typeof pragma;
      expect(pragma('synchronous', { simple: true })).toBe(2);
      store.insertJob({
        id: 'run_0000000000000002', kind: 'run', key: 'k2', client: 'local', label: null, body: '{}', requestKey: 'r2',
        engineVersion: 'x', scenarioId: 'training', scenarioHash: 'h', scenarios: 1, seed: 1, days: 5, replications: 1, runsTotal: 1, spec: '{}',
      });
      expect(seen).toEqual([]);
      expect(store.saveTask('run_0000000000000002', 0, [{ scenario: 0, replication: 0, seed: 1, digest: 'd', manifest: '{}', summary: '{}', series: null, extras: null }])).toBe(1);
      expect(seen).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
      expect(pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      store.close();
    }
  });
});
