// The engine's public face (at most 30 values: test/sim/public-face.test.ts). A run is a pure
// function of (scenario, seed, engine version):
//   run(scenario, { seed, days }) → RunResult
// plus a stepping API for the sandbox (createSimulation, stepDays, readSeries, finish),
// scenarios and patches, the lever catalogue, the result's series and metrics, and snapshots
// for warm-start forks. The other entry points: sim/experiments/index.ts (designs, jobs and
// statistics; it imports only this file), sim/schema/index.ts (the TypeBox schemas),
// sim/inspect.ts (the sandbox's views into a running simulation), sim/taxonomy.ts (issue,
// level and housing labels), sim/calendar.ts (dates), sim/csv.ts (the CSV writer),
// sim/run-defaults.ts, and, for callers that must start fast without the engine (`govsim
// presets`, the preset registry; the sandbox page, which loads no engine code, parses lever text
// with sim/levers.ts), sim/scenario.ts (types, and the rules beyond the schema), sim/levers.ts and sim/version.ts, which this file
// re-exports. Everything else under sim/ is private: code in api/, viz/, scripts/, bench/ and
// bin/ may import only these files (scripts/check-cycles.mjs SIM_ENTRY_POINTS, enforced by
// `npm run check:cycles` and test/sim/public-face.test.ts, with two named exceptions there).
import { buildResult, type RunResult } from './result.ts';
import type { Scenario } from './scenario.ts';
import { validateScenario } from './validate.ts';
import { stepDay } from './step.ts';
import { createWorld, type World } from './world.ts';
import { SERIES, SERIES_INDEX } from './recorder.ts';

export type { RunResult, Manifest } from './result.ts';
export { verifyDigest } from './result.ts';
export type { Scenario, Patch, DistrictSpec, StreetSpec, PatchConflict } from './scenario.ts';
export { validateScenario, validatePatch } from './validate.ts';
export {
  applyPatches, composeScenario, findConflicts, withLevers, resolvedLevers, scenarioHash, ScenarioError,
} from './scenario.ts';
export type { Lever, LeverGroup, LeverValue, LeverValues, Bilingual, LeverProblem } from './levers.ts';
export { LEVERS, LEVER_GROUPS, getLever, checkLeverValue, parseLeverText, describeExpected } from './levers.ts';
export { SERIES, type SeriesInfo } from './recorder.ts';
export { METRICS, type MetricInfo } from './summary.ts';
export { ENGINE_VERSION } from './version.ts';
export { snapshot, restore, type Snapshot } from './snapshot.ts';
export { canonicalJson, sha256Hex } from './digest.ts';
export type { World as Simulation } from './world.ts';
export type { Places, PlaceFigures } from './places.ts';

export interface RunOptions {
  seed: number;
  days: number;
  /** Called with (days done, days in all) every `progressEvery` days. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export const MAX_DAYS = 3650;

function checkOptions(o: { seed: unknown; days: unknown }): void {
  if (typeof o.seed !== 'number' || !Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 4294967295], got ${JSON.stringify(o.seed)}`);
  }
  if (typeof o.days !== 'number' || !Number.isInteger(o.days) || o.days < 1 || o.days > MAX_DAYS) {
    throw new RangeError(`days must be an integer in [1, ${MAX_DAYS}], got ${JSON.stringify(o.days)}`);
  }
}

/** Build a simulation at day 0 (validates the scenario and options). */
export function createSimulation(scenario: Scenario, opts: { seed: number; days: number }): World {
  checkOptions(opts);
  const s = validateScenario(scenario);
  return createWorld(s, { seed: opts.seed, days: opts.days });
}

/** Step `n` days (stops at MAX_DAYS). */
export function stepDays(sim: World, n: number): void {
  const end = Math.min(MAX_DAYS, sim.day + Math.max(0, Math.floor(n)));
  while (sim.day < end) stepDay(sim);
}

/** Copy of the named series (all by default) from day `from` to the current day. */
export function readSeries(sim: World, names?: string[], from = 0): { from: number; to: number; values: Record<string, Float64Array> } {
  const to = sim.recorder.days;
  const out: Record<string, Float64Array> = {};
  for (const n of names ?? SERIES.map((s) => s.name)) {
    const i = SERIES_INDEX[n];
    if (i === undefined) throw new RangeError(`unknown series "${n}"`);
    out[n] = sim.recorder.values[i].slice(Math.max(0, from), to);
  }
  return { from: Math.max(0, from), to, values: out };
}

/** The result of the simulation as stepped so far. */
export function finish(sim: World): RunResult {
  return buildResult(sim);
}

/** Run a scenario for `days` days from a seed. */
export function run(scenario: Scenario, opts: RunOptions): RunResult {
  const sim = createSimulation(scenario, opts);
  const every = Math.max(1, opts.progressEvery ?? 30);
  while (sim.day < opts.days) {
    stepDays(sim, Math.min(every, opts.days - sim.day));
    opts.onProgress?.(sim.day, opts.days);
  }
  return buildResult(sim);
}

/** Plain-JSON form of a result (typed arrays → arrays, NaN → null). */
export function resultToJson(r: RunResult): unknown {
  const values: Record<string, (number | null)[]> = {};
  for (const n of r.series.names) values[n] = Array.from(r.series.values[n], (x) => (Number.isFinite(x) ? x : null));
  const summary: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(r.summary)) summary[k] = Number.isFinite(v) ? v : null;
  return { ...r, summary, series: { ...r.series, values } };
}
