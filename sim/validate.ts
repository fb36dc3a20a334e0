// The engine's validation of a scenario or a patch from outside (a file, a request body, a
// share link): the schema first (sim/schema, the single definition: structure, string lengths,
// numeric ranges, lever kinds and ranges), then the rules a JSON schema cannot express
// (sim/scenario.ts: unique street ids, cross-field sums, real dates). Every problem names its
// path; a lever's problem is reported with the catalogue's words (`a number in [0, 1], got 2`)
// in place of the schema's at the same path. Throws ScenarioError listing every problem.
import type { LeverProblem } from './levers.ts';
import { ScenarioError, patchRuleProblems, scenarioRuleProblems, type Patch, type Scenario } from './scenario.ts';
import { Patch as PatchSchema, Scenario as ScenarioSchema, checkAgainst } from './schema/index.ts';
import type { TSchema } from 'typebox';

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
export function schemaCheck(schema: TSchema, input: unknown): LeverProblem[] {
  return checkAgainst(schema, input).map((p) => {
    const path = p.path === '(root)' ? '' : p.path;
    const value = at(input, p.pointer);
    const got = value === undefined || p.detail === 'is not a known field' ? '' : `, got ${JSON.stringify(value)?.slice(0, 60)}`;
    return { path, message: `${p.message}${got}`, value, expected: p.detail };
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
  const problems = merge(schemaCheck(ScenarioSchema, input), scenarioRuleProblems(input));
  if (problems.length) throw new ScenarioError(problems);
  return input as Scenario;
}

/** Validate a patch (as parsed from JSON or YAML). Throws ScenarioError listing every problem. */
export function validatePatch(input: unknown): Patch {
  const problems = merge(schemaCheck(PatchSchema, input), patchRuleProblems(input));
  if (problems.length) throw new ScenarioError(problems);
  return input as Patch;
}
