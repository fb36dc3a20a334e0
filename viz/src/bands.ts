// Confidence bands over replications: per day, the mean of the replications and the 95 %
// confidence interval of that mean (Student's t). Days where a replication has NaN (a rate with
// an empty window) use the replications that have a value.
// (When sim/ gains the experiments module's statistics, use those instead of this copy.)

export interface Band {
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  n: Int32Array;
}

// Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom.
const T95 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function t95(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T95[df];
  return 1.96 + 2.4 / df; // close to the exact value past 30
}

export function band(runs: ArrayLike<number>[], days: number): Band {
  const mean = new Float64Array(days);
  const lo = new Float64Array(days);
  const hi = new Float64Array(days);
  const n = new Int32Array(days);
  for (let i = 0; i < days; i++) {
    let k = 0;
    let s = 0;
    for (const r of runs) {
      const x = r[i];
      if (Number.isFinite(x)) {
        k++;
        s += x;
      }
    }
    n[i] = k;
    if (k === 0) {
      mean[i] = lo[i] = hi[i] = NaN;
      continue;
    }
    const m = s / k;
    let v = 0;
    for (const r of runs) {
      const x = r[i];
      if (Number.isFinite(x)) v += (x - m) * (x - m);
    }
    mean[i] = m;
    if (k < 2) {
      lo[i] = hi[i] = m;
      continue;
    }
    const half = t95(k - 1) * Math.sqrt(v / (k - 1) / k);
    lo[i] = m - half;
    hi[i] = m + half;
  }
  return { mean, lo, hi, n };
}

/** Element-wise a − b (paired differences under common random numbers). */
export function diff(a: ArrayLike<number>, b: ArrayLike<number>, days: number): Float64Array {
  const out = new Float64Array(days);
  for (let i = 0; i < days; i++) out[i] = a[i] - b[i];
  return out;
}
