// Jobs at the HTTP boundary: a run request (one scenario, some replications) and the three
// experiment requests (compare, sweep, sensitivity), the status every job reports, the list of
// past jobs, and the results. Runs and experiments are one concept in the store (a plan of
// engine runs); only their requests and result bodies differ.
import { Manifest as SimManifest, RunResult as SimRunResult } from '../../sim/schema/index.ts';
import { Type, type Static } from 'typebox';
import { MAX_DAYS } from '../../sim/index.ts';
import { LiteralUnion, Nullable, NumberOrNull } from './common.ts';
import { LeverValue, LeverValues, ScenarioInput } from './scenario.ts';

const Seed = Type.Integer({ minimum: 0, maximum: 0xffffffff, description: 'Base seed; replication k runs with seed + k (common random numbers). Default 1.' });
const Days = Type.Integer({ minimum: 1, maximum: MAX_DAYS, description: 'Days to simulate. Default 365 (the server may cap it lower).' });
const Replications = Type.Integer({ minimum: 1, maximum: 10_000, description: 'Replications (seeds seed, seed+1, …). Default 1 (the server caps it).' });
const Label = Type.String({ maxLength: 200, description: 'Free text to find the job by later.' });
const Outputs = Type.Array(Type.String({ maxLength: 80 }), {
  minItems: 1, maxItems: 200, description: 'Summary metrics to compute indices for (GET /v1/outputs); all by default.',
});

export const RunRequest = Type.Object({
  preset: ScenarioInput.properties.preset,
  scenario: ScenarioInput.properties.scenario,
  patches: ScenarioInput.properties.patches,
  set: ScenarioInput.properties.set,
  seed: Type.Optional(Seed),
  days: Type.Optional(Days),
  replications: Type.Optional(Replications),
  label: Type.Optional(Label),
}, {
  additionalProperties: false, title: 'RunRequest',
  description: 'Exactly one of `preset` and `scenario`; `patches` stack in order; `set` lever values apply last.',
});
export type RunRequest = Static<typeof RunRequest>;

export const CompareRequest = Type.Object({
  baseline: ScenarioInput,
  reforms: Type.Array(ScenarioInput, { minItems: 1, maxItems: 20 }),
  seed: Type.Optional(Seed),
  days: Type.Optional(Days),
  replications: Type.Optional(Replications),
  forkDay: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS - 1, description: 'Warm start: reforms continue from a snapshot of the baseline taken on this day.' })),
  posterior: Type.Optional(Type.Object({}, {
    additionalProperties: true,
    description: 'A posterior ensemble (the posterior.json `govsim calibrate` writes, as a JSON object; its digest is checked). Each replication then runs on a posterior draw × seed, '
      + 'paired across scenarios, as `govsim compare --posterior`; `replications` and `forkDay` are not allowed with it. The result gains `posteriorCompare`: '
      + 'per reform and metric the mean effect, the seed-only and the seed + parameter intervals, P(higher), P(better) and the share of draws whose verdict flips.',
  })),
  draws: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000, description: 'With `posterior`: parameter sets drawn from the ensemble by weight (default 10).' })),
  seedsPerDraw: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'With `posterior`: seeds per draw, seed, seed+1, … (default 2; 2 or more gives the seed-only interval).' })),
  label: Type.Optional(Label),
}, { additionalProperties: false, title: 'CompareRequest', description: 'A baseline and reforms over paired replications (or, with `posterior`, over posterior draws × seeds).' });
export type CompareRequest = Static<typeof CompareRequest>;

export const Factor = Type.Object({
  lever: Type.String({ minLength: 1, maxLength: 80 }),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  values: Type.Optional(Type.Array(LeverValue, { minItems: 1, maxItems: 50 })),
  levels: Type.Optional(Type.Integer({ minimum: 2, maximum: 50, description: 'Levels of a full factorial over [min, max] (default 3).' })),
}, { additionalProperties: false, title: 'Factor', description: 'A lever and the range (numbers) or list of values it is varied over.' });
export type Factor = Static<typeof Factor>;

const Factors = Type.Array(Factor, { minItems: 1, maxItems: 20 });

export const SweepRequest = Type.Object({
  base: ScenarioInput,
  method: Type.Union([Type.Literal('factorial'), Type.Literal('lhs')], { description: 'Full factorial or Latin hypercube.' }),
  factors: Factors,
  samples: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000, description: 'Points of a Latin hypercube (default 10).' })),
  designSeed: Type.Optional(Seed),
  seed: Type.Optional(Seed),
  days: Type.Optional(Days),
  replications: Type.Optional(Replications),
  label: Type.Optional(Label),
}, { additionalProperties: false, title: 'SweepRequest' });
export type SweepRequest = Static<typeof SweepRequest>;

export const SensitivityRequest = Type.Object({
  base: ScenarioInput,
  method: Type.Union([Type.Literal('morris'), Type.Literal('sobol')]),
  factors: Factors,
  trajectories: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: 'Morris trajectories (default 10).' })),
  levels: Type.Optional(Type.Integer({ minimum: 2, maximum: 50, description: 'Morris grid levels (default 4).' })),
  samples: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000, description: 'Sobol base sample n; cost n·(k+2) points (default 64).' })),
  bootstrap: Type.Optional(Type.Integer({ minimum: 0, maximum: 2000, description: 'Bootstrap resamples for the index intervals (default 200).' })),
  designSeed: Type.Optional(Seed),
  seed: Type.Optional(Seed),
  days: Type.Optional(Days),
  replications: Type.Optional(Replications),
  outputs: Type.Optional(Outputs),
  label: Type.Optional(Label),
}, { additionalProperties: false, title: 'SensitivityRequest' });
export type SensitivityRequest = Static<typeof SensitivityRequest>;

export const JOB_KINDS = ['run', 'compare', 'sweep', 'sensitivity'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

const KindSchema = LiteralUnion(JOB_KINDS);
const StateSchema = LiteralUnion(JOB_STATES);

export const JobStatus = Type.Object({
  id: Type.String(),
  kind: KindSchema,
  status: StateSchema,
  label: Nullable(Type.String()),
  progress: Type.Object({
    runsDone: Type.Integer({ description: 'Engine runs finished (a warm-start fork counts once).' }),
    runsTotal: Type.Integer(),
    fraction: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the work done, counting days of runs in progress.' }),
  }),
  scenarioId: Type.String({ description: 'The (first) scenario\'s id.' }),
  scenarioHash: Type.String({ description: 'The (first) scenario\'s hash.' }),
  scenarios: Type.Integer({ description: 'Scenarios or design points in the plan.' }),
  seed: Type.Integer(),
  days: Type.Integer(),
  replications: Type.Integer(),
  engineVersion: Type.String(),
  key: Type.String({ description: 'Content hash of what determines the results; identical requests share it.' }),
  digest: Nullable(Type.String({ description: 'SHA-256 over the digests of every run, in plan order (when done).' })),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  attempts: Type.Integer({ description: 'Times the job was started (more than 1 after a restart).' }),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  costResidentDays: Type.Number({ description: 'The job\'s cost: engine runs × days × residents, checked against the server\'s cost caps.' }),
  storedBytes: Type.Integer({ description: 'Bytes of results the job holds in the store (0 once cancelled or failed).' }),
  links: Type.Object({
    self: Type.String(), result: Type.String(), csv: Type.String(), events: Type.String(), cancel: Type.String(),
  }),
}, { title: 'JobStatus' });
export type JobStatus = Static<typeof JobStatus>;

export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
  status: Type.Optional(StateSchema),
  kind: Type.Optional(KindSchema),
  scenario: Type.Optional(Type.String({ maxLength: 200, description: 'Scenario id (exact; with patches it reads base+patch).' })),
  scenarioHash: Type.Optional(Type.String({ maxLength: 64 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffffffff })),
  label: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the label.' })),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'Created at or after this ISO time.' })),
  until: Type.Optional(Type.String({ maxLength: 40, description: 'Created before this ISO time.' })),
}, { additionalProperties: false });
export type ListQuery = Static<typeof ListQuery>;

export const JobList = Type.Object({
  items: Type.Array(JobStatus),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  next: Nullable(Type.String({ description: 'URL of the next page, if any.' })),
}, { title: 'JobList' });

export const ResultQuery = Type.Object({
  replication: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Runs only: just this replication.' })),
  series: Type.Optional(Type.Boolean({ default: true, description: 'Runs only: include the daily series (false: manifests and summaries only).' })),
}, { additionalProperties: false });
export type ResultQuery = Static<typeof ResultQuery>;

export const CsvQuery = Type.Object({
  layout: Type.Optional(Type.Union([Type.Literal('tidy'), Type.Literal('wide')], { default: 'tidy' })),
  replication: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  scenario: Type.Optional(Type.String({ maxLength: 200, description: 'Only this scenario key (experiments).' })),
  metric: Type.Optional(Type.String({ maxLength: 80, description: 'Only this series.' })),
}, { additionalProperties: false });
export type CsvQuery = Static<typeof CsvQuery>;

const Summary = Type.Record(Type.String(), NumberOrNull);
// A run's manifest and tables are sim/schema's (one schema per concept).
export const RunManifest = SimManifest;

export const RunOutput = Type.Object({
  replication: Type.Integer(),
  manifest: RunManifest,
  summary: Summary,
  series: Type.Optional(SimRunResult.properties.series),
  window: Type.Optional(SimRunResult.properties.window),
  histogram: Type.Optional(SimRunResult.properties.histogram),
  emergedBySubItem: Type.Optional(SimRunResult.properties.emergedBySubItem),
  caseFlow: Type.Optional(SimRunResult.properties.caseFlow),
  moneyFlow: Type.Optional(SimRunResult.properties.moneyFlow),
  places: Type.Optional(SimRunResult.properties.places),
}, { title: 'RunOutput' });

const MeanCi = Type.Object({
  n: Type.Integer(), missing: Type.Integer(), mean: NumberOrNull, sd: NumberOrNull, ciLow: NumberOrNull, ciHigh: NumberOrNull,
});

export const RunResult = Type.Object({
  id: Type.String(),
  kind: Type.Literal('run'),
  engineVersion: Type.String(),
  scenarioId: Type.String(),
  scenarioHash: Type.String(),
  days: Type.Integer(),
  seeds: Type.Array(Type.Integer()),
  digest: Type.String(),
  aggregate: Type.Record(Type.String(), MeanCi, { description: 'Per summary metric: mean and 95 % CI over replications.' }),
  replications: Type.Array(RunOutput),
}, { title: 'RunResult' });

export const ExperimentResult = Type.Object({
  id: Type.String(),
  kind: KindSchema,
  engineVersion: Type.String(),
  planHash: Type.String(),
  days: Type.Integer(),
  seeds: Type.Array(Type.Integer()),
  digest: Type.String(),
  metrics: Type.Array(Type.String()),
  scenarios: Type.Array(Type.Object({
    key: Type.String(), role: Type.String(), label: Nullable(Type.String()), name: Type.Unknown(),
    scenarioHash: Type.String(), levers: LeverValues,
  })),
  design: Type.Optional(Type.Unknown({ description: 'The design (method, factors, unit coordinates of every point).' })),
  summaries: Type.Record(Type.String(), Type.Record(Type.String(), MeanCi), { description: 'scenario key → metric → mean and CI.' }),
  differences: Type.Optional(Type.Unknown({ description: 'compare: reform key → metric → paired difference, CI, effect size, verdict.' })),
  posteriorCompare: Type.Optional(Type.Unknown({ description: 'compare with a posterior: the posterior (digest, engine, base), the particles drawn, and per reform and metric the effect with both intervals (the posterior-compare.json of `govsim compare --posterior`).' })),
  correlations: Type.Optional(Type.Unknown({ description: 'sweep: metric → lever → correlation of the point means with the factor.' })),
  sensitivity: Type.Optional(Type.Unknown({ description: 'sensitivity: Morris μ*, σ or Sobol S1, ST with bootstrap intervals.' })),
  runs: Type.Array(Type.Object({ scenario: Type.String(), replication: Type.Integer(), seed: Type.Integer(), digest: Type.String() })),
}, { title: 'ExperimentResult' });

export { LeverValues };
