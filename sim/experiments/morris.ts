// Morris elementary effects (screening): r trajectories through a p-level grid on the unit
// cube, each moving one factor at a time by Δ = p / (2(p − 1)). For each factor: μ (mean
// effect), μ* (mean absolute effect: importance) and σ (sd: interaction or non-linearity),
// with a bootstrap interval for μ* over trajectories. Effects are per unit of the factor's
// whole explored range.
import { createRandom, permutation } from './random.ts';
import { DEFAULT_LEVEL, percentileInterval } from './stats.ts';

export interface MorrisDesign {
  k: number;
  trajectories: number;
  levels: number;
  delta: number;
  /** r·(k+1) points in [0, 1]^k, trajectory by trajectory. */
  points: number[][];
  /** For each point, the factor that changed from the previous point (−1 at a trajectory's start). */
  changed: number[];
}

export interface MorrisIndex {
  factor: number;
  /** Elementary effects used (finite outputs at both ends, a non-zero step after snapping). */
  n: number;
  mu: number;
  muStar: number;
  sigma: number;
  muStarLow: number;
  muStarHigh: number;
}

export function morrisDesign(k: number, trajectories: number, seed: number, levels = 4): MorrisDesign {
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0)) throw new RangeError(`levels must be an even integer ≥ 2, got ${levels}`);
  const rng = createRandom(seed, 'design.morris');
  const delta = levels / (2 * (levels - 1));
  const half = levels / 2;
  const points: number[][] = [];
  const changed: number[] = [];
  for (let t = 0; t < trajectories; t++) {
    const x: number[] = [];
    const dir: number[] = [];
    for (let i = 0; i < k; i++) {
      const base = rng.int(half) / (levels - 1);
      const up = rng.next() < 0.5;
      dir.push(up ? 1 : -1);
      x.push(up ? base : base + delta);
    }
    points.push(x.slice());
    changed.push(-1);
    for (const i of permutation(rng, k)) {
      x[i] = Number((x[i] + dir[i] * delta).toPrecision(15));
      points.push(x.slice());
      changed.push(i);
    }
  }
  return { k, trajectories, levels, delta, points, changed };
}

function stats(ee: number[]): { mu: number; muStar: number; sigma: number } {
  const n = ee.length;
  if (n === 0) return { mu: NaN, muStar: NaN, sigma: NaN };
  let s = 0, sa = 0;
  for (const e of ee) { s += e; sa += Math.abs(e); }
  const mu = s / n;
  let v = 0;
  for (const e of ee) v += (e - mu) * (e - mu);
  return { mu, muStar: sa / n, sigma: n > 1 ? Math.sqrt(v / (n - 1)) : NaN };
}

/**
 * Indices from outputs `y` (one per design point). `actual` gives the unit coordinates the
 * points really had after snapping to lever steps (defaults to the design's own).
 */
export function morrisIndices(
  design: MorrisDesign, y: ArrayLike<number>, opts: { actual?: number[][]; bootstrap?: number; level?: number; seed?: number } = {},
): MorrisIndex[] {
  const { k, trajectories } = design;
  const x = opts.actual ?? design.points;
  // effects[i][t]: factor i's effect in trajectory t (NaN when unusable).
  const effects: number[][] = Array.from({ length: k }, () => new Array<number>(trajectories).fill(NaN));
  for (let t = 0; t < trajectories; t++) {
    for (let s = 1; s <= k; s++) {
      const j = t * (k + 1) + s;
      const i = design.changed[j];
      const dx = x[j][i] - x[j - 1][i];
      const dy = y[j] - y[j - 1];
      if (dx !== 0 && Number.isFinite(dy)) effects[i][t] = dy / dx;
    }
  }
  const B = opts.bootstrap ?? 200;
  const level = opts.level ?? DEFAULT_LEVEL;
  const rng = createRandom(opts.seed ?? 0, 'morris.bootstrap');
  return effects.map((row, factor) => {
    const ee = row.filter((e) => Number.isFinite(e));
    const s = stats(ee);
    const boots: number[] = [];
    if (ee.length > 1) {
      for (let b = 0; b < B; b++) {
        let sa = 0;
        for (let i = 0; i < ee.length; i++) sa += Math.abs(ee[rng.int(ee.length)]);
        boots.push(sa / ee.length);
      }
    }
    const [lo, hi] = percentileInterval(boots, level);
    return { factor, n: ee.length, ...s, muStarLow: lo, muStarHigh: hi };
  });
}
