// Statistics over replications: the mean with a t-based confidence interval, paired differences
// (reform − baseline under common random numbers) with their interval and an effect size
// (Cohen's d_z = mean difference / sd of differences), and a verdict only where the interval
// excludes 0. Non-finite values (a rate over an empty window) are left out and counted.
import { mean as ssMean, sampleStandardDeviation, quantileSorted } from 'simple-statistics';
import { studentTQuantile } from './student-t.ts';

export const DEFAULT_LEVEL = 0.95;

export interface MeanCi {
  /** Finite values used. */
  n: number;
  /** Values left out because they were NaN or infinite. */
  missing: number;
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
}

export interface PairedDifference extends MeanCi {
  /** Cohen's d_z: mean difference over the sd of the differences (NaN when it is undefined). */
  effectSize: number;
  /** 'higher' or 'lower' (reform vs baseline) only where the interval excludes 0; '' otherwise. */
  verdict: '' | 'higher' | 'lower';
  /** Mean difference relative to the baseline mean (NaN when that is 0). */
  relative: number;
  relativeLow: number;
  relativeHigh: number;
}

const tCache = new Map<string, number>();

/** Two-sided critical value of Student's t: quantile (1 + level) / 2 at df. */
export function tCritical(level: number, df: number): number {
  const key = `${level}:${df}`;
  let t = tCache.get(key);
  if (t === undefined) {
    t = studentTQuantile((1 + level) / 2, df);
    tCache.set(key, t);
  }
  return t;
}

function finite(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out.push(xs[i]);
  return out;
}

/** Mean and `level` confidence interval (t distribution, n − 1 df) of the finite values. */
export function meanCi(values: ArrayLike<number>, level = DEFAULT_LEVEL): MeanCi {
  const xs = finite(values);
  const n = xs.length;
  const missing = values.length - n;
  if (n === 0) return { n, missing, mean: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN };
  const m = ssMean(xs);
  if (n === 1) return { n, missing, mean: m, sd: NaN, ciLow: NaN, ciHigh: NaN };
  const sd = sampleStandardDeviation(xs);
  const half = (tCritical(level, n - 1) * sd) / Math.sqrt(n);
  return { n, missing, mean: m, sd, ciLow: m - half, ciHigh: m + half };
}

/** Paired difference `reform − baseline`, pair by pair (pairs with a non-finite side are left out). */
export function pairedDifference(baseline: ArrayLike<number>, reform: ArrayLike<number>, level = DEFAULT_LEVEL): PairedDifference {
  if (baseline.length !== reform.length) throw new RangeError(`paired samples must have equal length, got ${baseline.length} and ${reform.length}`);
  const d: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < baseline.length; i++) {
    if (Number.isFinite(baseline[i]) && Number.isFinite(reform[i])) {
      d.push(reform[i] - baseline[i]);
      base.push(baseline[i]);
    }
  }
  const ci = meanCi(d, level);
  const missing = baseline.length - d.length;
  const effectSize = ci.n >= 2 && ci.sd > 0 ? ci.mean / ci.sd : ci.n >= 2 && ci.mean === 0 ? 0 : NaN;
  const verdict = ci.ciLow > 0 ? 'higher' : ci.ciHigh < 0 ? 'lower' : '';
  const bm = base.length ? ssMean(base) : NaN;
  const rel = (x: number) => (bm !== 0 && Number.isFinite(bm) ? x / Math.abs(bm) : NaN);
  return { ...ci, missing, effectSize, verdict, relative: rel(ci.mean), relativeLow: rel(ci.ciLow), relativeHigh: rel(ci.ciHigh) };
}

/** Percentile interval of bootstrap estimates (non-finite estimates are left out). */
export function percentileInterval(estimates: ArrayLike<number>, level = DEFAULT_LEVEL): [number, number] {
  const xs = finite(estimates).sort((a, b) => a - b);
  if (xs.length === 0) return [NaN, NaN];
  const a = (1 - level) / 2;
  return [quantileSorted(xs, a), quantileSorted(xs, 1 - a)];
}

/** Population variance with a fixed summation order (for Sobol indices). */
export function populationVariance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) * (xs[i] - m);
  return v / n;
}
