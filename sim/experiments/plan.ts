// An experiment plan: the scenarios (baseline and reforms, or design points), the seeds of the
// replications (common random numbers), and the jobs in a fixed order (replication by
// replication, so an interrupted run holds whole paired sets). The plan hash names the
// experiment: finished runs saved under it can be picked up again by a resumed run.
import {
  ENGINE_VERSION, canonicalJson, resolvedLevers, scenarioHash, sha256Hex, withLevers,
  type Bilingual, type LeverValue, type LeverValues, type Scenario,
} from '../index.ts';
import { fullFactorial, latinHypercube } from './designs.ts';
import { factorLevels, factorUnit, factorValue, type Factor } from './factors.ts';
import type { RunJob, SeriesRequest } from './job.ts';
import { morrisDesign, type MorrisDesign } from './morris.ts';
import { saltelliDesign, type SaltelliDesign } from './sobol.ts';
import { replicationSeeds } from './seeds.ts';

export type ExperimentKind = 'compare' | 'sweep' | 'sensitivity';

export interface PlannedScenario {
  /** Unique key within the experiment (the scenario id, or p0000 for design points). */
  key: string;
  role: 'baseline' | 'reform' | 'point';
  name: Bilingual;
  scenario: Scenario;
  scenarioHash: string;
  /** Levers whose resolved value differs from the baseline's (or the design point's levers). */
  levers: LeverValues;
}

export interface PlannedJob {
  key: string;
  replication: number;
  seed: number;
  /** Scenario indices the job yields outputs for: one, or for a fork the trunk then the branches. */
  scenarios: number[];
}

export interface DesignInfo {
  method: 'factorial' | 'lhs' | 'morris' | 'sobol';
  factors: Factor[];
  /** Unit coordinates of every point as run (after snapping to lever steps). */
  units: number[][];
  morris?: Omit<MorrisDesign, 'points'>;
  sobol?: Omit<SaltelliDesign, 'points'>;
  seed: number;
}

export interface ExperimentPlan {
  kind: ExperimentKind;
  id: string;
  planHash: string;
  engineVersion: string;
  days: number;
  baseSeed: number;
  reps: number;
  seeds: number[];
  series: SeriesRequest;
  forkDay?: number;
  scenarios: PlannedScenario[];
  jobs: PlannedJob[];
  design?: DesignInfo;
}

function changedLevers(base: Scenario, s: Scenario): LeverValues {
  const a = resolvedLevers(base);
  const b = resolvedLevers(s);
  const out: LeverValues = {};
  for (const k of Object.keys(b).sort()) if (canonicalJson(a[k]) !== canonicalJson(b[k])) out[k] = b[k];
  return out;
}

function finishPlan(p: Omit<ExperimentPlan, 'id' | 'planHash' | 'engineVersion'>): ExperimentPlan {
  const planHash = sha256Hex(canonicalJson({
    kind: p.kind, engineVersion: ENGINE_VERSION, days: p.days, seeds: p.seeds, series: p.series, forkDay: p.forkDay ?? null,
    scenarios: p.scenarios.map((s) => [s.key, s.scenarioHash]), jobs: p.jobs.map((j) => j.key),
  }));
  return { ...p, id: `${p.kind}-${planHash.slice(0, 10)}`, planHash, engineVersion: ENGINE_VERSION };
}

function uniqueKeys(ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  });
}

function checkCommon(o: { days: number; reps: number; baseSeed: number }): void {
  if (!(Number.isInteger(o.reps) && o.reps >= 1)) throw new RangeError(`reps must be an integer ≥ 1, got ${o.reps}`);
  if (!(Number.isInteger(o.days) && o.days >= 1)) throw new RangeError(`days must be an integer ≥ 1, got ${o.days}`);
  if (!(Number.isInteger(o.baseSeed) && o.baseSeed >= 0 && o.baseSeed <= 0xffffffff)) throw new RangeError(`seed must be an integer in [0, 4294967295], got ${o.baseSeed}`);
}

/** Replications job order: replication-major, scenario-minor. */
function replicationJobs(keys: string[], seeds: number[]): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  seeds.forEach((seed, r) => keys.forEach((key, s) => jobs.push({ key: `${key}@${r}`, replication: r, seed, scenarios: [s] })));
  return jobs;
}

export interface CompareSpec {
  baseline: Scenario;
  reforms: Scenario[];
  days: number;
  reps: number;
  baseSeed: number;
  series?: SeriesRequest;
  /** Warm start: every reform continues from a snapshot of the baseline taken on this day. */
  forkDay?: number;
}

export function planCompare(spec: CompareSpec): ExperimentPlan {
  checkCommon(spec);
  if (spec.reforms.length === 0) throw new RangeError('a comparison needs at least one reform');
  if (spec.forkDay !== undefined && !(Number.isInteger(spec.forkDay) && spec.forkDay >= 1 && spec.forkDay < spec.days)) {
    throw new RangeError(`fork day must be an integer in [1, ${spec.days - 1}], got ${spec.forkDay}`);
  }
  const all = [spec.baseline, ...spec.reforms];
  const keys = uniqueKeys(all.map((s) => s.id));
  const scenarios: PlannedScenario[] = all.map((s, i) => ({
    key: keys[i], role: i === 0 ? 'baseline' : 'reform', name: s.name, scenario: s, scenarioHash: scenarioHash(s),
    levers: i === 0 ? {} : changedLevers(spec.baseline, s),
  }));
  const seeds = replicationSeeds(spec.baseSeed, spec.reps);
  const jobs = spec.forkDay === undefined ? replicationJobs(keys, seeds)
    : seeds.map((seed, r) => ({ key: `fork@${r}`, replication: r, seed, scenarios: all.map((_, i) => i) }));
  return finishPlan({ kind: 'compare', days: spec.days, baseSeed: spec.baseSeed, reps: spec.reps, seeds, series: spec.series ?? 'all', forkDay: spec.forkDay, scenarios, jobs });
}

function pointScenarios(base: Scenario, factors: Factor[], values: LeverValue[][]): PlannedScenario[] {
  const width = Math.max(4, String(values.length - 1).length);
  return values.map((row, i) => {
    const levers: LeverValues = {};
    factors.forEach((f, j) => { levers[f.lever] = row[j]; });
    const key = `p${String(i).padStart(width, '0')}`;
    const s = { ...withLevers(base, levers), id: `${base.id}@${key}` };
    return { key, role: 'point' as const, name: base.name, scenario: s, scenarioHash: scenarioHash(s), levers };
  });
}

export interface SweepSpec {
  base: Scenario;
  factors: Factor[];
  method: 'factorial' | 'lhs';
  /** Points of a Latin hypercube. */
  samples?: number;
  days: number;
  reps: number;
  baseSeed: number;
  /** Seed of the design (the Latin hypercube); defaults to baseSeed. */
  designSeed?: number;
  series?: SeriesRequest;
}

export function planSweep(spec: SweepSpec): ExperimentPlan {
  checkCommon(spec);
  const designSeed = spec.designSeed ?? spec.baseSeed;
  let values: LeverValue[][];
  if (spec.method === 'factorial') values = fullFactorial(spec.factors.map(factorLevels));
  else {
    const n = spec.samples ?? 10;
    if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`samples must be an integer ≥ 2, got ${n}`);
    values = latinHypercube(n, spec.factors.length, designSeed).map((u) => u.map((x, j) => factorValue(spec.factors[j], x)));
  }
  const scenarios = pointScenarios(spec.base, spec.factors, values);
  const units = values.map((row) => row.map((v, j) => factorUnit(spec.factors[j], v)));
  const seeds = replicationSeeds(spec.baseSeed, spec.reps);
  return finishPlan({
    kind: 'sweep', days: spec.days, baseSeed: spec.baseSeed, reps: spec.reps, seeds, series: spec.series ?? 'all', scenarios,
    jobs: replicationJobs(scenarios.map((s) => s.key), seeds), design: { method: spec.method, factors: spec.factors, units, seed: designSeed },
  });
}

export interface SensitivitySpec {
  base: Scenario;
  factors: Factor[];
  method: 'morris' | 'sobol';
  /** Morris: trajectories (default 10) and grid levels (default 4). */
  trajectories?: number;
  levels?: number;
  /** Sobol: base sample size n (cost n·(k+2) points). */
  samples?: number;
  days: number;
  reps: number;
  baseSeed: number;
  designSeed?: number;
  series?: SeriesRequest;
}

export function planSensitivity(spec: SensitivitySpec): ExperimentPlan {
  checkCommon(spec);
  const k = spec.factors.length;
  const designSeed = spec.designSeed ?? spec.baseSeed;
  let unitsDesign: number[][];
  const design: DesignInfo = { method: spec.method, factors: spec.factors, units: [], seed: designSeed };
  if (spec.method === 'morris') {
    const r = spec.trajectories ?? 10;
    if (!(Number.isInteger(r) && r >= 2)) throw new RangeError(`trajectories must be an integer ≥ 2, got ${r}`);
    const md = morrisDesign(k, r, designSeed, spec.levels ?? 4);
    unitsDesign = md.points;
    const { points: _p, ...rest } = md;
    design.morris = rest;
  } else {
    const n = spec.samples ?? 64;
    if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`samples must be an integer ≥ 2, got ${n}`);
    const sd = saltelliDesign(n, k, designSeed);
    unitsDesign = sd.points;
    design.sobol = { n, k };
  }
  const values = unitsDesign.map((u) => u.map((x, j) => factorValue(spec.factors[j], x)));
  design.units = values.map((row) => row.map((v, j) => factorUnit(spec.factors[j], v)));
  const scenarios = pointScenarios(spec.base, spec.factors, values);
  const seeds = replicationSeeds(spec.baseSeed, spec.reps);
  return finishPlan({
    kind: 'sensitivity', days: spec.days, baseSeed: spec.baseSeed, reps: spec.reps, seeds, series: spec.series ?? 'none', scenarios,
    jobs: replicationJobs(scenarios.map((s) => s.key), seeds), design,
  });
}

/** What an executor runs for a planned job. */
export function jobPayload(plan: ExperimentPlan, job: PlannedJob): RunJob {
  const [first, ...rest] = job.scenarios;
  const payload: RunJob = { scenario: plan.scenarios[first].scenario, seed: job.seed, days: plan.days, series: plan.series };
  if (plan.forkDay !== undefined) payload.fork = { day: plan.forkDay, branches: rest.map((i) => plan.scenarios[i].scenario) };
  return payload;
}
