// The TypeScript types are the schemas' (sim/schema, the single definition). Scenario, Patch,
// DistrictSpec, StreetSpec and Manifest are Static<> of the schemas; RunResult (in memory:
// Float64Array series) is tied to the RunResult schema here by type-level equality, both
// ways, of its JSON form: a field added, dropped, renamed or retyped on either side makes
// `tsc --noEmit` (part of `npm test`) fail on this file. Numbers are compared up to null
// (NaN becomes null in JSON; the schema says where), the only thing this leaves unchecked.
import type { Static } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { DistrictSpec, Manifest, Patch, RunResult, Scenario, StreetSpec } from '../../sim/index.ts';
import type {
  District as DistrictSchema, Manifest as ManifestSchema, Patch as PatchSchema, RunResult as RunResultSchema,
  Scenario as ScenarioSchema, Street as StreetSchema,
} from '../../sim/schema/index.ts';

/** Exact type equality (both ways, including optionality and readonly). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** The JSON form of an in-memory type: typed arrays as arrays, numbers possibly null, nothing readonly. */
type Json<T> = T extends Float64Array ? (number | null)[]
  : T extends number ? number | null
  : T extends string | boolean | null ? T
  : T extends readonly (infer U)[] ? Json<U>[]
  : T extends object ? { -readonly [K in keyof T]: Json<T[K]> }
  : T;

const checks = {
  scenario: true as Equal<Scenario, Static<typeof ScenarioSchema>>,
  patch: true as Equal<Patch, Static<typeof PatchSchema>>,
  district: true as Equal<DistrictSpec, Static<typeof DistrictSchema>>,
  street: true as Equal<StreetSpec, Static<typeof StreetSchema>>,
  manifest: true as Equal<Manifest, Static<typeof ManifestSchema>>,
  runResult: true as Equal<Json<RunResult>, Json<Static<typeof RunResultSchema>>>,
} satisfies Record<string, true>;

// The check can fail: a type with one more field, or one with a field retyped, is not equal.
// @ts-expect-error an extra field breaks the equality
const extra: true = true as Equal<Json<RunResult & { extra: string }>, Json<Static<typeof RunResultSchema>>>;
// @ts-expect-error a retyped field breaks the equality
const retyped: true = true as Equal<Json<Omit<RunResult, 'moneyFlow'> & { moneyFlow: string[] }>, Json<Static<typeof RunResultSchema>>>;

describe('types derived from sim/schema', () => {
  it('Scenario, Patch, DistrictSpec, StreetSpec, Manifest and RunResult match their schemas (checked by tsc)', () => {
    expect(Object.values(checks).every((x) => x === true)).toBe(true);
    expect([extra, retyped]).toHaveLength(2);
  });
});
