// The engine's schema checker (sim/schema/check.ts over sim/schema/plain.ts) is TypeBox's
// schemas, checked the way TypeBox checks them: plain.ts is up to date with sim/schema, and on
// single-field mistakes and on random values the checker and TypeBox's own validator agree
// (both accept or both refuse; for one mistake, the same paths).
import fc from 'fast-check';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { plainErrors } from '../../sim/schema/check.ts';
import { PLAIN, checkAgainst, patchSchema, scenarioSchema } from '../../sim/schema/index.ts';
import { PATCH_SCHEMA, SCENARIO_SCHEMA } from '../../sim/schema/plain.ts';
import { pointerToPath, schemaProblems } from '../../sim/schema/problems.ts';
import { getPatch, getScenario } from '../../scenarios/index.ts';

const TB_SCENARIO = scenarioSchema(Type.Object({}));
const TB_PATCH = patchSchema(Type.Object({}));
const plainPaths = (schema: typeof SCENARIO_SCHEMA, v: unknown) => schemaProblems(plainErrors(schema, v)).map((p) => pointerToPath(p.pointer) || '(root)').sort();
const typeboxPaths = (schema: typeof TB_SCENARIO | typeof TB_PATCH, v: unknown) => checkAgainst(schema, v).map((p) => p.path).sort();

describe('sim/schema/check.ts over sim/schema/plain.ts', () => {
  it('plain.ts is the schemas of sim/schema (run `npm run schema:plain` when this fails)', () => {
    expect(SCENARIO_SCHEMA).toEqual(PLAIN.scenario);
    expect(PATCH_SCHEMA).toEqual(PLAIN.patch);
  });

  const t = () => getScenario('training')!;
  const st = (change: Record<string, unknown>) => ({ ...t(), district: { ...t().district, streets: [{ ...t().district.streets[0], ...change }] } });
  const MISTAKES: [string, unknown][] = [
    ['not an object', 3], ['id a number', { ...t(), id: 5 }], ['id empty', { ...t(), id: '' }], ['id 81 characters', { ...t(), id: 'x'.repeat(81) }],
    ['name.en missing', { ...t(), name: { zh: 'a' } }], ['unknown field', { ...t(), extra: true }], ['kind wrong', { ...t(), kind: 'patch' }],
    ['levers missing', { ...t(), levers: undefined }], ['levers an array', { ...t(), levers: [] }], ['sources of numbers', { ...t(), sources: [1] }],
    ['no streets', { ...t(), district: { ...t().district, streets: [] } }], ['householdSize 0.5', { ...t(), district: { ...t().district, householdSize: 0.5 } }],
    ['street name 300 characters', st({ en: 'e'.repeat(300) })], ['population 6 million', st({ population: 6_000_000 })], ['population 1.5', st({ population: 1.5 })],
    ['grids 0', st({ grids: 0 })], ['communities 501', st({ communities: 501 })], ['id with a slash', st({ id: 'a/b' })],
    ['housing share 2', st({ housing: { oldCompound: 2, commodity: 0, resettlement: 0 } })], ['housing extra', st({ housing: { oldCompound: 1, commodity: 0, resettlement: 0, x: 1 } })],
    ['elderlyShare a string', st({ elderlyShare: '0.2' })], ['street extra field', st({ mayor: 'x' })],
  ];
  it.each(MISTAKES)('one mistake, the same paths as TypeBox: %s', (_what, v) => {
    const plain = plainPaths(SCENARIO_SCHEMA, v);
    expect(plain.length).toBeGreaterThan(0);
    expect(plain).toEqual(typeboxPaths(TB_SCENARIO, v));
  });

  it('every preset fits both; random changes to a preset or patch are accepted or refused by both (property)', () => {
    expect(plainErrors(SCENARIO_SCHEMA, t())).toEqual([]);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.integer({ min: -10, max: 6_000_000 }), fc.string({ maxLength: 500 }), fc.constant(undefined));
    const base = { scenario: t(), patch: getPatch('reform-whistle')! };
    fc.assert(fc.property(fc.constantFrom('scenario', 'patch'), fc.array(fc.tuple(fc.constantFrom(
      'id', 'name.zh', 'name.en', 'extra', 'kind', 'sources', 'district.householdSize', 'district.referencePopulation', 'district.streets',
      'district.streets.0.population', 'district.streets.0.grids', 'district.streets.0.zh', 'district.streets.0.id', 'district.streets.0.housing.commodity', 'district.streets.0.commerce', 'levers',
    ), value), { maxLength: 3 }), (kind, changes) => {
      const v = structuredClone(base[kind]) as Record<string, unknown>;
      for (const [path, x] of changes) {
        const keys = path.split('.');
        let o: unknown = v;
        for (const k of keys.slice(0, -1)) o = typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
        if (typeof o === 'object' && o !== null) (o as Record<string, unknown>)[keys[keys.length - 1]] = x;
      }
      const [plain, tb] = kind === 'scenario' ? [SCENARIO_SCHEMA, TB_SCENARIO] as const : [PATCH_SCHEMA, TB_PATCH] as const;
      expect(plainErrors(plain, v).length === 0).toBe(checkAgainst(tb, v).length === 0);
    }), { numRuns: 300, seed: 7 });
  });
});
