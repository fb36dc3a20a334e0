// The experiment document (experiment.json) and the data behind the HTML report, built from a
// plan and its outputs. Pure and deterministic: the same experiment gives the same bytes
// whatever executed it, except `timing`, which the caller fills in.
import { METRICS, SERIES, canonicalJson, sha256Hex, type Manifest } from '../index.ts';
import {
  compareToBaseline, differenceBands, metricNames, seriesBands, sensitivityIndices, summarizeScenarios, sweepCorrelations,
  type OutputTable,
} from './analysis.ts';
import type { ExperimentPlan } from './plan.ts';
import { DEFAULT_LEVEL } from './stats.ts';

export const DOCUMENT_FORMAT = 'govsim-experiment/1';

export interface RunFailure {
  scenario: string;
  replication: number;
  seed: number;
  error: string;
}

export interface DocumentOptions {
  /** The command that reproduces the experiment. */
  command: string;
  level?: number;
  bootstrap?: number;
  /** Outputs the sensitivity analysis is computed for (default: every metric). */
  metrics?: string[];
  failures?: RunFailure[];
}

export interface RunRecord {
  scenario: string;
  replication: number;
  seed: number;
  ok: boolean;
  manifest?: Manifest;
  fork?: { day: number; trunkScenarioHash: string };
  error?: string;
}

export function buildDocument(plan: ExperimentPlan, table: OutputTable, o: DocumentOptions) {
  const level = o.level ?? DEFAULT_LEVEL;
  const metrics = metricNames(table);
  const failures = o.failures ?? [];
  const runs: RunRecord[] = [];
  plan.scenarios.forEach((s, i) => plan.seeds.forEach((seed, r) => {
    const out = table[i][r];
    const fail = failures.find((f) => f.scenario === s.key && f.replication === r);
    runs.push(out ? { scenario: s.key, replication: r, seed, ok: true, manifest: out.manifest, ...(out.fork ? { fork: out.fork } : {}) }
      : { scenario: s.key, replication: r, seed, ok: false, error: fail?.error ?? 'not run' });
  }));
  const info = new Map(METRICS.map((m) => [m.name, m]));
  const design = plan.design && {
    method: plan.design.method, seed: plan.design.seed, factors: plan.design.factors,
    ...(plan.design.morris ? { trajectories: plan.design.morris.trajectories, levels: plan.design.morris.levels, delta: plan.design.morris.delta } : {}),
    ...(plan.design.sobol ? { samples: plan.design.sobol.n } : {}),
  };
  const sensMetrics = (o.metrics && o.metrics.length ? o.metrics : metrics).filter((m) => metrics.includes(m));
  return {
    format: DOCUMENT_FORMAT,
    id: plan.id,
    kind: plan.kind,
    planHash: plan.planHash,
    engineVersion: plan.engineVersion,
    command: o.command,
    settings: {
      days: plan.days, baseSeed: plan.baseSeed, reps: plan.reps, seeds: plan.seeds, level, series: plan.series,
      ...(plan.forkDay !== undefined ? { forkDay: plan.forkDay } : {}),
      ...(design ? { design } : {}),
    },
    scenarios: plan.scenarios.map((s, i) => ({
      key: s.key, role: s.role, id: s.scenario.id, name: s.name, scenarioHash: s.scenarioHash, levers: s.levers,
      ...(plan.design ? { unit: plan.design.units[i] } : {}),
    })),
    metrics: metrics.map((m) => ({ name: m, unit: info.get(m)?.unit ?? '', en: info.get(m)?.en ?? m, zh: info.get(m)?.zh ?? m })),
    summaries: summarizeScenarios(plan, table, metrics, level),
    ...(plan.kind === 'compare' ? { differences: compareToBaseline(plan, table, metrics, level) } : {}),
    ...(plan.kind === 'sweep' ? { correlations: sweepCorrelations(plan, table, metrics) } : {}),
    ...(plan.kind === 'sensitivity' ? { sensitivity: { metrics: sensMetrics, ...sensitivityIndices(plan, table, sensMetrics, { bootstrap: o.bootstrap, level }) } } : {}),
    runs,
    failures,
    timing: { wallSeconds: NaN },
  };
}

export type ExperimentDocument = ReturnType<typeof buildDocument>;

/** Series shown first in reports when there is no room for all of them. */
export const KEY_SERIES = [
  'cases.open', 'rate.resolution', 'rate.satisfaction', 'time.median', 'hotline.calls', 'trust.mean', 'workforce.vacant', 'money.unfundedCaseDays',
];

function rounded(a: Float64Array): (number | null)[] {
  return Array.from(a, (x) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null));
}

/** The report's data: the document plus daily bands of the series (within a size budget). */
export function buildReportData(plan: ExperimentPlan, table: OutputTable, doc: ExperimentDocument, opts: { maxNumbers?: number } = {}) {
  const level = doc.settings.level;
  const available = new Set<string>();
  for (const row of table) for (const o of row) if (o) for (const n of o.series.names) available.add(n);
  const ordered = SERIES.map((s) => s.name).filter((n) => available.has(n));
  const perSeries = plan.days * 3 * (table.length + (plan.kind === 'compare' ? table.length - 1 : 0));
  const budget = opts.maxNumbers ?? 2_500_000;
  let names = ordered;
  if (names.length * perSeries > budget) names = KEY_SERIES.filter((n) => available.has(n));
  if (names.length * perSeries > budget) names = names.slice(0, Math.max(1, Math.floor(budget / perSeries)));
  const info = new Map(SERIES.map((s) => [s.name, s]));
  const bands: Record<string, { scenarios: { mean: (number | null)[]; low: (number | null)[]; high: (number | null)[] }[]; differences?: { mean: (number | null)[]; low: (number | null)[]; high: (number | null)[] }[] }> = {};
  for (const n of names) {
    const conv = (b: { mean: Float64Array; low: Float64Array; high: Float64Array }) => ({ mean: rounded(b.mean), low: rounded(b.low), high: rounded(b.high) });
    bands[n] = { scenarios: seriesBands(plan, table, n, level).map(conv) };
    if (plan.kind === 'compare') bands[n].differences = differenceBands(plan, table, n, level).map(conv);
  }
  // A common calendar labels the x axis with dates; scenarios on different calendars use run days.
  const starts = new Set<string>();
  for (const row of table) for (const o of row) if (o) starts.add(o.manifest.startDate);
  const startDate = starts.size === 1 ? [...starts][0] : '';
  // The report leaves out the wall time, so that it is byte-identical across executors.
  const { timing: _timing, ...stable } = doc;
  return {
    doc: stable,
    series: {
      startDate, days: plan.days, names,
      info: names.map((n) => ({ name: n, unit: info.get(n)?.unit ?? '', en: info.get(n)?.en ?? n, zh: info.get(n)?.zh ?? n })),
      omitted: ordered.length - names.length,
      bands,
    },
  };
}

export type ReportData = ReturnType<typeof buildReportData>;

/** JSON text with NaN and ±Infinity as null and typed arrays as lists. */
export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
    return v;
  }, indent);
}

/**
 * The parts of an experiment document or job report that are analysis (statistics computed from
 * the runs), as opposed to inputs, run records and timing: a run's aggregate, an experiment's
 * summaries, differences, correlations and sensitivity indices, a posterior comparison, a
 * Shapley decomposition.
 */
export const ANALYSIS_KEYS = ['aggregate', 'summaries', 'differences', 'correlations', 'sensitivity', 'posteriorCompare', 'decomposition'] as const;

/**
 * SHA-256 over the analysis parts of a document (ANALYSIS_KEYS present in it, canonical JSON, NaN
 * and ±Infinity as null, as they are written): what a change to the statistics (stats.ts, the
 * Morris/Sobol/Shapley code) changes. The golden record holds it for small fixed plans
 * (scripts/golden-analyses.ts), and the API's job digest includes it (api/store/outputs.ts), so
 * analysis output falls under the determinism contract like run output (sim/version.ts).
 */
export function analysisDigest(doc: object): string {
  const parts: Record<string, unknown> = {};
  for (const k of ANALYSIS_KEYS) if (k in doc) parts[k] = (doc as Record<string, unknown>)[k];
  return sha256Hex(canonicalJson(JSON.parse(toJsonText(parts))));
}
