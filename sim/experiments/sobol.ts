// Sobol sensitivity indices by Saltelli sampling: two independent n × k sample matrices A and
// B, and for each factor i the matrix A with column i taken from B. First-order indices by
// Saltelli (2010), S_i = mean((f(B) − f̄)·(f(A_B^i) − f(A))) / V, and total indices by Jansen (1999),
// ST_i = mean((f(A) − f(A_B^i))²) / (2V), with V the variance of f over A and B. Bootstrap
// over the n rows gives percentile intervals. Cost: n·(k + 2) evaluations.
import { createRandom } from './random.ts';
import { DEFAULT_LEVEL, percentileInterval, populationVariance } from './stats.ts';

export interface SaltelliDesign {
  n: number;
  k: number;
  /** Row by row: A_j, B_j, then A_B^1_j … A_B^k_j, so that a partial run holds whole rows. */
  points: number[][];
}

export interface SobolIndex {
  factor: number;
  first: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

export interface SobolResult {
  /** Rows with finite outputs at every point of the row. */
  n: number;
  variance: number;
  indices: SobolIndex[];
}

export function saltelliDesign(n: number, k: number, seed: number): SaltelliDesign {
  const rng = createRandom(seed, 'design.saltelli');
  const points: number[][] = [];
  for (let j = 0; j < n; j++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < k; i++) a.push(rng.next());
    for (let i = 0; i < k; i++) b.push(rng.next());
    points.push(a, b);
    for (let i = 0; i < k; i++) {
      const ab = a.slice();
      ab[i] = b[i];
      points.push(ab);
    }
  }
  return { n, k, points };
}

function estimate(rows: number[], yA: Float64Array, yB: Float64Array, yAB: Float64Array[], k: number): { v: number; s: number[]; st: number[] } {
  const m = rows.length;
  const both = new Float64Array(2 * m);
  rows.forEach((r, i) => { both[i] = yA[r]; both[m + i] = yB[r]; });
  const v = populationVariance(both);
  // Centring f(B) leaves the first-order estimator unbiased (E[f(A_B^i) − f(A)] = 0) and cuts its
  // variance when the output's mean is large against its spread (a rate near 0.9, say).
  let mean = 0;
  for (let i = 0; i < 2 * m; i++) mean += both[i];
  mean /= 2 * m;
  const s: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < k; i++) {
    let a = 0, b = 0;
    for (const r of rows) {
      const d = yAB[i][r] - yA[r];
      a += (yB[r] - mean) * d;
      b += d * d;
    }
    s.push(v > 0 ? a / m / v : NaN);
    st.push(v > 0 ? b / m / (2 * v) : NaN);
  }
  return { v, s, st };
}

/** Indices from outputs `y`, one per design point in the design's order. */
export function sobolIndices(design: SaltelliDesign, y: ArrayLike<number>, opts: { bootstrap?: number; level?: number; seed?: number } = {}): SobolResult {
  const { n, k } = design;
  const stride = k + 2;
  const yA = new Float64Array(n), yB = new Float64Array(n);
  const yAB = Array.from({ length: k }, () => new Float64Array(n));
  const rows: number[] = [];
  for (let j = 0; j < n; j++) {
    let ok = true;
    for (let q = 0; q < stride; q++) if (!Number.isFinite(y[j * stride + q])) ok = false;
    yA[j] = y[j * stride];
    yB[j] = y[j * stride + 1];
    for (let i = 0; i < k; i++) yAB[i][j] = y[j * stride + 2 + i];
    if (ok) rows.push(j);
  }
  const point = estimate(rows, yA, yB, yAB, k);
  const B = opts.bootstrap ?? 200;
  const level = opts.level ?? DEFAULT_LEVEL;
  const rng = createRandom(opts.seed ?? 0, 'sobol.bootstrap');
  const bs: number[][] = Array.from({ length: k }, () => []);
  const bst: number[][] = Array.from({ length: k }, () => []);
  if (rows.length > 1) {
    for (let b = 0; b < B; b++) {
      const sample = rows.map(() => rows[rng.int(rows.length)]);
      const e = estimate(sample, yA, yB, yAB, k);
      for (let i = 0; i < k; i++) { bs[i].push(e.s[i]); bst[i].push(e.st[i]); }
    }
  }
  const indices = Array.from({ length: k }, (_, i) => {
    const [fl, fh] = percentileInterval(bs[i], level);
    const [tl, th] = percentileInterval(bst[i], level);
    return { factor: i, first: point.s[i], firstLow: fl, firstHigh: fh, total: point.st[i], totalLow: tl, totalHigh: th };
  });
  return { n: rows.length, variance: point.v, indices };
}
