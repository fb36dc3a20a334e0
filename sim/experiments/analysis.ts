// From run outputs to findings: per-scenario means with confidence intervals, paired
// differences against the baseline (common random numbers), daily bands for the charts, sweep
// correlations, and Morris / Sobol indices. Input is the plan and, per scenario, the outputs of
// each replication (undefined where a run failed or has not run).
import { sampleCorrelation } from 'simple-statistics';
import type { JobOutput } from './job.ts';
import { morrisIndices, type MorrisDesign, type MorrisIndex } from './morris.ts';
import type { ExperimentPlan } from './plan.ts';
import { sobolIndices, type SaltelliDesign, type SobolResult } from './sobol.ts';
import { DEFAULT_LEVEL, meanCi, pairedDifference, tCritical, type MeanCi, type PairedDifference } from './stats.ts';

/** outputs[scenario][replication] */
export type OutputTable = (JobOutput | undefined)[][];

/** Metric names in the order the engine writes them (from the first output present). */
export function metricNames(table: OutputTable): string[] {
  for (const row of table) for (const o of row) if (o) return Object.keys(o.summary);
  return [];
}

function column(row: (JobOutput | undefined)[], metric: string): number[] {
  return row.map((o) => (o ? o.summary[metric] ?? NaN : NaN));
}

export function summarizeScenarios(plan: ExperimentPlan, table: OutputTable, metrics: string[], level = DEFAULT_LEVEL): Record<string, Record<string, MeanCi>> {
  const out: Record<string, Record<string, MeanCi>> = {};
  plan.scenarios.forEach((s, i) => {
    const m: Record<string, MeanCi> = {};
    for (const name of metrics) m[name] = meanCi(column(table[i], name), level);
    out[s.key] = m;
  });
  return out;
}

/** Paired differences of each reform from the baseline (scenario 0), metric by metric. */
export function compareToBaseline(plan: ExperimentPlan, table: OutputTable, metrics: string[], level = DEFAULT_LEVEL): Record<string, Record<string, PairedDifference>> {
  const out: Record<string, Record<string, PairedDifference>> = {};
  plan.scenarios.forEach((s, i) => {
    if (i === 0) return;
    const m: Record<string, PairedDifference> = {};
    for (const name of metrics) m[name] = pairedDifference(column(table[0], name), column(table[i], name), level);
    out[s.key] = m;
  });
  return out;
}

export interface Band {
  mean: Float64Array;
  low: Float64Array;
  high: Float64Array;
}

function band(samples: Float64Array[], days: number, level: number): Band {
  const mean = new Float64Array(days), low = new Float64Array(days), high = new Float64Array(days);
  const xs: number[] = [];
  for (let d = 0; d < days; d++) {
    xs.length = 0;
    for (const a of samples) if (d < a.length && Number.isFinite(a[d])) xs.push(a[d]);
    const n = xs.length;
    let s = 0;
    for (const x of xs) s += x;
    const m = n ? s / n : NaN;
    let v = 0;
    for (const x of xs) v += (x - m) * (x - m);
    const half = n > 1 ? (tCritical(level, n - 1) * Math.sqrt(v / (n - 1))) / Math.sqrt(n) : NaN;
    mean[d] = m; low[d] = m - half; high[d] = m + half;
  }
  return { mean, low, high };
}

/** Daily mean and CI band of a series across replications, per scenario. */
export function seriesBands(plan: ExperimentPlan, table: OutputTable, name: string, level = DEFAULT_LEVEL): Band[] {
  return table.map((row) => band(row.flatMap((o) => (o && o.series.values[name] ? [o.series.values[name]] : [])), plan.days, level));
}

/** Daily paired difference (reform − baseline) band of a series, per reform. */
export function differenceBands(plan: ExperimentPlan, table: OutputTable, name: string, level = DEFAULT_LEVEL): Band[] {
  const out: Band[] = [];
  for (let i = 1; i < table.length; i++) {
    const diffs: Float64Array[] = [];
    table[i].forEach((o, r) => {
      const b = table[0][r];
      const x = o?.series.values[name];
      const y = b?.series.values[name];
      if (!x || !y) return;
      const d = new Float64Array(x.length);
      for (let k = 0; k < x.length; k++) d[k] = x[k] - y[k];
      diffs.push(d);
    });
    out.push(band(diffs, plan.days, level));
  }
  return out;
}

/** Mean over replications of a metric at every scenario (design point). */
export function pointMeans(table: OutputTable, metric: string): number[] {
  return table.map((row) => meanCi(column(row, metric)).mean);
}

/** Pearson correlation of each factor's unit coordinate with each metric's point mean (sweeps). */
export function sweepCorrelations(plan: ExperimentPlan, table: OutputTable, metrics: string[]): Record<string, Record<string, number>> {
  const design = plan.design;
  const out: Record<string, Record<string, number>> = {};
  if (!design) return out;
  for (const metric of metrics) {
    const y = pointMeans(table, metric);
    const row: Record<string, number> = {};
    design.factors.forEach((f, j) => {
      const xs: number[] = [];
      const ys: number[] = [];
      y.forEach((v, i) => { if (Number.isFinite(v)) { xs.push(design.units[i][j]); ys.push(v); } });
      let r = NaN;
      if (xs.length > 2) {
        const c = sampleCorrelation(xs, ys);
        r = Number.isFinite(c) ? c : NaN;
      }
      row[f.lever] = r;
    });
    out[metric] = row;
  }
  return out;
}

export interface SensitivityIndices {
  method: 'morris' | 'sobol';
  /** metric → factor lever → indices */
  morris?: Record<string, (MorrisIndex & { lever: string })[]>;
  sobol?: Record<string, Omit<SobolResult, 'indices'> & { indices: (SobolResult['indices'][number] & { lever: string })[] }>;
}

export function sensitivityIndices(plan: ExperimentPlan, table: OutputTable, metrics: string[], opts: { bootstrap?: number; level?: number } = {}): SensitivityIndices {
  const design = plan.design;
  if (!design || (design.method !== 'morris' && design.method !== 'sobol')) throw new RangeError('not a sensitivity plan');
  const levers = design.factors.map((f) => f.lever);
  const res: SensitivityIndices = { method: design.method };
  if (design.method === 'morris') {
    const md = { ...design.morris!, points: design.units } as MorrisDesign;
    res.morris = {};
    for (const m of metrics) {
      res.morris[m] = morrisIndices(md, pointMeans(table, m), { actual: design.units, bootstrap: opts.bootstrap, level: opts.level, seed: design.seed })
        .map((x) => ({ ...x, lever: levers[x.factor] }));
    }
  } else {
    const sd = { ...design.sobol!, points: design.units } as SaltelliDesign;
    res.sobol = {};
    for (const m of metrics) {
      const r = sobolIndices(sd, pointMeans(table, m), { bootstrap: opts.bootstrap, level: opts.level, seed: design.seed });
      res.sobol[m] = { ...r, indices: r.indices.map((x) => ({ ...x, lever: levers[x.factor] })) };
    }
  }
  return res;
}
