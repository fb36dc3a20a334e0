// Confidence bands over replications, computed in the worker with the engine's statistics:
// per day, the mean of the replications and the 95 % confidence interval of that mean (`meanCi`),
// and for compare mode the paired difference edited − baseline (`pairedDifference`, replication k
// of one arm with replication k of the other: common random numbers). Days where a run has NaN
// (a rate with an empty window) use the runs that have a value; with fewer than two values the
// interval is NaN (no band drawn that day). The page imports the `Band` type only.
import { DEFAULT_LEVEL, meanCi, pairedDifference } from '../../sim/experiments/index.ts';
import type { Band, BandSet } from './protocol.ts';

function emptyBand(days: number): Band {
  return { mean: new Float64Array(days), lo: new Float64Array(days), hi: new Float64Array(days), n: new Int32Array(days) };
}

/** Mean and 95 % interval of the mean of `runs` on each of `days` days. */
export function band(runs: ArrayLike<number>[], days: number, level = DEFAULT_LEVEL): Band {
  const b = emptyBand(days);
  const xs = new Float64Array(runs.length);
  for (let i = 0; i < days; i++) {
    runs.forEach((r, k) => { xs[k] = i < r.length ? r[i] : NaN; });
    const ci = meanCi(xs, level);
    b.mean[i] = ci.mean;
    b.lo[i] = ci.ciLow;
    b.hi[i] = ci.ciHigh;
    b.n[i] = ci.n;
  }
  return b;
}

/** Quantile q of the sorted finite values (linear between order statistics; NaN when empty). */
export function quantileSorted(xs: ArrayLike<number>, q: number): number {
  const n = xs.length;
  if (!n) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  return i + 1 < n ? xs[i] + (h - i) * (xs[i + 1] - xs[i]) : xs[i];
}

/**
 * The spread of the runs themselves on each day: 10 % and 90 % quantiles of the replications'
 * values (`lo`, `hi`) and their median (`mean`). Unlike the interval of the mean, it does not
 * narrow as runs are added: it is the range of outcomes one run may give.
 */
export function spreadBand(runs: ArrayLike<number>[], days: number, lower = 0.1, upper = 0.9): Band {
  const b = emptyBand(days);
  const xs: number[] = [];
  for (let i = 0; i < days; i++) {
    xs.length = 0;
    for (const r of runs) if (i < r.length && Number.isFinite(r[i])) xs.push(r[i]);
    xs.sort((a, c) => a - c);
    b.n[i] = xs.length;
    b.mean[i] = quantileSorted(xs, 0.5);
    b.lo[i] = xs.length >= 2 ? quantileSorted(xs, lower) : NaN;
    b.hi[i] = xs.length >= 2 ? quantileSorted(xs, upper) : NaN;
  }
  return b;
}

/** Paired difference reform − baseline on each day (run k of one with run k of the other). */
export function pairedBand(baseline: ArrayLike<number>[], reform: ArrayLike<number>[], days: number, level = DEFAULT_LEVEL): Band {
  if (baseline.length !== reform.length) throw new RangeError(`paired arms need as many runs, got ${baseline.length} and ${reform.length}`);
  const b = emptyBand(days);
  const xs = new Float64Array(baseline.length);
  const ys = new Float64Array(reform.length);
  for (let i = 0; i < days; i++) {
    baseline.forEach((r, k) => { xs[k] = i < r.length ? r[i] : NaN; });
    reform.forEach((r, k) => { ys[k] = i < r.length ? r[i] : NaN; });
    const d = pairedDifference(xs, ys, level);
    b.mean[i] = d.mean;
    b.lo[i] = d.ciLow;
    b.hi[i] = d.ciHigh;
    b.n[i] = d.n;
  }
  return b;
}

/** Bands for every series the runs carry: each arm, and the paired difference when there is a baseline arm. */
export function bandSet(main: Record<string, Float64Array>[], base: Record<string, Float64Array>[] | undefined, days: number): BandSet {
  const names = main.length ? Object.keys(main[0]) : [];
  const of = (runs: Record<string, Float64Array>[], name: string) => runs.map((r) => r[name] ?? new Float64Array(0));
  const set: BandSet = {
    main: Object.fromEntries(names.map((n) => [n, band(of(main, n), days)])),
    mainSpread: Object.fromEntries(names.map((n) => [n, spreadBand(of(main, n), days)])),
  };
  if (base) {
    set.base = Object.fromEntries(names.map((n) => [n, band(of(base, n), days)]));
    set.baseSpread = Object.fromEntries(names.map((n) => [n, spreadBand(of(base, n), days)]));
    set.diff = Object.fromEntries(names.map((n) => [n, pairedBand(of(base, n), of(main, n), days)]));
  }
  return set;
}

/** The buffers of a band set (to transfer them from the worker instead of copying). */
export function bandBuffers(set: BandSet): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const arm of [set.main, set.base, set.diff, set.mainSpread, set.baseSpread]) {
    if (!arm) continue;
    for (const b of Object.values(arm)) out.push(b.mean.buffer as ArrayBuffer, b.lo.buffer as ArrayBuffer, b.hi.buffer as ArrayBuffer, b.n.buffer as ArrayBuffer);
  }
  return out;
}
