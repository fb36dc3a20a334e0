// The scenario concept at the HTTP boundary: a scenario or a patch as plain JSON (the same
// shape as the files in scenarios/presets and what `govsim run` reads), and a scenario input:
// a preset or an inline scenario, with patches stacked and lever values set on top. The
// structure and the district's limits (string lengths, population and grid maxima) are checked
// here by sim/schema's objects, the same ones the engine validates with (sim/validate.ts);
// lever values, the rules a schema cannot express and patch conflicts by the engine's own
// validation (sim/index.ts), whose problems name the field and what it expects.
import { Type, type Static } from 'typebox';
import { LEVERS } from '../../sim/index.ts';
import { LEVER_SCHEMAS, patchSchema, scenarioSchema } from '../../sim/schema/index.ts';

export const LeverValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 40 })], {
  description: 'A number, a boolean, a choice or a date (YYYY-MM-DD), by the lever\'s kind (see GET /v1/levers).',
});

/**
 * Lever values at the HTTP boundary: every lever id of the catalogue is listed (so OpenAPI
 * shows each with its kind and range, from sim/schema's per-lever schemas), but the request is
 * checked only for shape here; the ranges are checked by the engine's own validation, whose
 * problems name the field (`levers.grid.discretion`) and say what it expects. No `default`
 * keywords: the server's validator would fill them in.
 */
export const LEVER_VALUES_TITLE = 'LeverValues';
/**
 * (The OpenAPI document shows each use of this schema as `#/components/schemas/LeverValues`:
 * every lever id with its own type and range, api/plugins/openapi.ts.)
 */
export const LeverValues = Type.Unsafe<Record<string, number | boolean | string>>(Type.Object(
  Object.fromEntries(LEVERS.map((l) => [l.id, Type.Optional(Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 40 })], {
    description: String((LEVER_SCHEMAS[l.id] as { description?: string }).description),
  }))])),
  {
    additionalProperties: LeverValue, maxProperties: 400, title: LEVER_VALUES_TITLE,
    description: 'Lever id → value; ids and ranges are listed by GET /v1/levers.',
  },
));
export type LeverValues = Static<typeof LeverValues>;

// The scenario's and patch's structure is sim/schema's (one schema per concept), with the
// boundary's lever values.
export { Street, District } from '../../sim/schema/index.ts';
export const Scenario = scenarioSchema(LeverValues);
export type Scenario = Static<typeof Scenario>;
export const Patch = patchSchema(LeverValues);

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
