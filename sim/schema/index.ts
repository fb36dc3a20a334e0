// One schema per concept, as TypeBox (plain JSON Schema objects: pure, works in the browser):
// Scenario, Patch, lever values (one schema per lever, generated from the catalogue in
// sim/levers.ts), Manifest and RunResult (its JSON form), and the run defaults. The HTTP API's
// request and response schemas and its OpenAPI document are built from these
// (api/schemas/scenario.ts), `checkAgainst` gives validation problems with paths, and the
// TypeScript types below are derived from the same objects.
//
// These are the single definition: every limit a schema can express (string lengths, numeric
// ranges such as a street's population) is here, once, and the TypeScript types Scenario,
// Patch, DistrictSpec, StreetSpec and Manifest are Static<> of these objects (re-exported by
// sim/scenario.ts and sim/result.ts). The engine's validator (sim/validate.ts) checks a value
// against these schemas first, then the rules a JSON schema cannot express (sim/scenario.ts:
// unique street ids, cross-field sums, valid dates); the API validates request bodies with the
// same objects, so the CLI, the API and the sandbox refuse the same inputs.
import { Type, type Static, type TSchema } from 'typebox';
import { Errors } from 'typebox/schema';
import { LEVERS, describeExpected, type Lever, type LeverValues as LeverValuesType } from '../levers.ts';
import { DISTRICT_LIMITS } from '../limits.ts';
import { pointerToPath, schemaProblems } from './problems.ts';

export { DISTRICT_LIMITS };

/** The defaults of a run wherever one is asked for (CLI, API, sandbox): sim/run-defaults.ts. */
export { RUN_DEFAULTS } from '../run-defaults.ts';

export const Bilingual = Type.Object({
  zh: Type.String({ maxLength: 400 }),
  en: Type.String({ maxLength: 400 }),
}, { additionalProperties: false });

/** The schema of one lever's value, from its catalogue entry (kind, range, choices). */
export function leverSchema(l: Lever): TSchema {
  const description = `${l.label.en} (${l.label.zh}): ${describeExpected(l)}; default ${JSON.stringify(l.default)}.`;
  switch (l.kind) {
    case 'number': return Type.Number({ minimum: l.min, maximum: l.max, default: l.default, description });
    case 'integer': return Type.Integer({ minimum: l.min, maximum: l.max, default: l.default, description });
    case 'boolean': return Type.Boolean({ default: l.default, description });
    case 'choice': return Type.Union(l.choices.map((c) => Type.Literal(c.value)), { default: l.default, description });
    case 'date': return Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', default: l.default, description: `${description} Between ${l.min} and ${l.max}.` });
  }
}

/** One schema per lever id. */
export const LEVER_SCHEMAS: Readonly<Record<string, TSchema>> = Object.fromEntries(LEVERS.map((l) => [l.id, leverSchema(l)]));

/**
 * Lever values: every lever id of the catalogue with its own type and range, nothing else. Its
 * static type is sim/levers.ts's LeverValues (lever id → value), since the per-lever schemas are
 * built from the catalogue at run time and TypeScript cannot see their ids.
 */
export const LeverValues = Type.Unsafe<LeverValuesType>(Type.Object(
  Object.fromEntries(LEVERS.map((l) => [l.id, Type.Optional(LEVER_SCHEMAS[l.id])])),
  { additionalProperties: false, title: 'LeverValues', description: 'Lever id → value (see GET /v1/levers); unset levers keep the scenario\'s value.' },
));


const Share = Type.Number({ minimum: 0, maximum: 1 });
const Notes = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 });

export const Street = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  zh: Type.String({ maxLength: 200 }),
  en: Type.String({ maxLength: 200 }),
  population: Type.Integer({ minimum: 1, maximum: DISTRICT_LIMITS.maxPopulation, description: 'Residents (at least one per grid; all streets together at most 5,000,000).' }),
  grids: Type.Integer({ minimum: 1, maximum: DISTRICT_LIMITS.maxGridsPerStreet }),
  communities: Type.Integer({ minimum: 1, maximum: DISTRICT_LIMITS.maxCommunitiesPerStreet, description: 'Communities (at most one per grid).' }),
  housing: Type.Object({ oldCompound: Share, commodity: Share, resettlement: Share }, { additionalProperties: false }),
  elderlyShare: Share,
  touristGridShare: Share,
  commerce: Share,
}, { additionalProperties: false });

export const District = Type.Object({
  name: Bilingual,
  streets: Type.Array(Street, { minItems: 1, maxItems: DISTRICT_LIMITS.maxStreets }),
  householdSize: Type.Number({ minimum: 1, maximum: 6 }),
  referencePopulation: Type.Optional(Type.Integer({ minimum: 1, maximum: DISTRICT_LIMITS.maxPopulation, description: 'Population the department staff lever refers to (default 740,000).' })),
}, { additionalProperties: false });

/** A scenario or patch's fields, with the lever values' schema given (strict or loose). */
export function scenarioSchema<L extends TSchema>(levers: L) {
  return Type.Object({
    $schema: Type.Optional(Type.String({ maxLength: 400 })),
    kind: Type.Optional(Type.Literal('scenario')),
    id: Type.String({ minLength: 1, maxLength: 80 }),
    name: Bilingual,
    description: Type.Optional(Bilingual),
    district: District,
    levers,
    sources: Type.Optional(Notes),
    guesses: Type.Optional(Notes),
  }, { additionalProperties: false, title: 'Scenario', description: 'A whole district with lever values (as in scenarios/presets/*.json).' });
}

export function patchSchema<L extends TSchema>(levers: L) {
  return Type.Object({
    $schema: Type.Optional(Type.String({ maxLength: 400 })),
    kind: Type.Optional(Type.Literal('patch')),
    id: Type.String({ minLength: 1, maxLength: 80 }),
    name: Bilingual,
    description: Type.Optional(Bilingual),
    levers,
    sources: Type.Optional(Notes),
    guesses: Type.Optional(Notes),
  }, { additionalProperties: false, title: 'Patch', description: 'A reform or shock: lever values laid over a scenario.' });
}

export const Scenario = scenarioSchema(LeverValues);
export const Patch = patchSchema(LeverValues);

export const Manifest = Type.Object({
  engineVersion: Type.String(),
  scenarioId: Type.String(),
  scenarioHash: Type.String(),
  seed: Type.Integer({ minimum: 0, maximum: 4294967295 }),
  days: Type.Integer({ minimum: 1 }),
  startDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  digest: Type.String({ description: 'SHA-256 over the whole result except the manifest (sim/version.ts states the contract).' }),
}, { additionalProperties: false, title: 'Manifest' });

const Count = Type.Number();
/** A number, or null where JSON cannot carry the value (NaN: undefined for that day). */
const NumberOrNull = Type.Union([Type.Number(), Type.Null()]);

const PlaceFigures = Type.Object({
  id: Type.String(), street: Type.String(), residents: Count, closed: Count, daysSum: Count, meanDays: NumberOrNull, medianDays: NumberOrNull,
  spend: Type.Number(), costPerCase: NumberOrNull, unfundedCaseDays: Count,
  rated: Count, satisfied: Count, satisfaction: NumberOrNull, backlog: Count, hidden: Count, backlogPer10k: NumberOrNull,
  residentsByHousing: Type.Array(Count), trustByHousing: Type.Array(NumberOrNull), trust: NumberOrNull,
}, { additionalProperties: false });

/** A run's result in its JSON form (series as arrays, NaN as null): what every client receives. */
export const RunResult = Type.Object({
  manifest: Manifest,
  summary: Type.Record(Type.String(), NumberOrNull),
  series: Type.Object({
    startDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    days: Type.Integer({ minimum: 0 }),
    names: Type.Array(Type.String()),
    units: Type.Array(Type.String()),
    values: Type.Record(Type.String(), Type.Array(NumberOrNull)),
  }, { additionalProperties: false }),
  window: Type.Object({
    from: Type.Integer(), to: Type.Integer(), warmupDays: Type.Integer(), note: Type.String(),
  }, { additionalProperties: false, description: 'The measurement window of the summary and histogram (days from, to; warm-up left out).' }),
  histogram: Type.Object({
    binDays: Type.Number(),
    openFromDays: Type.Number(),
    all: Type.Array(Count),
    byCategory: Type.Record(Type.String(), Type.Array(Count)),
  }, { additionalProperties: false }),
  emergedBySubItem: Type.Record(Type.String(), Count),
  caseFlow: Type.Object({
    channels: Type.Array(Type.String()),
    levels: Type.Array(Type.String()),
    counts: Type.Array(Type.Array(Count)),
  }, { additionalProperties: false }),
  moneyFlow: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), yuan: Type.Number() }, { additionalProperties: false })),
  places: Type.Object({
    housing: Type.Array(Type.String()),
    channels: Type.Array(Type.String()),
    streets: Type.Array(PlaceFigures),
    communities: Type.Array(PlaceFigures),
    reporting: Type.Array(Type.Array(Count)),
    districtSpend: Type.Number({ description: 'Yuan spent in the window from accounts of no street (district, departments): the streets\' spend plus this is money.spendTotal.' }),
  }, { additionalProperties: false, description: 'Outcomes by street and community, and cases by housing type and channel (sim/places.ts).' }),
}, { additionalProperties: false, title: 'RunResult' });

export type StreetJson = Static<typeof Street>;
export type DistrictJson = Static<typeof District>;
export type BilingualJson = Static<typeof Bilingual>;
export type ScenarioJson = Static<typeof Scenario>;
export type PatchJson = Static<typeof Patch>;
export type LeverValuesJson = Static<typeof LeverValues>;
export type ManifestJson = Static<typeof Manifest>;
export type RunResultJson = Static<typeof RunResult>;

const VALIDATION_KEYWORDS = new Set(['type', 'const', 'required', 'properties', 'additionalProperties', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems', 'items']);

/** A schema as plain JSON with only its validation keywords (no titles, descriptions or TypeBox markers). */
export function plainSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(plainSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!VALIDATION_KEYWORDS.has(k)) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([name, ps]) => [name, plainSchema(ps)])) : plainSchema(v);
  }
  return out;
}

/**
 * The plain schemas the engine's checker uses (sim/schema/plain.ts is these, written by `npm run
 * schema:plain` and tested equal): Scenario and Patch with `levers` any object, since each lever
 * value is checked against the catalogue these lever schemas are generated from (sim/levers.ts).
 */
export const PLAIN = {
  scenario: plainSchema(scenarioSchema(Type.Object({}))),
  patch: plainSchema(patchSchema(Type.Object({}))),
};

export interface SchemaProblem {
  /** Dotted path into the value (`levers.grid.discretion`, `district.streets[0].population`). */
  path: string;
  message: string;
  /** JSON pointer to the offending value (relative to the value checked, not to `root`). */
  pointer: string;
  /** What is wrong without the path (`must be less or equal to 5000000`). */
  detail: string;
}

/** Every way a value fails a schema, with dotted paths (empty when it fits): sim/schema/problems.ts. */
export function checkAgainst(schema: TSchema, value: unknown, root = ''): SchemaProblem[] {
  const [, errors] = Errors(schema, value);
  return schemaProblems(errors).map((p) => {
    const path = pointerToPath(p.pointer, root);
    return { path: path || '(root)', message: `${path || 'the value'} ${p.message}`, pointer: p.pointer, detail: p.message };
  });
}
