// From a request to a job: resolve each scenario input (a preset or an inline scenario, patches
// stacked, `set` values on top) with the engine's own validation, check the server's caps,
// plan the engine runs with the shared experiment library (sim/experiments), and name the job
// by a content key: identical keys give identical results, so the store answers them once.
import {
  ENGINE_VERSION, METRICS, ScenarioError, canonicalJson, composeScenario, scenarioHash, sha256Hex,
  validatePatch, validateScenario, type Patch, type Scenario,
} from '../../sim/index.ts';
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import {
  checkFactors, checkPosterior, drawScenarios, factorLevels, planCompare, planSensitivity, planSweep, posteriorDraws, replicationSeeds,
  type ExperimentPlan, type Factor, type PlannedScenario, type PosteriorDocument,
} from '../../sim/experiments/index.ts';
import { getPatch, getScenario, patchIds, scenarioIds } from '../../scenarios/index.ts';
import { ApiError, fromScenarioError, joinPath } from '../plugins/errors.ts';
import type { CompareRequest, JobKind, RunRequest, SensitivityRequest, SweepRequest } from '../schemas/job.ts';
import type { ScenarioInput } from '../schemas/scenario.ts';

/** Server caps (all configurable; `LIMIT_ENV` names the environment variable of each). */
export interface Limits {
  /** Largest request body in bytes. */
  bodyBytes: number;
  /** Residents of a scenario (sum of street populations). */
  residents: number;
  days: number;
  replications: number;
  /** Engine runs in one job (scenarios or design points × replications). */
  runsPerJob: number;
  /** Queued and running jobs one client may have at once. */
  jobsPerClient: number;
  requestsPerMinute: number;
  /** Cost of one job in resident-days (runs × days × residents). */
  costPerJob: number;
  /** Cost of one client's queued and running jobs together. */
  costPerClient: number;
  /** Cost of everyone's queued and running jobs together. */
  costTotal: number;
  /** Queued and running jobs of all clients together (the global queue limit). */
  queuedJobs: number;
  /** Event streams (SSE) open at once per client, and in total. */
  sseStreamsPerClient: number;
  sseStreamsTotal: number;
  /** Open TCP connections (0 = no cap). */
  maxConnections: number;
  /** Time to receive a request's headers, the whole request, and before an idle or kept-alive connection is closed. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Event-loop delay above which requests are answered 503 (0 = off). */
  maxEventLoopDelayMs: number;
  /** Finished jobs older than this are pruned (0 = kept). */
  retentionDays: number;
  /** Stored results beyond this are pruned, oldest finished jobs first (0 = no cap). */
  maxStoreMB: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
  residents: 1_000_000,
  days: 3650,
  replications: 200,
  runsPerJob: 2000,
  jobsPerClient: 16,
  requestsPerMinute: 600,
  costPerJob: 20_000_000_000,
  costPerClient: 40_000_000_000,
  costTotal: 100_000_000_000,
  queuedJobs: 64,
  sseStreamsPerClient: 8,
  sseStreamsTotal: 256,
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxEventLoopDelayMs: 1_000,
  retentionDays: 30,
  maxStoreMB: 2048,
};

/** The environment variable that sets each cap. */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  bodyBytes: 'GOVSIM_MAX_BODY_BYTES',
  residents: 'GOVSIM_MAX_RESIDENTS',
  days: 'GOVSIM_MAX_DAYS',
  replications: 'GOVSIM_MAX_REPLICATIONS',
  runsPerJob: 'GOVSIM_MAX_RUNS_PER_JOB',
  jobsPerClient: 'GOVSIM_MAX_JOBS_PER_CLIENT',
  requestsPerMinute: 'GOVSIM_RATE_LIMIT',
  costPerJob: 'GOVSIM_MAX_COST_PER_JOB',
  costPerClient: 'GOVSIM_MAX_COST_PER_CLIENT',
  costTotal: 'GOVSIM_MAX_COST_TOTAL',
  queuedJobs: 'GOVSIM_MAX_QUEUED_JOBS',
  sseStreamsPerClient: 'GOVSIM_MAX_SSE_PER_CLIENT',
  sseStreamsTotal: 'GOVSIM_MAX_SSE_TOTAL',
  maxConnections: 'GOVSIM_MAX_CONNECTIONS',
  headersTimeoutMs: 'GOVSIM_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'GOVSIM_REQUEST_TIMEOUT_MS',
  connectionTimeoutMs: 'GOVSIM_CONNECTION_TIMEOUT_MS',
  keepAliveTimeoutMs: 'GOVSIM_KEEP_ALIVE_TIMEOUT_MS',
  maxEventLoopDelayMs: 'GOVSIM_MAX_EVENT_LOOP_DELAY_MS',
  retentionDays: 'GOVSIM_RETENTION_DAYS',
  maxStoreMB: 'GOVSIM_MAX_STORE_MB',
};

export const MAX_SEED = 0xffffffff;

/** A plan of engine runs; experiments use the library's plans as they are, a run is a one-scenario plan. */
export type Plan = Omit<ExperimentPlan, 'kind'> & { kind: JobKind };

export interface JobSpec {
  kind: JobKind;
  plan: Plan;
  /** Summary metrics to analyse (all when absent). */
  metrics?: string[];
  bootstrap?: number;
  /** A comparison over posterior draws × seeds (the plan's scenarios are draw-major: draw d, scenario k at d × K + k). */
  posterior?: PosteriorSpec;
}

/** What the analysis of a comparison under a posterior needs, besides the plan. */
export interface PosteriorSpec {
  /** Scenario ids: the baseline, then each reform (the keys of the effects). */
  keys: string[];
  draws: number;
  seedsPerDraw: number;
  /** The metrics analysed: every metric of the ensemble's run summaries. */
  metrics: string[];
  /** The particle behind each draw. */
  drawn: number[];
  source: { digest: string; engineVersion: string; base: string };
}

export const POSTERIOR_DEFAULTS = { draws: 10, seedsPerDraw: 2 };

/** The posterior document of a request, checked (400 naming `posterior` when it is not one). */
function requestPosterior(raw: unknown): PosteriorDocument {
  try {
    return checkPosterior(raw);
  } catch (e) {
    if (e instanceof RangeError) throw new ApiError(400, 'invalid_request', `posterior: ${e.message}`, { field: 'posterior', expected: 'the posterior.json written by govsim calibrate' });
    throw e;
  }
}

/** Draws and seeds per draw of a comparison under a posterior; refuses the options that do not go with it. */
function posteriorShape(req: CompareRequest): { draws: number; seedsPerDraw: number } {
  if (req.posterior === undefined) {
    for (const f of ['draws', 'seedsPerDraw'] as const) {
      if (req[f] !== undefined) throw new ApiError(400, 'invalid_request', `${f} needs a posterior`, { field: f, expected: 'a posterior, or no ' + f });
    }
    return { draws: 1, seedsPerDraw: 1 };
  }
  if (req.replications !== undefined) {
    throw new ApiError(400, 'invalid_request', 'replications cannot be combined with posterior: a posterior comparison runs draws × seedsPerDraw', { field: 'replications', expected: 'draws and seedsPerDraw instead' });
  }
  if (req.forkDay !== undefined) throw new ApiError(400, 'invalid_request', 'forkDay cannot be combined with posterior (each draw changes the model)', { field: 'forkDay', expected: 'no forkDay with posterior' });
  return { draws: req.draws ?? POSTERIOR_DEFAULTS.draws, seedsPerDraw: req.seedsPerDraw ?? POSTERIOR_DEFAULTS.seedsPerDraw };
}

export interface PlannedRequest {
  spec: JobSpec;
  key: string;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  days: number;
  replications: number;
  runs: number;
}

type AnyScenarioInput = Pick<ScenarioInput, 'preset' | 'scenario' | 'patches' | 'set'> & { label?: string };

const residentsOf = (s: Scenario) => s.district.streets.reduce((n, st) => n + st.population, 0);

/** Notes (sources, guesses, descriptions) do not change results; leave them out of stored plans. */
function withoutNotes(s: Scenario): Scenario {
  const { sources: _s, guesses: _g, description: _d, ...rest } = s as Scenario & { kind?: string; $schema?: string };
  delete (rest as { kind?: string }).kind;
  delete (rest as { $schema?: string }).$schema;
  return rest as Scenario;
}

function presetList(): string {
  return scenarioIds().join(', ');
}

/** A scenario input → a validated scenario (errors name the field under `prefix`). */
export function resolveScenarioInput(input: AnyScenarioInput, prefix: string, limits: Pick<Limits, 'residents'>): Scenario {
  const at = (f: string) => joinPath(prefix, f);
  if (input.preset !== undefined && input.scenario !== undefined) {
    throw new ApiError(400, 'invalid_request', `give either ${at('preset')} or ${at('scenario')}, not both`, { field: at('scenario') });
  }
  let base: Scenario;
  if (input.scenario !== undefined) {
    try {
      base = validateScenario(structuredClone(input.scenario));
    } catch (e) {
      if (e instanceof ScenarioError) throw fromScenarioError(e, at('scenario'));
      throw e;
    }
  } else if (input.preset !== undefined) {
    const s = getScenario(input.preset);
    if (!s) {
      const isPatch = patchIds().includes(input.preset);
      throw new ApiError(400, 'unknown_preset', isPatch
        ? `"${input.preset}" is a patch preset, not a scenario; put it in ${at('patches')}`
        : `unknown scenario preset "${input.preset}"; presets: ${presetList()} (GET /v1/presets)`,
      { field: at('preset'), expected: `one of ${presetList()}` });
    }
    base = s;
  } else {
    throw new ApiError(400, 'invalid_request', `give ${at('preset')} (a preset id) or ${at('scenario')} (a scenario object)`,
      { field: at('preset'), expected: `a preset id (${presetList()}) or a scenario object` });
  }

  const patches: Patch[] = (input.patches ?? []).map((p, i) => {
    const f = at(`patches[${i}]`);
    if (typeof p === 'string') {
      const found = getPatch(p);
      if (!found) {
        throw new ApiError(400, 'unknown_preset', `unknown patch preset "${p}"${patchIds().length ? `; patches: ${patchIds().join(', ')}` : ' (there are no patch presets yet; give the patch inline)'}`,
          { field: f, expected: 'a patch preset id or a patch object' });
      }
      return found;
    }
    try {
      return validatePatch(structuredClone(p));
    } catch (e) {
      if (e instanceof ScenarioError) throw fromScenarioError(e, f, 'patch');
      throw e;
    }
  });

  let s: Scenario;
  try {
    s = composeScenario(base, patches, input.set ?? {}, { leverPath: (id) => at(`set.${id}`) });
  } catch (e) {
    if (e instanceof ScenarioError && e.stage === 'patches') {
      const err = fromScenarioError(e, at('patches'), 'patch stack');
      throw new ApiError(400, 'patch_conflict', err.message, { field: at('patches'), problems: err.problems });
    }
    if (e instanceof ScenarioError && e.stage === 'levers') throw fromScenarioError(e, '', 'lever value');
    throw e;
  }
  if (input.label !== undefined) s = { ...s, id: input.label };
  try {
    validateScenario(s);
  } catch (e) {
    if (e instanceof ScenarioError) throw fromScenarioError(e, input.patches?.length ? at('patches') : at(input.scenario ? 'scenario' : 'preset'));
    throw e;
  }
  const residents = residentsOf(s);
  if (residents > limits.residents) {
    throw new ApiError(400, 'limit_exceeded', `the scenario has ${residents} residents; this server runs at most ${limits.residents}`,
      { field: at(input.scenario ? 'scenario.district.streets' : 'preset'), expected: `≤ ${limits.residents} residents` });
  }
  return withoutNotes(s);
}

function checkCommon(o: { days?: number; replications?: number }, limits: Limits): { days: number; reps: number } {
  const days = o.days ?? RUN_DEFAULTS.days;
  const reps = o.replications ?? RUN_DEFAULTS.replications;
  if (days > limits.days) throw new ApiError(400, 'limit_exceeded', `days ${days} is over this server's cap of ${limits.days}`, { field: 'days', expected: `an integer in [1, ${limits.days}]` });
  if (reps > limits.replications) {
    throw new ApiError(400, 'limit_exceeded', `replications ${reps} is over this server's cap of ${limits.replications}`, { field: 'replications', expected: `an integer in [1, ${limits.replications}]` });
  }
  return { days, reps };
}

/** Replication k runs with seed + k: the last seed must still be a 32-bit seed (no wrap-around). */
function checkSeed(seed: number, reps: number): void {
  if (seed + reps - 1 > MAX_SEED) {
    throw new ApiError(400, 'invalid_request', `seed ${seed} with ${reps} replications would need seeds up to ${seed + reps - 1}, past ${MAX_SEED}`,
      { field: 'seed', expected: `an integer in [0, ${MAX_SEED - reps + 1}] for ${reps} replications` });
  }
}

function checkRuns(runs: number, field: string, limits: Limits): void {
  if (runs > limits.runsPerJob) {
    throw new ApiError(400, 'limit_exceeded', `this request needs ${runs} engine runs; this server allows ${limits.runsPerJob} per job`,
      { field, expected: `≤ ${limits.runsPerJob} runs (points × replications)` });
  }
}

function checkOutputs(outputs: string[] | undefined): string[] | undefined {
  if (!outputs) return undefined;
  const known = new Set(METRICS.map((m) => m.name));
  outputs.forEach((name, i) => {
    if (!known.has(name)) throw new ApiError(400, 'invalid_request', `unknown output metric "${name}" (GET /v1/outputs lists them)`, { field: `outputs[${i}]`, expected: 'a summary metric name' });
  });
  return [...new Set(outputs)];
}

function key(o: unknown): string {
  return sha256Hex(canonicalJson(o));
}

function summaryOf(spec: JobSpec, k: string, runs: number): PlannedRequest {
  const first = spec.plan.scenarios[0];
  return {
    spec, key: k, scenarioId: first.scenario.id, scenarioHash: first.scenarioHash,
    seed: spec.plan.baseSeed, days: spec.plan.days, replications: spec.plan.reps, runs,
  };
}

export function planRunRequest(req: RunRequest, limits: Limits): PlannedRequest {
  const { days, reps } = checkCommon(req, limits);
  const seed = req.seed ?? RUN_DEFAULTS.seed;
  checkSeed(seed, reps);
  // A run's label names the job, not the scenario.
  const scenario = resolveScenarioInput({ preset: req.preset, scenario: req.scenario, patches: req.patches, set: req.set }, '', limits);
  const hash = scenarioHash(scenario);
  const seeds = replicationSeeds(seed, reps);
  const scenarios: PlannedScenario[] = [{ key: scenario.id, role: 'baseline', name: scenario.name, scenario, scenarioHash: hash, levers: {} }];
  const planHash = key({ kind: 'run', engineVersion: ENGINE_VERSION, scenarioHash: hash, seed, days, replications: reps });
  const plan: Plan = {
    kind: 'run', id: `run-${planHash.slice(0, 10)}`, planHash, engineVersion: ENGINE_VERSION, days, baseSeed: seed, reps, seeds,
    series: 'all', scenarios, jobs: seeds.map((sd, r) => ({ key: `${scenario.id}@${r}`, replication: r, seed: sd, scenarios: [0] })),
  };
  // The key is exactly what determines the results: scenario hash, seed, days, replications, engine version.
  return summaryOf({ kind: 'run', plan }, planHash, reps);
}

function experimentKey(plan: ExperimentPlan, spec: Omit<JobSpec, 'plan' | 'kind'>): string {
  const k: Record<string, unknown> = { kind: plan.kind, planHash: plan.planHash, design: plan.design ?? null, metrics: spec.metrics ?? null, bootstrap: spec.bootstrap ?? null };
  // Only comparisons under a posterior carry it (the keys of every other request stay as they were).
  if (spec.posterior) k.posterior = spec.posterior;
  return key(k);
}

function engineRangeError(e: unknown, field: string): never {
  if (e instanceof RangeError) throw new ApiError(400, 'invalid_request', e.message, { field });
  throw e;
}

export function planCompareRequest(req: CompareRequest, limits: Limits): PlannedRequest {
  if (req.posterior !== undefined) return planPosteriorCompare(req, limits);
  posteriorShape(req);
  const { days, reps } = checkCommon(req, limits);
  const seed = req.seed ?? RUN_DEFAULTS.seed;
  checkSeed(seed, reps);
  if (req.forkDay !== undefined && req.forkDay >= days) {
    throw new ApiError(400, 'invalid_request', `forkDay ${req.forkDay} must be before the last day (${days})`, { field: 'forkDay', expected: `an integer in [1, ${days - 1}]` });
  }
  checkRuns((req.reforms.length + 1) * reps, 'replications', limits);
  const baseline = resolveScenarioInput(req.baseline, 'baseline', limits);
  const reforms = req.reforms.map((r, i) => resolveScenarioInput(r, `reforms[${i}]`, limits));
  if (req.forkDay !== undefined) {
    const d = canonicalJson(baseline.district);
    reforms.forEach((r, i) => {
      if (canonicalJson(r.district) !== d) {
        throw new ApiError(400, 'invalid_request', `a warm-start fork may change levers only; reforms[${i}] has a different district from the baseline`, { field: `reforms[${i}]` });
      }
    });
  }
  let plan: ExperimentPlan;
  try {
    plan = planCompare({ baseline, reforms, days, reps, baseSeed: seed, forkDay: req.forkDay, series: 'all' });
  } catch (e) {
    engineRangeError(e, 'reforms');
  }
  const spec: JobSpec = { kind: 'compare', plan };
  return summaryOf(spec, experimentKey(plan, spec), plan.scenarios.length * reps);
}

/**
 * A comparison under a posterior, planned exactly as `govsim compare --posterior` plans it: D
 * particles drawn by weight (seeded by the base seed), each scenario run on each draw with seeds
 * seed … seed + S − 1, paired across scenarios.
 */
function planPosteriorCompare(req: CompareRequest, limits: Limits): PlannedRequest {
  const { draws: D, seedsPerDraw: S } = posteriorShape(req);
  const days = checkCommon({ days: req.days }, limits).days;
  const seed = req.seed ?? RUN_DEFAULTS.seed;
  checkSeed(seed, S);
  checkRuns((req.reforms.length + 1) * D * S, 'draws', limits);
  const post = requestPosterior(req.posterior);
  const baseline = resolveScenarioInput(req.baseline, 'baseline', limits);
  const reforms = req.reforms.map((r, i) => resolveScenarioInput(r, `reforms[${i}]`, limits));
  let plan: ExperimentPlan;
  let drawn: number[];
  try {
    const draws = posteriorDraws(post, D, seed);
    drawn = draws.map((d) => d.particle);
    const all = drawScenarios([baseline, ...reforms], draws);
    plan = planCompare({ baseline: all[0], reforms: all.slice(1), days, reps: S, baseSeed: seed, series: 'all' });
  } catch (e) {
    if (e instanceof ScenarioError) throw fromScenarioError(e, '', 'posterior');
    engineRangeError(e, 'posterior');
  }
  const posterior: PosteriorSpec = {
    keys: [baseline.id, ...reforms.map((r) => r.id)], draws: D, seedsPerDraw: S,
    metrics: Object.keys(post.particles[0]?.summary ?? {}), drawn,
    source: { digest: post.digest, engineVersion: post.engineVersion, base: post.base.id },
  };
  const spec: JobSpec = { kind: 'compare', plan, posterior };
  return summaryOf(spec, experimentKey(plan, spec), plan.scenarios.length * S);
}

function checkFactorList(factors: Factor[]): void {
  const problems = checkFactors(factors, 'factors');
  if (problems.length) throw fromScenarioError(new ScenarioError(problems), '', 'factors');
}

function designPoints(method: string, factors: Factor[], o: { samples?: number; trajectories?: number }, cap: number): number {
  const k = factors.length;
  if (method === 'factorial') {
    let n = 1;
    for (const f of factors) {
      n *= factorLevels(f).length;
      if (n > cap) return n;
    }
    return n;
  }
  if (method === 'lhs') return o.samples ?? 10;
  if (method === 'morris') return (o.trajectories ?? 10) * (k + 1);
  return (o.samples ?? 64) * (k + 2);
}

export function planSweepRequest(req: SweepRequest, limits: Limits): PlannedRequest {
  const { days, reps } = checkCommon(req, limits);
  const seed = req.seed ?? RUN_DEFAULTS.seed;
  checkSeed(seed, reps);
  checkFactorList(req.factors);
  const points = designPoints(req.method, req.factors, req, limits.runsPerJob);
  checkRuns(points * reps, req.method === 'lhs' ? 'samples' : 'factors', limits);
  const base = resolveScenarioInput(req.base, 'base', limits);
  let plan: ExperimentPlan;
  try {
    plan = planSweep({ base, factors: req.factors, method: req.method, samples: req.samples, days, reps, baseSeed: seed, designSeed: req.designSeed, series: 'all' });
  } catch (e) {
    engineRangeError(e, 'factors');
  }
  const spec: JobSpec = { kind: 'sweep', plan };
  return summaryOf(spec, experimentKey(plan, spec), plan.scenarios.length * reps);
}

export function planSensitivityRequest(req: SensitivityRequest, limits: Limits): PlannedRequest {
  const { days, reps } = checkCommon(req, limits);
  const seed = req.seed ?? RUN_DEFAULTS.seed;
  checkSeed(seed, reps);
  checkFactorList(req.factors);
  const points = designPoints(req.method, req.factors, req, limits.runsPerJob);
  checkRuns(points * reps, req.method === 'morris' ? 'trajectories' : 'samples', limits);
  const metrics = checkOutputs(req.outputs);
  const base = resolveScenarioInput(req.base, 'base', limits);
  let plan: ExperimentPlan;
  try {
    plan = planSensitivity({
      base, factors: req.factors, method: req.method, trajectories: req.trajectories, levels: req.levels, samples: req.samples,
      days, reps, baseSeed: seed, designSeed: req.designSeed, series: 'none',
    });
  } catch (e) {
    engineRangeError(e, 'factors');
  }
  const spec: JobSpec = { kind: 'sensitivity', plan, metrics, bootstrap: req.bootstrap };
  return summaryOf(spec, experimentKey(plan, spec), plan.scenarios.length * reps);
}

// ---------------------------------------------------------------------------------------------
// Cost before work, and compact plans.
//
// A request's cost (engine runs × days × residents, in resident-days) is computed from the
// request alone, without planning, so that caps are checked before any CPU is spent on it.
// A job's plan is not stored expanded: the store keeps the request and a compact spec (plan id
// and hash, seeds, scenario keys), and the plan is regenerated from the request when the job
// runs (planning is deterministic; the hash is checked).

export type AnyRequest = RunRequest | CompareRequest | SweepRequest | SensitivityRequest;

export interface Estimate {
  runs: number;
  days: number;
  /** Residents summed over the scenarios a replication runs (a design point counts its base's). */
  residents: number;
  /** Resident-days: the unit of the cost caps. */
  cost: number;
}

/** Residents of each preset's district (patches and `set` change levers only, never the district). */
const presetResidents = new Map<string, number>();

/**
 * Residents of a scenario input without resolving it: a preset's district (looked up once), or
 * the street populations of an inline scenario as given. Patches and lever values are not
 * checked here: that is the planner's work, off the event loop (a compare of 2,000 reforms
 * resolved here held the event loop for 0.2–1.2 s per request, before any cap was checked).
 * An inline scenario whose streets cannot be summed is resolved here, for its precise error.
 */
function residentsOfInput(input: AnyScenarioInput, prefix: string, limits: Pick<Limits, 'residents'>): number {
  let residents: number | undefined;
  if (input.preset !== undefined && input.scenario === undefined) {
    residents = presetResidents.get(input.preset);
    if (residents === undefined && getScenario(input.preset)) {
      residents = residentsOf(getScenario(input.preset)!);
      presetResidents.set(input.preset, residents);
    }
  } else if (input.scenario !== undefined && input.preset === undefined) {
    const streets = (input.scenario as { district?: { streets?: unknown } })?.district?.streets;
    if (Array.isArray(streets) && streets.length > 0 && streets.every((st) => Number.isSafeInteger((st as { population?: unknown })?.population) && (st as { population: number }).population > 0)) {
      residents = streets.reduce((n: number, st) => n + (st as { population: number }).population, 0);
    }
  }
  if (residents === undefined) return residentsOf(resolveScenarioInput(input, prefix, limits));
  if (residents > limits.residents) {
    throw new ApiError(400, 'limit_exceeded', `the scenario has ${residents} residents; this server runs at most ${limits.residents}`,
      { field: joinPath(prefix, input.scenario ? 'scenario.district.streets' : 'preset'), expected: `≤ ${limits.residents} residents` });
  }
  return residents;
}

/**
 * The request as a canonical key, without planning: every field the results depend on, with
 * defaults filled in, in canonical JSON (sorted keys), labels of the job left out. Two bodies
 * that differ only in key order, whitespace, or spelling out a default give the same key, so
 * the second joins the first while it is under way (also at the caps).
 */
export function requestKey(kind: JobKind, body: AnyRequest): string {
  const { label: _label, ...rest } = body as AnyRequest & { label?: string };
  const norm: Record<string, unknown> = {
    ...rest, seed: body.seed ?? RUN_DEFAULTS.seed, days: body.days ?? RUN_DEFAULTS.days, replications: body.replications ?? RUN_DEFAULTS.replications,
  };
  const scenario = (x: AnyScenarioInput | undefined) => x && ({ ...x, patches: x.patches?.length ? x.patches : undefined, set: x.set && Object.keys(x.set).length ? x.set : undefined });
  if (kind === 'run') {
    const r = body as RunRequest;
    Object.assign(norm, scenario({ preset: r.preset, scenario: r.scenario, patches: r.patches, set: r.set }));
  } else if (kind === 'compare') {
    const c = body as CompareRequest;
    norm.baseline = scenario(c.baseline);
    norm.reforms = c.reforms.map(scenario);
  } else {
    const x = body as { base: AnyScenarioInput; method: string; samples?: number; trajectories?: number; levels?: number };
    norm.base = scenario(x.base);
    if (x.method === 'lhs') norm.samples = x.samples ?? 10;
    if (x.method === 'sobol') norm.samples = x.samples ?? 64;
    if (x.method === 'morris') {
      norm.trajectories = x.trajectories ?? 10;
      norm.levels = x.levels ?? 4;
    }
  }
  return key({ kind, engineVersion: ENGINE_VERSION, request: JSON.parse(JSON.stringify(norm)) as unknown });
}

/** The cost of a request from the request alone (no planning, no scenario resolved beyond its residents); 400 over a per-job cap. */
export function estimateRequest(kind: JobKind, body: AnyRequest, limits: Limits): Estimate {
  const { days, reps } = checkCommon(body, limits);
  checkSeed(body.seed ?? RUN_DEFAULTS.seed, reps);
  let runs: number;
  let residentsPerRep: number;
  if (kind === 'run') {
    const r = body as RunRequest;
    runs = reps;
    residentsPerRep = residentsOfInput({ preset: r.preset, scenario: r.scenario, patches: r.patches, set: r.set }, '', limits);
  } else if (kind === 'compare') {
    const c = body as CompareRequest;
    const { draws, seedsPerDraw } = posteriorShape(c);
    if (c.posterior !== undefined) checkSeed(c.seed ?? RUN_DEFAULTS.seed, seedsPerDraw);
    // Under a posterior every scenario runs draws × seedsPerDraw times (replications is refused).
    runs = (c.reforms.length + 1) * reps * draws * seedsPerDraw;
    checkRuns(runs, c.posterior !== undefined ? 'draws' : 'replications', limits);
    residentsPerRep = residentsOfInput(c.baseline, 'baseline', limits)
      + c.reforms.reduce((n, r, i) => n + residentsOfInput(r, `reforms[${i}]`, limits), 0);
  } else {
    const x = body as SweepRequest | SensitivityRequest;
    checkFactorList(x.factors);
    const points = designPoints(x.method, x.factors, x, limits.runsPerJob);
    runs = points * reps;
    checkRuns(runs, x.method === 'lhs' || x.method === 'sobol' ? 'samples' : x.method === 'morris' ? 'trajectories' : 'factors', limits);
    residentsPerRep = residentsOfInput(x.base, 'base', limits) * points;
  }
  const residents = residentsPerRep;
  const perScenarioRuns = kind === 'compare' ? runs / ((body as CompareRequest).reforms.length + 1) : reps;
  const cost = residentsPerRep * perScenarioRuns * days;
  if (cost > limits.costPerJob) {
    throw new ApiError(400, 'limit_exceeded', `this request costs ${cost.toExponential(3)} resident-days (${runs} runs × ${days} days × residents); this server allows ${limits.costPerJob.toExponential(3)} per job`,
      { field: kind === 'run' ? 'replications' : 'days', expected: `≤ ${limits.costPerJob} resident-days (runs × days × residents)` });
  }
  return { runs, days, residents, cost };
}

/** What the store keeps of a plan: enough to list, read and check it, not the scenarios. */
export interface CompactSpec {
  kind: JobKind;
  compact: 1;
  planId: string;
  planHash: string;
  engineVersion: string;
  seeds: number[];
  scenarioKeys: string[];
  runsTotal: number;
}

/** A planned request without its expanded plan (what a planning thread sends back). */
export interface PlannedSummary extends Omit<PlannedRequest, 'spec'> {
  kind: JobKind;
  engineVersion: string;
  scenarios: number;
  runsTotal: number;
  /** JSON text of the compact spec. */
  spec: string;
}

/** Plan a request (validation, caps, content key) and keep only the compact spec. */
export function planRequest(kind: JobKind, body: AnyRequest, limits: Limits): { planned: PlannedRequest; summary: PlannedSummary } {
  const planned = kind === 'run' ? planRunRequest(body as RunRequest, limits)
    : kind === 'compare' ? planCompareRequest(body as CompareRequest, limits)
      : kind === 'sweep' ? planSweepRequest(body as SweepRequest, limits)
        : planSensitivityRequest(body as SensitivityRequest, limits);
  const plan = planned.spec.plan;
  const compact: CompactSpec = {
    kind, compact: 1, planId: plan.id, planHash: plan.planHash, engineVersion: plan.engineVersion, seeds: plan.seeds,
    scenarioKeys: plan.scenarios.map((x) => x.key), runsTotal: plan.jobs.length,
  };
  const { spec: _spec, ...rest } = planned;
  return {
    planned,
    summary: { ...rest, kind, engineVersion: plan.engineVersion, scenarios: plan.scenarios.length, runsTotal: plan.jobs.length, spec: JSON.stringify(compact) },
  };
}

/** Caps that never refuse: a stored request is regenerated under any later setting. */
export const NO_LIMITS: Limits = Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, Number.MAX_SAFE_INTEGER])) as unknown as Limits;

/** The spec stored for a job: a compact one, or (stores written before) a whole plan. */
export type StoredSpec = CompactSpec | JobSpec;

export const isCompact = (s: StoredSpec): s is CompactSpec => (s as CompactSpec).compact === 1;

/** Seeds, scenario keys and plan id of a stored spec, whichever its form. */
export function specInfo(s: StoredSpec): { planId: string; seeds: number[]; scenarioKeys: string[] } {
  if (isCompact(s)) return { planId: s.planId, seeds: s.seeds, scenarioKeys: s.scenarioKeys };
  return { planId: s.plan.id, seeds: s.plan.seeds, scenarioKeys: s.plan.scenarios.map((x) => x.key) };
}

/** The regenerated plan of a stored request; throws when it no longer gives the stored hash. */
export function regenerate(kind: JobKind, body: AnyRequest, compact: CompactSpec): JobSpec {
  const { planned } = planRequest(kind, body, NO_LIMITS);
  if (planned.spec.plan.planHash !== compact.planHash) {
    throw new ApiError(409, 'engine_changed', `the job was planned for engine ${compact.engineVersion} and this server runs ${ENGINE_VERSION}; submit it again`);
  }
  return planned.spec;
}
