// Scenarios and patches: the plain data a run starts from, their validation (errors name the
// path, the value and what was expected), stacking of patches with conflict detection, and
// the scenario hash that goes into every manifest.
import { canonicalJson, sha256Hex } from './digest.ts';
import { checkLeverValue, defaultLevers, type Bilingual, type LeverProblem, type LeverValue, type LeverValues } from './levers.ts';

export interface StreetSpec {
  id: string;
  zh: string;
  en: string;
  population: number;
  grids: number;
  communities: number;
  /** Housing mix (shares, normalised): old compounds, commodity housing, resettlement housing. */
  housing: { oldCompound: number; commodity: number; resettlement: number };
  /** Share of residents aged 60+. */
  elderlyShare: number;
  /** Share of grids that are tourist grids. */
  touristGridShare: number;
  /** Commerce intensity 0..1 (raises noise, parking and stalls). */
  commerce: number;
}

export interface DistrictSpec {
  name: Bilingual;
  streets: StreetSpec[];
  /** Persons per household. */
  householdSize: number;
  /**
   * Population the department staff lever refers to (departments are district-wide; their staff
   * scale with population / referencePopulation). Default REFERENCE_POPULATION (Qinhuai).
   */
  referencePopulation?: number;
}

/** Qinhuai's population: what the department staff lever refers to unless a district says otherwise. */
export const REFERENCE_POPULATION = 740000;

export interface Scenario {
  id: string;
  name: Bilingual;
  description?: Bilingual;
  district: DistrictSpec;
  levers: LeverValues;
  /** Where the facts come from and which numbers are guesses. */
  sources?: string[];
  guesses?: string[];
}

/** A reform or shock: a named set of lever values laid over a scenario. */
export interface Patch {
  id: string;
  name: Bilingual;
  description?: Bilingual;
  levers: LeverValues;
  sources?: string[];
  guesses?: string[];
}

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

const LIMITS = { maxStreets: 64, maxGridsPerStreet: 5000, maxPopulation: 5_000_000, maxCommunitiesPerStreet: 500 };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkBilingual(v: unknown, path: string, problems: LeverProblem[]): void {
  if (!isObject(v) || typeof v.zh !== 'string' || typeof v.en !== 'string') {
    problems.push({ path, message: `${path} must be an object {zh: string, en: string}`, value: v, expected: '{zh, en}' });
  }
}

function checkNumber(v: unknown, path: string, min: number, max: number, integer: boolean, problems: LeverProblem[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    const expected = `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`;
    problems.push({ path, message: `${path} must be ${expected}, got ${JSON.stringify(v)}`, value: v, expected });
  }
}

function checkLevers(levers: unknown, path: string, problems: LeverProblem[]): void {
  if (!isObject(levers)) {
    problems.push({ path, message: `${path} must be an object mapping lever ids to values`, value: levers, expected: 'object' });
    return;
  }
  for (const [id, value] of Object.entries(levers)) {
    const p = checkLeverValue(id, value, `${path}.${id}`);
    if (p) problems.push(p);
  }
}

export function validateDistrict(d: unknown, path = 'district'): LeverProblem[] {
  const problems: LeverProblem[] = [];
  if (!isObject(d)) return [{ path, message: `${path} must be an object`, value: d, expected: 'object' }];
  checkBilingual(d.name, `${path}.name`, problems);
  checkNumber(d.householdSize, `${path}.householdSize`, 1, 6, false, problems);
  if (d.referencePopulation !== undefined) checkNumber(d.referencePopulation, `${path}.referencePopulation`, 1, LIMITS.maxPopulation, true, problems);
  if (!Array.isArray(d.streets) || d.streets.length === 0 || d.streets.length > LIMITS.maxStreets) {
    problems.push({ path: `${path}.streets`, message: `${path}.streets must be a list of 1 to ${LIMITS.maxStreets} streets`, value: d.streets, expected: 'array' });
    return problems;
  }
  let population = 0;
  const ids = new Set<string>();
  d.streets.forEach((s: unknown, i: number) => {
    const p = `${path}.streets[${i}]`;
    if (!isObject(s)) {
      problems.push({ path: p, message: `${p} must be an object`, value: s, expected: 'object' });
      return;
    }
    if (typeof s.id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(s.id)) problems.push({ path: `${p}.id`, message: `${p}.id must be 1–40 letters, digits, - or _`, value: s.id, expected: 'identifier' });
    else if (ids.has(s.id)) problems.push({ path: `${p}.id`, message: `${p}.id "${s.id}" is used twice`, value: s.id, expected: 'unique id' });
    else ids.add(s.id);
    if (typeof s.zh !== 'string') problems.push({ path: `${p}.zh`, message: `${p}.zh must be a string`, value: s.zh, expected: 'string' });
    if (typeof s.en !== 'string') problems.push({ path: `${p}.en`, message: `${p}.en must be a string`, value: s.en, expected: 'string' });
    checkNumber(s.population, `${p}.population`, 1, LIMITS.maxPopulation, true, problems);
    checkNumber(s.grids, `${p}.grids`, 1, LIMITS.maxGridsPerStreet, true, problems);
    checkNumber(s.communities, `${p}.communities`, 1, LIMITS.maxCommunitiesPerStreet, true, problems);
    if (typeof s.grids === 'number' && typeof s.communities === 'number' && s.communities > s.grids) {
      problems.push({ path: `${p}.communities`, message: `${p}.communities must not exceed ${p}.grids (${s.grids})`, value: s.communities, expected: `≤ ${s.grids}` });
    }
    if (typeof s.population === 'number' && typeof s.grids === 'number' && s.population < s.grids) {
      problems.push({ path: `${p}.population`, message: `${p}.population must be at least one resident per grid (${s.grids})`, value: s.population, expected: `≥ ${s.grids}` });
    }
    if (!isObject(s.housing)) problems.push({ path: `${p}.housing`, message: `${p}.housing must be {oldCompound, commodity, resettlement}`, value: s.housing, expected: 'object' });
    else {
      for (const k of ['oldCompound', 'commodity', 'resettlement']) checkNumber(s.housing[k], `${p}.housing.${k}`, 0, 1, false, problems);
      const sum = Number(s.housing.oldCompound) + Number(s.housing.commodity) + Number(s.housing.resettlement);
      if (!(sum > 0)) problems.push({ path: `${p}.housing`, message: `${p}.housing shares must add up to more than 0`, value: s.housing, expected: 'positive sum' });
    }
    checkNumber(s.elderlyShare, `${p}.elderlyShare`, 0, 1, false, problems);
    checkNumber(s.touristGridShare, `${p}.touristGridShare`, 0, 1, false, problems);
    checkNumber(s.commerce, `${p}.commerce`, 0, 1, false, problems);
    if (typeof s.population === 'number') population += s.population;
  });
  if (population > LIMITS.maxPopulation) problems.push({ path: `${path}.streets`, message: `total population ${population} exceeds the limit of ${LIMITS.maxPopulation}`, value: population, expected: `≤ ${LIMITS.maxPopulation}` });
  return problems;
}

/** Validate a scenario (as parsed from JSON or YAML). Throws ScenarioError listing every problem. */
export function validateScenario(input: unknown): Scenario {
  const problems: LeverProblem[] = [];
  if (!isObject(input)) throw new ScenarioError([{ path: '', message: 'a scenario must be an object', value: input, expected: 'object' }]);
  if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > 80) problems.push({ path: 'id', message: 'id must be a string of 1–80 characters', value: input.id, expected: 'string' });
  checkBilingual(input.name, 'name', problems);
  if (input.description !== undefined) checkBilingual(input.description, 'description', problems);
  problems.push(...validateDistrict(input.district));
  checkLevers(input.levers ?? {}, 'levers', problems);
  for (const k of ['sources', 'guesses'] as const) {
    const v = input[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) problems.push({ path: k, message: `${k} must be a list of strings`, value: v, expected: 'string[]' });
  }
  const known = new Set(['id', 'name', 'description', 'district', 'levers', 'sources', 'guesses', 'kind', '$schema']);
  for (const k of Object.keys(input)) if (!known.has(k)) problems.push({ path: k, message: `unknown field "${k}" in scenario`, value: k, expected: [...known].join(', ') });
  if (problems.length) throw new ScenarioError(problems);
  return input as unknown as Scenario;
}

export function validatePatch(input: unknown): Patch {
  const problems: LeverProblem[] = [];
  if (!isObject(input)) throw new ScenarioError([{ path: '', message: 'a patch must be an object', value: input, expected: 'object' }]);
  if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > 80) problems.push({ path: 'id', message: 'id must be a string of 1–80 characters', value: input.id, expected: 'string' });
  checkBilingual(input.name, 'name', problems);
  checkLevers(input.levers, 'levers', problems);
  const known = new Set(['id', 'name', 'description', 'levers', 'sources', 'guesses', 'kind', '$schema']);
  for (const k of Object.keys(input)) if (!known.has(k)) problems.push({ path: k, message: `unknown field "${k}" in patch`, value: k, expected: [...known].join(', ') });
  if (problems.length) throw new ScenarioError(problems);
  return input as unknown as Patch;
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
