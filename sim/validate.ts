// The engine's validation of a scenario or a patch from outside (a file, a request body, a
// share link): the schema first (sim/schema, the single definition: structure, string lengths,
// numeric ranges, lever kinds and ranges), then the rules a JSON schema cannot express
// (sim/scenario.ts: unique street ids, cross-field sums, real dates). Every problem names its
// path; a lever's problem is reported with the catalogue's words (`a number in [0, 1], got 2`)
// in place of the schema's at the same path. Throws ScenarioError listing every problem.
//
// The schema check runs sim/schema/check.ts over sim/schema/plain.ts (the TypeBox objects as
// plain JSON Schema, generated and tested equal), not TypeBox itself: `govsim run` and the
// sandbox's worker then load no TypeBox (a few KB instead of ~500 modules / 90 KB).
import type { LeverProblem } from './levers.ts';
import { ScenarioError, patchRuleProblems, scenarioRuleProblems, type Patch, type Scenario } from './scenario.ts';
import { plainErrors, type PlainSchema } from './schema/check.ts';
import { PATCH_SCHEMA, SCENARIO_SCHEMA } from './schema/plain.ts';
import { pointerToPath, schemaProblems } from './schema/problems.ts';

function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Schema problems as engine problems (path, message with the value, the value, what was expected). */
export function schemaCheck(schema: PlainSchema, input: unknown): LeverProblem[] {
  return schemaProblems(plainErrors(schema, input)).map((p) => {
    const path = pointerToPath(p.pointer);
    const value = at(input, p.pointer);
    const got = value === undefined || p.unknown ? '' : `, got ${JSON.stringify(value)?.slice(0, 60)}`;
    return { path, message: `${path || 'the value'} ${p.message}${got}`, value, expected: p.message };
  });
}

/** Schema problems, then the rules' problems; a rule's problem replaces the schema's at its path. */
function merge(schema: LeverProblem[], rules: LeverProblem[]): LeverProblem[] {
  const ruled = new Set(rules.map((p) => p.path));
  const out = schema.filter((p) => !ruled.has(p.path));
  const seen = new Set(out.map((p) => `${p.path}\u0000${p.message}`));
  for (const p of rules) if (!seen.has(`${p.path}\u0000${p.message}`)) out.push(p);
  return out;
}

/** Validate a scenario (as parsed from JSON or YAML). Throws ScenarioError listing every problem. */
export function validateScenario(input: unknown): Scenario {
  const problems = merge(schemaCheck(SCENARIO_SCHEMA, input), scenarioRuleProblems(input));
  if (problems.length) throw new ScenarioError(problems);
  return input as Scenario;
}

/** Validate a patch (as parsed from JSON or YAML). Throws ScenarioError listing every problem. */
export function validatePatch(input: unknown): Patch {
  const problems = merge(schemaCheck(PATCH_SCHEMA, input), patchRuleProblems(input));
  if (problems.length) throw new ScenarioError(problems);
  return input as Patch;
}
