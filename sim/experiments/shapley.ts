// Shapley decomposition of a reform into its components: each component's fair share of the
// total effect v(all) − v(none), averaging its marginal contribution over every order in which
// the components could be added. Exact over all 2^n subsets up to EXACT_MAX components, above
// that estimated from sampled permutations (each with its reverse: antithetic pairs). Either way
// the shares add up exactly to the total effect (each permutation telescopes).
//
// Interactions are shown, not hidden: next to each Shapley value, the component's effect alone
// (v({i}) − v(∅)) and the gap between the two (what it gains or loses from the others), and for
// the exact case every pairwise interaction v({i,j}) − v({i}) − v({j}) + v(∅).
//
// Pure. Subsets are bit masks: bit i set = component i applied.
import { meanCi, type MeanCi } from './stats.ts';
import { createRandom, permutation } from './random.ts';

export const EXACT_MAX = 8;

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** The orders used: undefined for the exact method, else sampled permutations (antithetic pairs). */
export function shapleyPermutations(n: number, samples: number, seed: number): number[][] {
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`permutation samples must be an integer ≥ 1, got ${samples}`);
  const rng = createRandom(seed, 'shapley/permutations');
  const out: number[][] = [];
  while (out.length < samples) {
    const p = permutation(rng, n);
    out.push(p);
    if (out.length < samples) out.push([...p].reverse());
  }
  return out;
}

/** The subsets whose value a decomposition needs, sorted. */
export function shapleySubsets(n: number, perms?: number[][]): number[] {
  if (!(Number.isInteger(n) && n >= 1 && n <= 30)) throw new RangeError(`components must be an integer in [1, 30], got ${n}`);
  if (!perms) {
    if (n > EXACT_MAX) throw new RangeError(`exact Shapley values are limited to ${EXACT_MAX} components; sample permutations above that`);
    return Array.from({ length: 1 << n }, (_, m) => m);
  }
  const set = new Set<number>([0]);
  for (const p of perms) {
    let m = 0;
    for (const i of p) { m |= 1 << i; set.add(m); }
  }
  return [...set].sort((a, b) => a - b);
}

/** Exact Shapley values from the value of every subset. */
export function shapleyExact(n: number, v: (mask: number) => number): number[] {
  if (n > EXACT_MAX) throw new RangeError(`exact Shapley values are limited to ${EXACT_MAX} components`);
  const nf = factorial(n);
  const phi = new Array<number>(n).fill(0);
  for (let m = 0; m < 1 << n; m++) {
    const s = popcount(m);
    const w = (factorial(s) * factorial(n - s - 1)) / nf;
    for (let i = 0; i < n; i++) if (!(m & (1 << i))) phi[i] += w * (v(m | (1 << i)) - v(m));
  }
  return phi;
}

/** Shapley values estimated from the given permutations. */
export function shapleySampled(n: number, v: (mask: number) => number, perms: number[][]): number[] {
  const phi = new Array<number>(n).fill(0);
  for (const p of perms) {
    let m = 0;
    let prev = v(0);
    for (const i of p) {
      m |= 1 << i;
      const cur = v(m);
      phi[i] += cur - prev;
      prev = cur;
    }
  }
  return phi.map((x) => x / perms.length);
}

export interface ComponentShare {
  /** Shapley value: mean over replications, with an interval. */
  shapley: MeanCi;
  /** The component alone: v({i}) − v(∅). */
  alone: MeanCi;
  /** Shapley − alone: what the component gains (or loses) from the others. */
  interaction: MeanCi;
}

export interface Decomposition {
  method: 'exact' | 'permutations';
  permutations?: number;
  total: MeanCi;
  components: ComponentShare[];
  /** Total − Σ alone: the part of the effect no component delivers on its own. */
  interactionTotal: MeanCi;
  /** Exact case only: pairwise interactions [i, j, mean over replications]. */
  pairs?: { i: number; j: number; interaction: MeanCi }[];
}

/**
 * Decompose one metric. `values[r]` maps each needed subset to its value in replication r
 * (common random numbers: the same seed for every subset in a replication). Shapley values are
 * linear in v, so the per-replication values are averaged and get a t interval like any paired effect.
 */
export function decompose(n: number, values: Map<number, number>[], perms?: number[][], level?: number): Decomposition {
  const full = (1 << n) - 1;
  const get = (r: Map<number, number>, m: number) => {
    const x = r.get(m);
    if (x === undefined) throw new RangeError(`subset ${m.toString(2)} has no value`);
    return x;
  };
  const perRep = values.map((r) => (perms ? shapleySampled(n, (m) => get(r, m), perms) : shapleyExact(n, (m) => get(r, m))));
  const alone = values.map((r) => Array.from({ length: n }, (_, i) => (r.has(1 << i) ? get(r, 1 << i) - get(r, 0) : NaN)));
  const total = values.map((r) => get(r, full) - get(r, 0));
  const components: ComponentShare[] = Array.from({ length: n }, (_, i) => ({
    shapley: meanCi(perRep.map((p) => p[i]), level),
    alone: meanCi(alone.map((a) => a[i]), level),
    interaction: meanCi(perRep.map((p, r) => p[i] - alone[r][i]), level),
  }));
  const out: Decomposition = {
    method: perms ? 'permutations' : 'exact',
    total: meanCi(total, level),
    components,
    interactionTotal: meanCi(total.map((t, r) => t - alone[r].reduce((a, b) => a + b, 0)), level),
  };
  if (perms) out.permutations = perms.length;
  else {
    out.pairs = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const m = (1 << i) | (1 << j);
        out.pairs.push({ i, j, interaction: meanCi(values.map((r) => get(r, m) - get(r, 1 << i) - get(r, 1 << j) + get(r, 0)), level) });
      }
    }
  }
  return out;
}
