// Small fixed experiments whose analysis digests (sim/experiments analysisDigest) are recorded in
// test/sim/golden.json next to the run digests, per engine version: a compare, a factorial
// sweep, a Morris and a Sobol sensitivity analysis and a Shapley decomposition of the training
// preset, with few days and replications so that all of them take a few seconds. A change to the
// statistics (sim/experiments/stats.ts, analysis.ts, morris.ts, sobol.ts, shapley.ts) changes one
// of these digests, and so needs a version bump like any change of run output.
import type { Scenario } from '../sim/index.ts';
import {
  analysisDigest, buildDocument, decompose, executeJob, planCompare, planSensitivity, planSweep, replicationSeed,
  type ExperimentPlan, type OutputTable,
} from '../sim/experiments/index.ts';
import { getScenario } from '../scenarios/index.ts';

const DAYS = 15;
const SEED = 11;
const METRICS = ['rate.resolution', 'rate.satisfaction', 'time.median'];

const base = (): Scenario => getScenario('training')!;
const withLevers = (id: string, levers: Scenario['levers']): Scenario => ({ ...base(), id, levers: { ...base().levers, ...levers } });
const FACTORS = [
  { lever: 'staffing.departmentStaff', min: 40, max: 120 },
  { lever: 'workforce.payYuan', min: 2500, max: 5000 },
];

/** Every planned run, in process, summaries only. */
export function executePlan(plan: ExperimentPlan): OutputTable {
  return plan.scenarios.map((s) => plan.seeds.map((seed) => executeJob({ scenario: s.scenario, seed, days: plan.days, series: 'none' })[0]));
}

/** The analysis document of a plan (what the CLI writes as experiment.json, without timing). */
export function analysisOf(plan: ExperimentPlan, table = executePlan(plan)): ReturnType<typeof buildDocument> {
  return buildDocument(plan, table, { command: 'golden', bootstrap: 20, metrics: METRICS });
}

/** Shapley decomposition of two lever changes over every subset (common random numbers across subsets). */
export function decompositionOf(reps = 2): { decomposition: Record<string, ReturnType<typeof decompose>> } {
  const changes: Scenario['levers'][] = [{ 'staffing.departmentStaff': 120 }, { 'workforce.payYuan': 5000 }];
  const values: Record<string, Map<number, number>[]> = Object.fromEntries(METRICS.map((m) => [m, []]));
  for (let r = 0; r < reps; r++) {
    const seed = replicationSeed(SEED, r);
    for (const m of METRICS) values[m].push(new Map());
    for (let mask = 0; mask < 1 << changes.length; mask++) {
      const levers = Object.assign({}, ...changes.filter((_, i) => mask & (1 << i)));
      const out = executeJob({ scenario: withLevers(`subset-${mask}`, levers), seed, days: DAYS, series: 'none' })[0];
      for (const m of METRICS) values[m][r].set(mask, out.summary[m]);
    }
  }
  return { decomposition: Object.fromEntries(METRICS.map((m) => [m, decompose(changes.length, values[m])])) };
}

/** The fixed plans, by golden key. */
export const ANALYSIS_PLANS: Record<string, () => ExperimentPlan> = {
  'analysis/compare': () => planCompare({ baseline: base(), reforms: [withLevers('more-dept-staff', { 'staffing.departmentStaff': 120 })], days: DAYS, reps: 3, baseSeed: SEED }),
  'analysis/sweep-factorial': () => planSweep({ base: base(), factors: [{ ...FACTORS[0], levels: 2 }], method: 'factorial', days: DAYS, reps: 2, baseSeed: SEED }),
  'analysis/morris': () => planSensitivity({ base: base(), factors: FACTORS, method: 'morris', trajectories: 2, levels: 4, days: DAYS, reps: 1, baseSeed: SEED }),
  'analysis/sobol': () => planSensitivity({ base: base(), factors: FACTORS, method: 'sobol', samples: 4, days: DAYS, reps: 1, baseSeed: SEED }),
};

/** Every golden analysis digest, by key. */
export function analysisDigests(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, plan] of Object.entries(ANALYSIS_PLANS)) out[key] = analysisDigest(analysisOf(plan()));
  out['analysis/shapley'] = analysisDigest(decompositionOf());
  return out;
}

