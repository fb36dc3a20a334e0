// Issue 14: each numbered finding of the attack review, as a test that failed on the code before
// this change (the test names say which finding and what happened before).
import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { ErrorBody } from '../../api/schemas/common.ts';
import { startServer, type RunningServer } from '../../api/server.ts';
import { storeCommand } from '../../api/cli/store.ts';
import { errorOf, finished, gateExecutor, get, post, smallRun, tempDir, testApp } from './helpers.ts';

const ALICE = 'alice:alice-secret-0123456789';
const BOB = 'bob:bob-secret-0123456789abc';
const ADMIN = 'root:admin-secret-0123456789';
const as = (key: string) => ({ authorization: `Bearer ${key.slice(key.indexOf(':') + 1)}` });

describe('finding 1: tenancy (before: any key listed, read, joined and cancelled any other key\'s jobs)', () => {
  let app: FastifyInstance;
  let id: string;
  beforeAll(async () => {
    app = await testApp({ apiKeys: [ALICE, BOB], adminKeys: [ADMIN], autoStart: false });
    const res = await post(app, '/v1/runs', smallRun({ seed: 5, label: 'alice-private' }), as(ALICE));
    expect(res.statusCode).toBe(202);
    id = res.json().id;
  });
  afterAll(async () => { await app.close(); });

  test('another tenant does not see the job in lists, and reading, events, cancelling or deleting it is 404', async () => {
    const list = (await get(app, '/v1/runs', as(BOB))).json();
    expect(list.items.map((j: any) => j.id)).not.toContain(id);
    expect(JSON.stringify(list)).not.toContain('alice-private');
    for (const path of [`/v1/runs/${id}`, `/v1/runs/${id}/result`, `/v1/runs/${id}/series.csv`, `/v1/runs/${id}/events`]) {
      const res = await get(app, path, as(BOB));
      expect(res.statusCode, path).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
    }
    expect((await post(app, `/v1/runs/${id}/cancel`, undefined, as(BOB))).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/v1/runs/${id}`, headers: as(BOB) })).statusCode).toBe(404);
    expect((await get(app, `/v1/runs/${id}`, as(ALICE))).json().status).toBe('queued');
  });

  test('the same request from another tenant is its own job, never joined to someone else\'s', async () => {
    const res = await post(app, '/v1/runs', smallRun({ seed: 5 }), as(BOB));
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-govsim-cache']).toBe('miss');
    expect(res.json().id).not.toBe(id);
    expect(res.json().label).toBeNull();
  });

  test('an admin key sees every tenant\'s jobs; the owner sees its own', async () => {
    const all = (await get(app, '/v1/runs', as(ADMIN))).json();
    expect(all.total).toBe(2);
    expect((await get(app, `/v1/runs/${id}`, as(ADMIN))).statusCode).toBe(200);
    expect((await get(app, '/v1/runs', as(ALICE))).json().total).toBe(1);
  });

  test('a finished job\'s results are reused by another tenant as a copy: a new id, its own label and request', async () => {
    app.queue.start();
    await app.queue.idle();
    const first = (await get(app, `/v1/runs/${id}`, as(ALICE))).json();
    expect(first.status).toBe('done');
    const again = await post(app, '/v1/runs', smallRun({ seed: 5, label: 'bob-copy' }), { ...as(BOB) });
    // Bob's own job for this content finished too (the previous test), so it is his hit.
    expect(again.statusCode).toBe(200);
    expect(again.json().id).not.toBe(id);
    expect(again.json().digest).toBe(first.digest);
  });
});

describe('finding 1: results reused across tenants without sharing the job', () => {
  test('a tenant asking for what another tenant has finished gets 200 with a copy of the results', async () => {
    const app = await testApp({ apiKeys: [ALICE, BOB] });
    try {
      const a = await post(app, '/v1/runs', smallRun({ seed: 9, label: 'secret-label' }), as(ALICE));
      await app.queue.idle();
      const done = (await get(app, `/v1/runs/${a.json().id}`, as(ALICE))).json();
      expect(done.status).toBe('done');
      // Without Alice's key (the local tenant) her job is not found.
      expect((await finished(app, `/v1/runs/${a.json().id}`)).error.code).toBe('not_found');
      const b = await post(app, '/v1/runs', smallRun({ seed: 9 }), as(BOB));
      expect(b.statusCode).toBe(200);
      expect(b.headers['x-govsim-cache']).toBe('hit');
      const mine = b.json();
      expect(mine.id).not.toBe(done.id);
      expect(mine.label).toBeNull();
      expect(mine.digest).toBe(done.digest);
      const result = await get(app, `/v1/runs/${mine.id}/result`, as(BOB));
      expect(result.statusCode).toBe(200);
      expect(result.json().digest).toBe(done.digest);
      // Deleting Alice's job leaves Bob's copy intact.
      expect((await app.inject({ method: 'DELETE', url: `/v1/runs/${done.id}`, headers: as(ALICE) })).statusCode).toBe(204);
      expect((await get(app, `/v1/runs/${mine.id}/result`, as(BOB))).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('finding 2: cost and caps before planning (before: caps were checked after a plan of up to 6 s on the event loop)', () => {
  test('an over-cost request is 400 limit_exceeded and an at-cap request 429 with Retry-After, both without planning', async () => {
    const app = await testApp({ autoStart: false, limits: { jobsPerClient: 1, costPerJob: 1_000_000 } });
    try {
      let plans = 0;
      const plan = app.planner.plan.bind(app.planner);
      app.planner.plan = (...args) => { plans++; return plan(...args); };
      const over = await post(app, '/v1/runs', { preset: 'training', days: 100, replications: 2 });
      expect(over.statusCode).toBe(400);
      expect(errorOf(over)).toMatchObject({ code: 'limit_exceeded' });
      expect(errorOf(over).message).toMatch(/resident-days/);
      expect(plans).toBe(0);
      expect((await post(app, '/v1/runs', smallRun({ seed: 1 }))).statusCode).toBe(202);
      expect(plans).toBe(1);
      const atCap = await post(app, '/v1/experiments/sweep', { base: { preset: 'training' }, method: 'lhs', samples: 50, days: 1, factors: [{ lever: 'grid.discretion' }] });
      expect(atCap.statusCode).toBe(429);
      expect(atCap.headers['retry-after']).toBeDefined();
      expect(plans).toBe(1);
    } finally {
      await app.close();
    }
  });

  test('the global queue limit answers 429 with Retry-After to every client', async () => {
    const app = await testApp({ autoStart: false, apiKeys: [ALICE, BOB], limits: { queuedJobs: 1 } });
    try {
      expect((await post(app, '/v1/runs', smallRun({ seed: 1 }), as(ALICE))).statusCode).toBe(202);
      const full = await post(app, '/v1/runs', smallRun({ seed: 2 }), as(BOB));
      expect(full.statusCode).toBe(429);
      expect(errorOf(full).message).toMatch(/queue is full/);
      expect(full.headers['retry-after']).toBe('30');
    } finally {
      await app.close();
    }
  });

  test('a 2,000-run plan is made off the event loop: health answers while it is planned, and the plan is stored compactly', { timeout: 120_000 }, async () => {
    const app = await testApp({ planInThread: true, executor: gateExecutor(), autoStart: false });
    try {
      await get(app, '/v1/health');
      const plan = post(app, '/v1/experiments/sweep', { base: { preset: 'training' }, method: 'lhs', samples: 2000, days: 30, factors: [{ lever: 'grid.discretion' }] });
      let settled = false;
      void plan.finally(() => { settled = true; });
      let answered = 0;
      for (let i = 0; !settled && i < 20_000; i++) {
        const h = await get(app, '/v1/health');
        expect(h.statusCode).toBe(200);
        if (!settled) answered++;
      }
      const res = await plan;
      expect(res.statusCode).toBe(202);
      expect(res.json().progress.runsTotal).toBe(2000);
      // In-process planning would block the loop: no health answer could come before the plan's.
      expect(answered).toBeGreaterThan(0);
      const spec = app.store.spec(res.json().id)!;
      expect(JSON.parse(spec).compact).toBe(1);
      // 2,000 scenario keys and seeds, not 2,000 scenarios (the old store kept ~8.8 MB here).
      expect(spec.length).toBeLessThan(200_000);
    } finally {
      await app.close();
    }
  });
});

describe('finding 3: retention (before: no DELETE, cancelled jobs never purged)', () => {
  test('DELETE frees the space on disk; pruning removes cancelled, expired and over-size jobs', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const app = await testApp({ dataDir, limits: { replications: 20 } });
    try {
      const ids: string[] = [];
      for (const seed of [1, 2, 3]) ids.push((await post(app, '/v1/runs', { preset: 'training', days: 120, replications: 6, seed })).json().id);
      await app.queue.idle();
      app.store.vacuum();
      const before = app.store.fileBytes();
      const status = (await get(app, `/v1/runs/${ids[0]}`)).json();
      expect(status.storedBytes).toBeGreaterThan(100_000);
      expect((await app.inject({ method: 'DELETE', url: `/v1/runs/${ids[0]}` })).statusCode).toBe(204);
      expect((await get(app, `/v1/runs/${ids[0]}`)).statusCode).toBe(404);
      const after = app.store.fileBytes();
      expect(before - after).toBeGreaterThan(status.storedBytes / 2);

      // Pruning: a cancelled job after its grace period, finished jobs past the retention.
      const gate = (await post(app, '/v1/runs', { preset: 'training', days: 5, seed: 50 })).json().id;
      app.queue.cancel(gate);
      const later = Date.now() + 2 * 3_600_000;
      let r = app.store.prune({ retentionDays: 0, maxBytes: 0, now: later });
      expect(r.deleted, JSON.stringify(r.deleted.map((x) => [x, ids.indexOf(x)]))).toEqual([gate]);
      const newest = (await get(app, `/v1/runs/${ids[2]}`)).json().storedBytes;
      r = app.store.prune({ retentionDays: 0, maxBytes: newest, now: later });
      expect(r.deleted).toEqual([ids[1]]); // oldest first, until the results fit
      expect(r.freedBytes).toBeGreaterThan(0);
      r = app.store.prune({ retentionDays: 1, maxBytes: 0, now: Date.now() + 2 * 86_400_000 });
      expect(r.deleted).toEqual([ids[2]]);
      expect(app.store.stats().jobs).toMatchObject({ done: 0, cancelled: 0 });
    } finally {
      await app.close();
    }
  });

  test('govsim store stats and prune report and free the store', async () => {
    const dataDir = tempDir();
    const app = await testApp({ dataDir });
    await post(app, '/v1/runs', smallRun({ seed: 3 }));
    await app.queue.idle();
    await app.close();
    const out: string[] = [];
    const ctx = { io: { out: (t: string) => out.push(t), err: () => {}, isTTY: false, cwd: dataDir, env: {} }, argv: [], exit: () => {} };
    expect(await storeCommand('stats', { dataDir, json: true }, ctx)).toBe(0);
    expect(JSON.parse(out.join('')).jobs.done).toBe(1);
    out.length = 0;
    expect(await storeCommand('prune', { dataDir, json: true, maxStoreMb: '0', retentionDays: '0' }, ctx)).toBe(0);
    expect(JSON.parse(out.join('')).deleted).toEqual([]);
    await expect(storeCommand('prune', { dataDir, retentionDays: '1e3' }, ctx)).rejects.toThrow(/--retention-days must be a whole number/);
  });
});

describe('finding 4: timeouts and stream caps on a real socket (before: requestTimeout 0, 2,000 SSE streams from one client)', () => {
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    server = await startServer({
      port: 0, workers: 0, logger: false, env: {}, dataDir: tempDir(), handleSignals: false, autoStart: false, sandboxDir: join(tempDir(), 'none'),
      limits: { headersTimeoutMs: 400, requestTimeoutMs: 800, sseStreamsPerClient: 2, sseStreamsTotal: 3, requestsPerMinute: 0 },
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => { await server.close(); });

  const closedWithin = (write: (s: import('node:net').Socket) => void, maxMs: number) => new Promise<string>((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (d) => { data += d.toString(); });
    s.on('connect', () => write(s));
    s.on('error', () => {});
    const t = setTimeout(() => { s.destroy(); reject(new Error(`still open after ${maxMs} ms`)); }, maxMs);
    s.on('close', () => { clearTimeout(t); resolve(data); });
  });

  test('a half-sent header is cut off', async () => {
    const answer = await closedWithin((s) => s.write('GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: '), 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  test('a body trickled byte by byte is cut off', async () => {
    let timer: NodeJS.Timeout | undefined;
    const answer = await closedWithin((s) => {
      s.write('POST /v1/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{');
      timer = setInterval(() => { if (s.writable) s.write(' '); }, 200);
    }, 10_000).finally(() => clearInterval(timer));
    expect(answer).toMatch(/408/);
  });

  test('event streams are capped per client and in total: the next one is 429', async () => {
    const { id } = (await (await fetch(`${server.url}/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(smallRun({ seed: 77 })) })).json()) as { id: string };
    const controllers: AbortController[] = [];
    const open = async () => {
      const c = new AbortController();
      controllers.push(c);
      return fetch(`${server.url}/v1/runs/${id}/events`, { signal: c.signal });
    };
    try {
      const a = await open();
      const b = await open();
      expect([a.status, b.status]).toEqual([200, 200]);
      const c = await open();
      expect(c.status).toBe(429);
      expect(((await c.json()) as any).error.code).toBe('too_many_streams');
    } finally {
      for (const c of controllers) c.abort();
    }
  });
});

describe('finding 5: loopback safety (before: any Host was served; a form POST without content type cancelled a job)', () => {
  let app: FastifyInstance;
  beforeAll(async () => { app = await testApp({ autoStart: false }); });
  afterAll(async () => { await app.close(); });

  test('a foreign Host is 421 (DNS rebinding); localhost names are served', async () => {
    const res = await get(app, '/v1/runs', { host: 'attacker.example' });
    expect(res.statusCode).toBe(421);
    expect(errorOf(res)).toMatchObject({ code: 'misdirected_request', field: 'Host' });
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080']) expect((await get(app, '/v1/runs', { host })).statusCode, host).toBe(200);
  });

  test('configured names are accepted', async () => {
    const other = await testApp({ allowedHosts: ['govsim.lan'] });
    try {
      expect((await get(other, '/v1/health', { host: 'govsim.lan:8080' })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });

  test('a POST without application/json is 415, also a bodiless cancel', async () => {
    const { id } = (await post(app, '/v1/runs', smallRun({ seed: 3 }))).json();
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await app.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: type ? { 'content-type': type } : {}, payload: type ? 'a=1' : undefined });
      expect(res.statusCode, String(type)).toBe(415);
    }
    expect((await get(app, `/v1/runs/${id}`)).json().status).toBe('queued');
    expect((await post(app, `/v1/runs/${id}/cancel`, undefined)).statusCode).toBe(200);
  });

  test('CORS stays off by default', async () => {
    const res = await get(app, '/v1/runs', { origin: 'https://attacker.example' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('finding 6: startup (before: a 1-character key was accepted on 0.0.0.0)', () => {
  test('a key shorter than 16 characters is refused with a clear error', async () => {
    await expect(buildApp({ host: '0.0.0.0', apiKeys: ['x'], workers: 0, logger: false, env: {}, dataDir: tempDir() })).rejects.toThrow(/at least 16/);
    await expect(buildApp({ workers: 0, logger: false, env: { GOVSIM_API_KEYS: 'ops:short' }, dataDir: tempDir() })).rejects.toThrow(/GOVSIM_API_KEYS: key 1 \("ops"\) is 5 characters/);
  });

  test('trustProxy comes from GOVSIM_TRUST_PROXY', async () => {
    const app = await testApp({ env: { GOVSIM_TRUST_PROXY: '127.0.0.1' } });
    try {
      app.get('/ip-probe', async () => 'x');
    } catch { /* routes cannot be added after ready: probe through the rate-limit key instead */ }
    try {
      const res = await get(app, '/v1/health', { 'x-forwarded-for': '203.0.113.9' });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
    }
    await expect(buildApp({ workers: 0, logger: false, env: { GOVSIM_TRUST_PROXY: 'not an address' }, dataDir: tempDir() })).rejects.toThrow(/GOVSIM_TRUST_PROXY/);
  });
});

describe('finding 7: one error contract (before: Fastify\'s own envelope, bad_request for 403, no JSON positions, 1e3 read as 1)', () => {
  let app: FastifyInstance;
  const errors: unknown[] = [];
  beforeAll(async () => {
    const sandboxDir = tempDir();
    writeFileSync(join(sandboxDir, 'index.html'), '<!doctype html><title>s</title>');
    mkdirSync(join(sandboxDir, 'assets'));
    app = await testApp({ autoStart: false, sandboxDir });
  });
  afterAll(async () => {
    // Every error collected matches the envelope schema.
    for (const e of errors) expect(Value.Check(ErrorBody, e), JSON.stringify(e)).toBe(true);
    expect(errors.length).toBeGreaterThan(10);
    await app.close();
  });
  const keep = <T extends { json(): unknown }>(res: T): T => { errors.push(res.json()); return res; };

  test('a URL that does not decode is 400 bad_url in the envelope', async () => {
    const res = keep(await get(app, '/v1/runs/%zz'));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res as any).code).toBe('bad_url');
  });

  test('malformed JSON names the line and column; a __proto__ key is named as such', async () => {
    const res = keep(await app.inject({ method: 'POST', url: '/v1/runs', headers: { 'content-type': 'application/json' }, payload: '{\n  "preset": "training",\n  "days": ,\n}' }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res as any)).toMatchObject({ code: 'malformed_json' });
    expect(errorOf(res as any).message).toMatch(/line 3, column 11/);
    const proto = keep(await app.inject({ method: 'POST', url: '/v1/runs', headers: { 'content-type': 'application/json' }, payload: '{"preset":"training","__proto__":{"x":1}}' }));
    expect(proto.statusCode).toBe(400);
    expect(errorOf(proto as any)).toMatchObject({ code: 'forbidden_key', field: '__proto__' });
  });

  test('query integers are strict: 1e3, 0x10, +5 and 1.5 are refused naming the field; since=0 is not a date', async () => {
    for (const q of ['limit=1e3', 'limit=0x10', 'limit=+5', 'offset=1.5', 'seed=%207', 'limit=1&limit=2']) {
      const res = keep(await get(app, `/v1/runs?${q}`));
      expect(res.statusCode, q).toBe(400);
      expect(errorOf(res as any).field, q).toBe(q.split('=')[0]);
    }
    expect((await get(app, '/v1/runs?limit=10')).statusCode).toBe(200);
    const since = keep(await get(app, '/v1/runs?since=0'));
    expect(since.statusCode).toBe(400);
    expect(errorOf(since as any).field).toBe('since');
  });

  test('the seed rule: seed + replications − 1 past 2^32 − 1 is refused rather than wrapped', async () => {
    const res = keep(await post(app, '/v1/runs', smallRun({ seed: 0xffffffff, replications: 2 })));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res as any)).toMatchObject({ code: 'invalid_request', field: 'seed' });
    expect((await post(app, '/v1/runs', smallRun({ seed: 0xffffffff - 1, replications: 2 }))).statusCode).toBe(202);
  });

  test('static files: a traversal or dot-file is an envelope with a fitting code, never bad_request for a 403', async () => {
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/assets/../../x', '/.env', '/assets/%00']) {
      const res = await get(app, path);
      expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, path).toBeLessThan(500);
      keep(res);
      const code = errorOf(res as any).code;
      if (res.statusCode === 403) expect(code).toBe('forbidden');
      if (res.statusCode === 404) expect(code).toBe('not_found');
    }
  });

  test('other refusals: unknown route, wrong method, foreign Host, unknown job all use the envelope', async () => {
    keep(await get(app, '/v1/nothing'));
    keep(await app.inject({ method: 'PUT', url: '/v1/runs', headers: { 'content-type': 'application/json' }, payload: '{}' }));
    keep(await get(app, '/v1/runs', { host: 'evil.example' }));
    keep(await get(app, '/v1/runs/run_0000000000000000'));
    keep(await app.inject({ method: 'POST', url: '/v1/runs', headers: { 'content-type': 'text/plain' }, payload: 'x' }));
  });
});

describe('finding 8: headers, paths and durability (before: no CSP or nosniff; the unbuilt sandbox named its path; synchronous=NORMAL)', () => {
  test('every response has a CSP with frame-ancestors, nosniff and no framing; /docs and the sandbox pass it', async () => {
    const sandboxDir = tempDir();
    writeFileSync(join(sandboxDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    const app = await testApp({ sandboxDir });
    try {
      for (const path of ['/', '/v1/health', '/docs/', '/v1/runs/nope']) {
        const res = await get(app, path);
        expect(res.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
        expect(res.headers['content-security-policy'], path).toMatch(/script-src 'self'/);
        expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      }
      // /docs serves no inline script that the CSP would block.
      const docs = await get(app, '/docs/');
      expect(docs.statusCode).toBe(200);
      expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    } finally {
      await app.close();
    }
  });

  test('the unbuilt sandbox\'s 503 names no host path', async () => {
    const sandboxDir = join(tempDir(), 'secret-install-path');
    const app = await testApp({ sandboxDir });
    try {
      const res = await get(app, '/', { accept: 'application/json' });
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain('secret-install-path');
      expect(res.body).not.toContain(sandboxDir);
    } finally {
      await app.close();
    }
  });

  test('the store acknowledges with synchronous=FULL', async () => {
    const app = await testApp();
    try {
      expect(app.store.db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await app.close();
    }
  });
});
