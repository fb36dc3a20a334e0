// Outputs in and out of the store: an executed job's outputs become result rows (JSON text,
// NaN as null, one row per scenario × replication), and rows become the library's OutputTable
// again for the analysis. The analysis of a finished job (its report) and its digest (SHA-256
// over every run's digest in plan order and the report's analysis digest) are computed here, the
// same way whatever executed it.
import { SERIES, canonicalJson, sha256Hex } from '../../sim/index.ts';
import {
  analysePosteriorCompare, analysisDigest, buildDocument, meanCi, metricNames, toJsonText, type ExperimentPlan, type JobOutput, type OutputTable, type PlannedJob,
} from '../../sim/experiments/index.ts';
import type { ExecutedOutput } from './executor.ts';
import type { JobSpec } from './plan.ts';
import type { NewResult, ResultRow, Store } from './store.ts';

const UNITS = new Map(SERIES.map((s) => [s.name, s.unit]));

/** The rows to store for one planned job's outputs (a fork gives one per scenario). */
export function outputRows(job: PlannedJob, outputs: ExecutedOutput[]): NewResult[] {
  if (outputs.length !== job.scenarios.length) {
    throw new Error(`job ${job.key} returned ${outputs.length} outputs for ${job.scenarios.length} scenarios`);
  }
  return outputs.map((o, k) => ({
    scenario: job.scenarios[k],
    replication: job.replication,
    seed: job.seed,
    digest: o.manifest.digest,
    manifest: toJsonText(o.fork ? { ...o.manifest, fork: o.fork } : o.manifest),
    summary: toJsonText(o.summary),
    series: toJsonText({
      startDate: o.manifest.startDate,
      days: o.manifest.days,
      names: o.series.names,
      units: o.series.names.map((n) => UNITS.get(n) ?? ''),
      values: o.series.values,
    }),
    extras: o.extras ? toJsonText(o.extras) : null,
  }));
}

function revive(row: ResultRow, withSeries: boolean): JobOutput {
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(JSON.parse(row.summary) as Record<string, number | null>)) summary[k] = v === null ? NaN : v;
  const manifest = JSON.parse(row.manifest);
  const { fork, ...m } = manifest;
  const series: JobOutput['series'] = { names: [], values: {} };
  if (withSeries && row.series) {
    const s = JSON.parse(row.series) as { names: string[]; values: Record<string, (number | null)[]> };
    series.names = s.names;
    for (const n of s.names) series.values[n] = Float64Array.from(s.values[n], (x) => (x === null ? NaN : x));
  }
  return { manifest: m, summary, series, ...(fork ? { fork } : {}) };
}

/** outputs[scenario][replication] from stored rows (summaries only unless `withSeries`). */
export function outputTable(plan: { scenarios: unknown[]; reps: number }, rows: ResultRow[], withSeries = false): OutputTable {
  const table: OutputTable = plan.scenarios.map(() => new Array(plan.reps).fill(undefined));
  for (const r of rows) if (table[r.scenario]) table[r.scenario][r.replication] = revive(r, withSeries);
  return table;
}

/**
 * The job's fingerprint: SHA-256 over { runs: (scenario key, replication, run digest) in plan
 * order, analysis: the report's analysis digest (sim/experiments analysisDigest) }. So two jobs
 * with the same digest have the same runs and the same statistics over them.
 */
export function jobDigest(
  spec: { plan: { scenarios: { key: string }[] } }, digests: { scenario: number; replication: number; digest: string }[], analysis: string,
): string {
  const keys = spec.plan.scenarios.map((s) => s.key);
  return sha256Hex(canonicalJson({ runs: digests.map((d) => [keys[d.scenario], d.replication, d.digest]), analysis }));
}

/**
 * The report of a finished job, as JSON text. A run: mean and 95 % CI of every summary metric
 * over the replications. An experiment: the library's experiment document (the same
 * experiment.json the CLI writes); a comparison under a posterior adds `posteriorCompare` (the
 * CLI's posterior-compare.json).
 */
export function buildReport(store: Store, id: string, spec: JobSpec): { digest: string; report: string } {
  return buildReportFrom(store.summaries(id), spec);
}

/** The report and digest from a job's result rows (summaries) and its plan. */
export function buildReportFrom(rows: ResultRow[], spec: JobSpec): { digest: string; report: string } {
  const table = outputTable(spec.plan, rows);
  const done = (report: object) => ({ digest: jobDigest(spec, rows, analysisDigest(report)), report: toJsonText(report) });
  if (spec.kind === 'run') {
    const metrics = metricNames(table);
    const aggregate: Record<string, unknown> = {};
    for (const m of metrics) aggregate[m] = meanCi(table[0].map((o) => (o ? o.summary[m] : NaN)));
    return done({ aggregate });
  }
  const doc = buildDocument(spec.plan as ExperimentPlan, table, {
    command: `POST /v1/experiments/${spec.kind} (the request is in "request")`,
    bootstrap: spec.bootstrap,
    metrics: spec.metrics,
  });
  const { timing: _t, ...rest } = doc;
  const p = spec.posterior;
  if (!p) return done(rest);
  // The same document as the posterior-compare.json of `govsim compare --posterior` (0.95 intervals).
  const pc = analysePosteriorCompare(table, p.keys, p.draws, p.seedsPerDraw, p.metrics, 0.95);
  return done({ ...rest, posteriorCompare: { posterior: p.source, drawn: p.drawn, ...pc } });
}
