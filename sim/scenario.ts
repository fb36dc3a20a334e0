// Scenarios and patches: the plain data a run starts from, the rules of their validation that a
// JSON schema cannot express (the rest is sim/schema; sim/validate.ts runs both, schema first),
// stacking of patches with conflict detection, and the scenario hash that goes into every manifest.
import { canonicalJson, sha256Hex } from './digest.ts';
import { checkLeverValue, defaultLevers, type LeverProblem, type LeverValue, type LeverValues } from './levers.ts';
import { DISTRICT_LIMITS } from './limits.ts';
import type { DistrictJson, PatchJson, ScenarioJson, StreetJson } from './schema/index.ts';

// The types are the schemas' (sim/schema, the single definition): Static<> of the TypeBox
// objects, re-exported here under their old names. Type-only imports: this module (loaded by
// `govsim presets` and `govsim levers`) does not load TypeBox.
export type StreetSpec = StreetJson;
export type DistrictSpec = DistrictJson;
export type Scenario = ScenarioJson;
/** A reform or shock: a named set of lever values laid over a scenario. */
export type Patch = PatchJson;

/** Qinhuai's population: what the department staff lever refers to unless a district says otherwise. */
export const REFERENCE_POPULATION = 740000;

export class ScenarioError extends Error {
  readonly problems: LeverProblem[];
  /** composeScenario's step that refused: the patch stack or the lever values set on top. */
  readonly stage?: 'patches' | 'levers';
  constructor(problems: LeverProblem[], stage?: 'patches' | 'levers') {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'ScenarioError';
    this.problems = problems;
    if (stage) this.stage = stage;
  }
}

/** The total population limit (the per-street limits are sim/schema's maxima). */
const MAX_POPULATION = DISTRICT_LIMITS.maxPopulation;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each lever value checked against the catalogue, with its words (`a number in [0, 1], got 2`; real dates). */
export function leverProblems(levers: unknown, path = 'levers'): LeverProblem[] {
  if (!isObject(levers)) return [];
  const problems: LeverProblem[] = [];
  for (const [id, value] of Object.entries(levers)) {
    const p = checkLeverValue(id, value, `${path}.${id}`);
    if (p) problems.push(p);
  }
  return problems;
}

/**
 * The district rules a JSON schema cannot express: street ids unique, no more communities than
 * grids and at least one resident per grid in a street, housing shares adding up to more than 0,
 * and the population of all streets together within the limit. Fields of the wrong type are
 * left to the schema (skipped here), so this can run on any value.
 */
export function districtRuleProblems(d: unknown, path = 'district'): LeverProblem[] {
  const problems: LeverProblem[] = [];
  if (!isObject(d) || !Array.isArray(d.streets)) return problems;
  let population = 0;
  const ids = new Set<string>();
  d.streets.forEach((s: unknown, i: number) => {
    const p = `${path}.streets[${i}]`;
    if (!isObject(s)) return;
    if (typeof s.id === 'string') {
      if (ids.has(s.id)) problems.push({ path: `${p}.id`, message: `${p}.id "${s.id}" is used twice`, value: s.id, expected: 'unique id' });
      ids.add(s.id);
    }
    if (typeof s.grids === 'number' && typeof s.communities === 'number' && s.communities > s.grids) {
      problems.push({ path: `${p}.communities`, message: `${p}.communities must not exceed ${p}.grids (${s.grids})`, value: s.communities, expected: `≤ ${s.grids}` });
    }
    if (typeof s.population === 'number' && typeof s.grids === 'number' && s.population < s.grids) {
      problems.push({ path: `${p}.population`, message: `${p}.population must be at least one resident per grid (${s.grids})`, value: s.population, expected: `≥ ${s.grids}` });
    }
    if (isObject(s.housing)) {
      const h = s.housing;
      const sum = Number(h.oldCompound) + Number(h.commodity) + Number(h.resettlement);
      if (!(sum > 0)) problems.push({ path: `${p}.housing`, message: `${p}.housing shares must add up to more than 0`, value: h, expected: 'positive sum' });
    }
    if (typeof s.population === 'number' && Number.isFinite(s.population)) population += s.population;
  });
  if (population > MAX_POPULATION) problems.push({ path: `${path}.streets`, message: `total population ${population} exceeds the limit of ${MAX_POPULATION}`, value: population, expected: `≤ ${MAX_POPULATION}` });
  return problems;
}

/** A scenario's rules beyond its schema: the district's rules and each lever value's. */
export function scenarioRuleProblems(input: unknown): LeverProblem[] {
  if (!isObject(input)) return [];
  return [...districtRuleProblems(input.district), ...leverProblems(input.levers)];
}

/** A patch's rules beyond its schema: each lever value's. */
export function patchRuleProblems(input: unknown): LeverProblem[] {
  return isObject(input) ? leverProblems(input.levers) : [];
}

/**
 * The rules only, for values already known to fit the schema (the bundled presets, whose fit
 * test/sim/schema.test.ts checks; scenarios/index.ts checks them this way so that listing
 * presets does not load TypeBox). Everything from outside goes through sim/validate.ts.
 */
export function checkScenarioRules(s: Scenario): Scenario {
  const problems = scenarioRuleProblems(s);
  if (problems.length) throw new ScenarioError(problems);
  return s;
}

export function checkPatchRules(p: Patch): Patch {
  const problems = patchRuleProblems(p);
  if (problems.length) throw new ScenarioError(problems);
  return p;
}

export interface PatchConflict {
  lever: string;
  patches: { id: string; value: LeverValue }[];
}

/** Levers that two or more patches set to different values. */
export function findConflicts(patches: Patch[]): PatchConflict[] {
  const seen = new Map<string, { id: string; value: LeverValue }[]>();
  for (const p of patches) for (const [k, v] of Object.entries(p.levers)) {
    const list = seen.get(k) ?? [];
    list.push({ id: p.id, value: v });
    seen.set(k, list);
  }
  const out: PatchConflict[] = [];
  for (const [lever, list] of [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (new Set(list.map((x) => JSON.stringify(x.value))).size > 1) out.push({ lever, patches: list });
  }
  return out;
}

/** Lay patches over a scenario in order. Throws ScenarioError when two patches disagree on a lever. */
export function applyPatches(base: Scenario, patches: Patch[]): Scenario {
  if (patches.length === 0) return base;
  const conflicts = findConflicts(patches);
  if (conflicts.length) {
    throw new ScenarioError(conflicts.map((c) => ({
      path: `levers.${c.lever}`,
      message: `patches conflict on lever "${c.lever}": ${c.patches.map((p) => `${p.id} sets ${JSON.stringify(p.value)}`).join(', ')}`,
      value: c.patches,
      expected: 'patches that agree',
    })));
  }
  const levers: LeverValues = { ...base.levers };
  for (const p of patches) Object.assign(levers, p.levers);
  return {
    ...base,
    id: [base.id, ...patches.map((p) => p.id)].join('+'),
    name: { zh: [base.name.zh, ...patches.map((p) => p.name.zh)].join(' + '), en: [base.name.en, ...patches.map((p) => p.name.en)].join(' + ') },
    levers,
  };
}

/**
 * The one scenario composer of CLI, API and sandbox: patches laid over the base in order
 * (refused when two set one lever differently), then lever values set on top (each checked;
 * `leverPath` names where a value came from, `levers.<id>` by default). A refusal is a
 * ScenarioError whose `stage` is 'patches' or 'levers'.
 */
export function composeScenario(
  base: Scenario, patches: readonly Patch[] = [], levers: LeverValues = {}, o: { leverPath?: (id: string) => string } = {},
): Scenario {
  let s: Scenario;
  try {
    s = applyPatches(base, [...patches]);
  } catch (e) {
    throw e instanceof ScenarioError ? new ScenarioError(e.problems, 'patches') : e;
  }
  const ids = Object.keys(levers);
  if (!ids.length) return s;
  const problems: LeverProblem[] = [];
  for (const id of ids) {
    const p = checkLeverValue(id, levers[id], o.leverPath?.(id));
    if (p) problems.push(p);
  }
  if (problems.length) throw new ScenarioError(problems, 'levers');
  return { ...s, levers: { ...s.levers, ...levers } };
}

/** Set levers one by one (CLI `--set`, sandbox controls); validates each. */
export function withLevers(base: Scenario, values: LeverValues): Scenario {
  const problems: LeverProblem[] = [];
  for (const [id, v] of Object.entries(values)) {
    const p = checkLeverValue(id, v);
    if (p) problems.push(p);
  }
  if (problems.length) throw new ScenarioError(problems);
  return { ...base, levers: { ...base.levers, ...values } };
}

/** Every lever's value: the scenario's where set, the catalogue default otherwise. */
export function resolvedLevers(s: Scenario): LeverValues {
  return { ...defaultLevers(), ...s.levers };
}

/** Hash of what determines a run: the district and the resolved lever values (not names or notes). */
export function scenarioHash(s: Scenario): string {
  return sha256Hex(canonicalJson({ district: s.district, levers: resolvedLevers(s) }));
}
