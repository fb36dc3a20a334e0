// Fuzzing the submit and validate routes with fast-check: 10,000+ generated bodies (valid,
// invalid, huge, deeply nested, wrong types, unknown fields, unicode, not JSON at all) must
// each get a 2xx or a 4xx with an error body, never a 5xx; the app stays up, and every job it
// accepted runs to the end. Valid bodies are cheap: the training preset, at most 2 days and
// 2 replications (the server's caps), and identical requests are answered from the store.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Value } from 'typebox/value';
import { ErrorBody } from '../../api/schemas/common.ts';
import { getScenario } from '../../scenarios/index.ts';
import { get, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ limits: { days: 2, replications: 2, residents: 20_000, jobsPerClient: 100_000, bodyBytes: 256 * 1024 } });
});
afterAll(async () => { await app.close(); });

type Sent = { url: string; body: unknown } | { url: string; raw: string; contentType: string };

const ROUTES = ['/v1/runs', '/v1/validate', '/v1/experiments/compare', '/v1/experiments/sweep', '/v1/experiments/sensitivity'];
const LEVERS = ['grid.discretion', 'grid.signOffDays', 'whistle.street', 'whistle.scope', 'calendar.startDate', 'no.such.lever'];

const unicode = fc.string({ unit: 'grapheme', maxLength: 40 });
const anyJson = fc.jsonValue({ maxDepth: 4 });
const leverValue = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 10 }), fc.boolean(), unicode, fc.constantFrom('all', '2021-06-01', 'grid'));
const set = fc.dictionary(fc.constantFrom(...LEVERS), leverValue, { maxKeys: 3 });

/** Requests that are valid (or nearly), cheap to run. */
const validRun = fc.record({
  preset: fc.constant('training'),
  days: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 1, max: 3 }),
  replications: fc.integer({ min: 1, max: 2 }),
  set: fc.constantFrom({}, { 'grid.discretion': 0.5 }, { 'whistle.street': false }),
  label: unicode,
}, { requiredKeys: ['preset'] });

const validScenarioInput = fc.record({ preset: fc.constant('training'), set: fc.constantFrom({}, { 'grid.discretion': 0.5 }) }, { requiredKeys: ['preset'] });

const validExperiment = fc.oneof(
  fc.record({ baseline: validScenarioInput, reforms: fc.array(validScenarioInput, { minLength: 1, maxLength: 2 }), days: fc.constant(1), replications: fc.constant(1) }),
  fc.record({ base: validScenarioInput, method: fc.constantFrom('factorial', 'lhs'), samples: fc.constant(2), days: fc.constant(1),
    factors: fc.constant([{ lever: 'whistle.street' }]) }),
  fc.record({ base: validScenarioInput, method: fc.constant('morris'), trajectories: fc.constant(2), days: fc.constant(1), bootstrap: fc.constant(5),
    factors: fc.constant([{ lever: 'grid.discretion' }]), outputs: fc.constant(['cases.closed']) }),
);

/** A field of a valid body replaced by anything, a field removed, or an unknown one added. */
function mutate(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), anyJson, fc.constantFrom('replace', 'remove', 'add'), fc.string({ maxLength: 12 })).map(([b, i, value, how, key]) => {
    const out: Record<string, unknown> = { ...b };
    const keys = Object.keys(out);
    const k = keys[i % Math.max(1, keys.length)];
    if (how === 'replace' && k) out[k] = value;
    else if (how === 'remove' && k) delete out[k];
    else out[key || 'extra'] = value;
    return out;
  });
}

/** The training scenario inline, with one value somewhere replaced by anything. */
const mutatedScenario = fc.tuple(fc.nat(), anyJson).map(([i, value]) => {
  const s = getScenario('training') as any;
  const paths: ((x: any, v: unknown) => void)[] = [
    (x, v) => { x.id = v; }, (x, v) => { x.name = v; }, (x, v) => { x.district.householdSize = v; }, (x, v) => { x.district.streets = v; },
    (x, v) => { x.district.streets[0].population = v; }, (x, v) => { x.district.streets[0].grids = v; },
    (x, v) => { x.district.streets[0].housing = v; }, (x, v) => { x.district.streets[0].id = v; }, (x, v) => { x.levers = v; },
    (x, v) => { x.district.streets.push(v); }, (x, v) => { x.sources = v; }, (x, v) => { x.unknownField = v; },
  ];
  paths[i % paths.length](s, value);
  return { scenario: s };
});

const huge = fc.integer({ min: 200_000, max: 600_000 }).map((n) => ({ preset: 'training', label: '漢'.repeat(n) }));
const deep = fc.tuple(fc.integer({ min: 50, max: 40_000 }), fc.constantFrom('[', '{"a":')).map(([d, open]) => {
  const close = open === '[' ? ']' : '}';
  return `{"preset":"training","set":${open.repeat(d)}${open === '[' ? '' : '1'}${close.repeat(d)}}`;
});
const notJson = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('', 'null', '[]', '"training"', '{', '{"preset":}', '\u0000', '{"__proto__":{"x":1}}'));

const sent: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom('/v1/runs', '/v1/validate'), validRun).map(([url, body]) => ({ url, body })) },
  { weight: 40, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), mutate(validRun)).map(([url, body]) => ({ url, body })) },
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom('/v1/experiments/compare', '/v1/experiments/sweep', '/v1/experiments/sensitivity'), validExperiment)
    .map(([url, body]) => ({ url, body })) },
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(...ROUTES.slice(2)), mutate(validExperiment as fc.Arbitrary<Record<string, unknown>>)).map(([url, body]) => ({ url, body })) },
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom('/v1/validate', '/v1/runs'), mutatedScenario).map(([url, body]) => ({ url, body: url === '/v1/runs' ? { ...body, days: 1 } : body })) },
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.oneof(anyJson, fc.object({ maxDepth: 3 }), set.map((s) => ({ preset: 'training', set: s, days: 1 }))))
    .map(([url, body]) => ({ url, body })) },
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), notJson, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'))
    .map(([url, raw, contentType]) => ({ url, raw, contentType })) },
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), deep).map(([url, raw]) => ({ url, raw, contentType: 'application/json' })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), huge).map(([url, body]) => ({ url, body })) },
);

const ACCEPTED = new Set([200, 202, 400, 404, 409, 413, 415, 429]);

test('10,000 generated bodies get 2xx or 4xx with an error body, never 5xx; the app stays up', { timeout: 240_000 }, async () => {
  const seen = new Map<number, number>();
  let count = 0;
  await fc.assert(fc.asyncProperty(sent, async (s) => {
    const res = 'raw' in s
      ? await app.inject({ method: 'POST', url: s.url, payload: s.raw, headers: { 'content-type': s.contentType } })
      : await app.inject({ method: 'POST', url: s.url, payload: JSON.stringify(s.body), headers: { 'content-type': 'application/json' } });
    count++;
    seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
    if (!ACCEPTED.has(res.statusCode)) throw new Error(`status ${res.statusCode}: ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) {
      const e = JSON.parse(res.body).error;
      if (typeof e?.code !== 'string' || typeof e?.message !== 'string') throw new Error(`no error body: ${res.body.slice(0, 300)}`);
      if (/\n\s+at /.test(res.body)) throw new Error(`a stack trace leaked: ${res.body.slice(0, 300)}`);
    }
  }), { numRuns: 10_000, seed: 20_240_601 });
  expect(count).toBeGreaterThanOrEqual(10_000);
  // Every kind of answer was exercised.
  for (const code of [200, 202, 400, 413, 415]) expect(seen.get(code), `status ${code} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);

  expect((await get(app, '/v1/health')).statusCode).toBe(200);
  await app.queue.idle();
  const failed = (await get(app, '/v1/runs?status=failed')).json();
  const failedExperiments = (await get(app, '/v1/experiments?status=failed')).json();
  expect([...failed.items, ...failedExperiments.items].map((j: any) => j.error)).toEqual([]);
  const done = (await get(app, '/v1/runs?status=done')).json().total + (await get(app, '/v1/experiments?status=done')).json().total;
  expect(done).toBeGreaterThan(0);
});

// The other half of the ≥ 20,000: every route with generated paths (percent-encoded, broken
// encodings, dot segments, odd ids), query forms (exponents, hex, signs, repeats, dates such as
// "0") and content types (none, form, text, multipart, JSON with charset), methods included.
const PATHS = ['/v1/runs', '/v1/experiments', '/v1/runs/{id}', '/v1/runs/{id}/result', '/v1/runs/{id}/series.csv', '/v1/runs/{id}/cancel',
  '/v1/experiments/{id}', '/v1/experiments/{id}/result', '/v1/presets', '/v1/levers', '/v1/health', '/v1/version', '/v1/outputs', '/docs/json', '/'];
const ids = fc.oneof(fc.constantFrom('run_0000000000000000', 'exp_0000000000000000', '%zz', '%', '%2e%2e', '..', '%00', 'a%2Fb', '%E4%B8%AD', '🙂', 'x'.repeat(80), ''),
  fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.string({ unit: 'binary', maxLength: 8 }).map((s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
const queryValue = fc.oneof(fc.constantFrom('1e3', '0x10', '+5', ' 7', '-1', '0', '1.5', '', 'NaN', 'Infinity', '9'.repeat(30), '2026-01-01', '0', 'done', 'run', '%zz', 'a&b'),
  fc.integer({ min: -10, max: 1000 }).map(String), fc.string({ maxLength: 12 }));
const query = fc.array(fc.tuple(fc.constantFrom('limit', 'offset', 'seed', 'since', 'until', 'status', 'kind', 'replication', 'layout', 'label', 'x'), queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v.replace(/[#\s]/g, '')}`).join('&')}` : ''));
const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
  path: fc.tuple(fc.constantFrom(...PATHS), ids).map(([p, id]) => p.replace('{id}', id)),
  query,
  contentType: fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'APPLICATION/JSON'),
  body: fc.oneof(fc.constant(undefined), fc.constantFrom('{}', '{"preset":"training","days":1}', 'a=1', '{', '[]', '{"__proto__":{"x":1}}')),
  host: fc.constantFrom(undefined, 'localhost', '127.0.0.1:8080', 'attacker.example', '[::1]:80'),
});

test('12,000 generated requests over paths, query forms, methods, content types and Host: never 5xx, always the error envelope', { timeout: 240_000 }, async () => {
  const seen = new Map<number, number>();
  await fc.assert(fc.asyncProperty(request, async (r) => {
    const headers: Record<string, string> = {};
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.host) headers.host = r.host;
    const res = await app.inject({ method: r.method as 'GET', url: `${r.path}${r.query}`, payload: r.body, headers });
    seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
    // The one 5xx allowed: the sandbox at / is not built in tests (503 sandbox_not_built, documented).
    const unbuilt = res.statusCode === 503 && (res.body.includes('sandbox_not_built') || (r.method === 'HEAD' && r.path === '/'));
    if (res.statusCode >= 500 && !unbuilt) throw new Error(`status ${res.statusCode} for ${r.method} ${r.path}${r.query}: ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400 && r.method !== 'HEAD') {
      const body = res.json();
      if (!Value.Check(ErrorBody, body)) throw new Error(`not the error envelope (${res.statusCode}) for ${r.method} ${r.path}${r.query}: ${res.body.slice(0, 300)}`);
    }
  }), { numRuns: 12_000, seed: 20_261_202 });
  // Several kinds of refusal were exercised (bad URLs, foreign Host, wrong media types, bad integers).
  for (const code of [400, 404, 415, 421]) expect(seen.get(code), `status ${code} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
});
