// The scenario concept at the HTTP boundary: a scenario or a patch as plain JSON (the same
// shape as the files in scenarios/presets and what `govsim run` reads), and a scenario input:
// a preset or an inline scenario, with patches stacked and lever values set on top. The
// structure is checked here; value ranges, lever ids and patch conflicts by the engine's own
// validation (sim/index.ts), whose problems name the field and what it expects.
import { Type, type Static } from '@sinclair/typebox';
import { Bilingual } from './common.ts';

export const LeverValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 40 })], {
  description: 'A number, a boolean, a choice or a date (YYYY-MM-DD), by the lever\'s kind (see GET /v1/levers).',
});

export const LeverValues = Type.Record(Type.String(), LeverValue, {
  maxProperties: 400,
  description: 'Lever id → value; ids and ranges are listed by GET /v1/levers.',
});
export type LeverValues = Static<typeof LeverValues>;

const Share = Type.Number({ minimum: 0, maximum: 1 });
const Notes = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 });

export const Street = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  zh: Type.String({ maxLength: 200 }),
  en: Type.String({ maxLength: 200 }),
  population: Type.Integer({ minimum: 1, description: 'Residents.' }),
  grids: Type.Integer({ minimum: 1 }),
  communities: Type.Integer({ minimum: 1 }),
  housing: Type.Object({ oldCompound: Share, commodity: Share, resettlement: Share }, { additionalProperties: false }),
  elderlyShare: Share,
  touristGridShare: Share,
  commerce: Share,
}, { additionalProperties: false });

export const District = Type.Object({
  name: Bilingual,
  streets: Type.Array(Street, { minItems: 1, maxItems: 64 }),
  householdSize: Type.Number({ minimum: 1, maximum: 6 }),
  referencePopulation: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export const Scenario = Type.Object({
  $schema: Type.Optional(Type.String({ maxLength: 400 })),
  kind: Type.Optional(Type.Literal('scenario')),
  id: Type.String({ minLength: 1, maxLength: 80 }),
  name: Bilingual,
  description: Type.Optional(Bilingual),
  district: District,
  levers: LeverValues,
  sources: Type.Optional(Notes),
  guesses: Type.Optional(Notes),
}, { additionalProperties: false, title: 'Scenario', description: 'A whole district with lever values (as in scenarios/presets/*.json).' });
export type Scenario = Static<typeof Scenario>;

export const Patch = Type.Object({
  $schema: Type.Optional(Type.String({ maxLength: 400 })),
  kind: Type.Optional(Type.Literal('patch')),
  id: Type.String({ minLength: 1, maxLength: 80 }),
  name: Bilingual,
  description: Type.Optional(Bilingual),
  levers: LeverValues,
  sources: Type.Optional(Notes),
  guesses: Type.Optional(Notes),
}, { additionalProperties: false, title: 'Patch', description: 'A reform or shock: lever values laid over a scenario.' });

export const PresetId = Type.String({ minLength: 1, maxLength: 80, description: 'A preset id from GET /v1/presets.' });

const scenarioInputFields = {
  preset: Type.Optional(PresetId),
  scenario: Type.Optional(Scenario),
  patches: Type.Optional(Type.Array(Type.Union([PresetId, Patch]), {
    maxItems: 20, description: 'Patches laid over the scenario in order: preset ids or inline patches. Patches that set one lever differently are refused.',
  })),
  set: Type.Optional(LeverValues),
};

/** Give exactly one of `preset` and `scenario`; patches stack, `set` is applied last. */
export const ScenarioInput = Type.Object({
  ...scenarioInputFields,
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: "Key of this scenario in experiment outputs (default: its id)." })),
}, {
  additionalProperties: false, title: 'ScenarioInput',
  description: 'Exactly one of `preset` and `scenario`, then `patches` stacked in order, then `set` lever values.',
});
export type ScenarioInput = Static<typeof ScenarioInput>;

export const ValidateRequest = Type.Object(scenarioInputFields, {
  additionalProperties: false, title: 'ValidateRequest',
  description: 'A scenario input to check without running it.',
});

export const ValidateResponse = Type.Object({
  valid: Type.Literal(true),
  scenarioId: Type.String(),
  scenarioHash: Type.String({ description: 'SHA-256 of the district and resolved levers: what determines a run.' }),
  residents: Type.Integer(),
  levers: LeverValues,
}, { additionalProperties: false, title: 'Validation' });
