// One schema per concept: the engine's validator (sim/validate.ts, what `govsim run` and the
// sandbox call) and the API's validation (request schema from sim/schema, then the engine's
// rules) refuse the same scenarios, naming the same field; and whatever the schema and the
// rules beyond it accept, the engine runs.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LEVERS, ScenarioError, run, validateScenario, type Scenario } from '../../sim/index.ts';
import { scenarioRuleProblems } from '../../sim/scenario.ts';
import { RunResult, Scenario as ScenarioSchema, checkAgainst } from '../../sim/schema/index.ts';
import { resultToJson } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { arbLeverValue } from '../sim/helpers.ts';
import { errorOf, post, testApp } from './helpers.ts';

let app: FastifyInstance;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const training = (): Scenario => getScenario('training')!;
const street0 = (change: Record<string, unknown>) => {
  const s = training();
  return { ...s, district: { ...s.district, streets: [{ ...s.district.streets[0], ...change }, ...s.district.streets.slice(1)] } };
};

function enginePaths(input: unknown): string[] {
  try {
    validateScenario(structuredClone(input));
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => p.path);
    throw e;
  }
  return [];
}

const BAD: [string, () => unknown, string][] = [
  ['a 300-character street name (the engine used to accept it)', () => street0({ zh: '街'.repeat(300) }), 'district.streets[0].zh'],
  ['a street of 6 million residents (the schema used to accept it)', () => street0({ population: 6_000_000 }), 'district.streets[0].population'],
  ['too many grids in a street', () => street0({ grids: 6000, population: 60_000 }), 'district.streets[0].grids'],
  ['too many communities in a street', () => street0({ communities: 501 }), 'district.streets[0].communities'],
  ['more communities than grids', () => street0({ communities: 2, grids: 1 }), 'district.streets[0].communities'],
  ['fewer residents than grids', () => street0({ population: 3 }), 'district.streets[0].population'],
  ['a housing mix of zeros', () => street0({ housing: { oldCompound: 0, commodity: 0, resettlement: 0 } }), 'district.streets[0].housing'],
  ['a street id with a space', () => street0({ id: 'a b' }), 'district.streets[0].id'],
  ['a street id used twice', () => {
    const s = training();
    return { ...s, district: { ...s.district, streets: [s.district.streets[0], { ...s.district.streets[0] }] } };
  }, 'district.streets[1].id'],
  ['streets of 3 million each (each fits, the sum does not)', () => {
    const s = training();
    const x = s.district.streets[0];
    return { ...s, district: { ...s.district, streets: [{ ...x, id: 'p', population: 3_000_000 }, { ...x, id: 'q', population: 3_000_000 }] } };
  }, 'district.streets'],
  ['a household of 7', () => ({ ...training(), district: { ...training().district, householdSize: 7 } }), 'district.householdSize'],
  ['a reference population of 6 million', () => ({ ...training(), district: { ...training().district, referencePopulation: 6_000_000 } }), 'district.referencePopulation'],
  ['an 81-character id', () => ({ ...training(), id: 'x'.repeat(81) }), 'id'],
  ['a name without en', () => ({ ...training(), name: { zh: '名' } }), 'name.en'],
  ['an unknown field', () => ({ ...training(), extra: 1 }), 'extra'],
  ['no levers', () => { const { levers: _l, ...s } = training(); return s; }, 'levers'],
  ['a lever out of range', () => ({ ...training(), levers: { 'grid.discretion': 2 } }), 'levers.grid.discretion'],
  ['a lever of the wrong kind', () => ({ ...training(), levers: { 'whistle.street': 'yes' } }), 'levers.whistle.street'],
  ['an impossible date', () => ({ ...training(), levers: { 'calendar.startDate': '2021-02-30' } }), 'levers.calendar.startDate'],
];

describe('the engine and the API refuse the same scenarios, naming the same field', () => {
  test.each(BAD)('%s', async (_what, make, path) => {
    const input = make();
    expect(enginePaths(input)).toContain(path);
    const res = await post(app, '/v1/validate', { scenario: input });
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    const fields = [err.field, ...(err.problems ?? []).map((p) => p.field)];
    expect(fields).toContain(`scenario.${path}`);
  });

  test('the training preset passes both (the cases above are refused for their change alone)', async () => {
    expect(enginePaths(training())).toEqual([]);
    expect((await post(app, '/v1/validate', { scenario: training() })).statusCode).toBe(200);
  });
});

// Small districts near and across the limits the schema and the rules draw.
const share = fc.double({ min: 0, max: 1, noNaN: true });
const arbStreet = fc.record({
  id: fc.constantFrom('a', 'b', 'c'),
  zh: fc.string({ maxLength: 4 }),
  en: fc.string({ maxLength: 4 }),
  population: fc.integer({ min: 1, max: 1500 }),
  grids: fc.integer({ min: 1, max: 12 }),
  communities: fc.integer({ min: 1, max: 12 }),
  housing: fc.record({ oldCompound: share, commodity: share, resettlement: share }),
  elderlyShare: share,
  touristGridShare: share,
  commerce: share,
});
const arbLevers = fc.subarray(LEVERS.filter((l) => l.kind !== 'date').map((l) => l.id), { maxLength: 3 })
  .chain((ids) => fc.tuple(...ids.map((id) => arbLeverValue(id))).map((vs) => Object.fromEntries(ids.map((id, i) => [id, vs[i]]))));
const arbScenario = fc.record({
  id: fc.constant('prop'),
  name: fc.constant({ zh: '性质', en: 'property' }),
  district: fc.record({
    name: fc.constant({ zh: '区', en: 'district' }),
    streets: fc.array(arbStreet, { minLength: 1, maxLength: 3 }),
    householdSize: fc.double({ min: 1, max: 6, noNaN: true }),
  }),
  levers: arbLevers,
});

describe('what the schema and the rules accept, the engine runs', () => {
  test('property: accepted ⇒ validateScenario passes and a short run gives a result fitting RunResult; refused ⇒ validateScenario throws', () => {
    let accepted = 0;
    fc.assert(fc.property(arbScenario, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
      const ok = checkAgainst(ScenarioSchema, s).length === 0 && scenarioRuleProblems(s).length === 0;
      if (!ok) {
        expect(() => validateScenario(s)).toThrow(ScenarioError);
        return;
      }
      accepted++;
      const v = validateScenario(s);
      const r = run(v, { seed, days: 3 });
      expect(r.manifest.days).toBe(3);
      expect(checkAgainst(RunResult, JSON.parse(JSON.stringify(resultToJson(r))))).toEqual([]);
    }), { numRuns: 25, seed: 15 });
    expect(accepted).toBeGreaterThan(3);
  });
});
