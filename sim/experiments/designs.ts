// Designs over factors on the unit cube: full factorial (every combination of levels, first
// factor slowest) and Latin hypercube (each factor's range cut into n strata, one sample in
// each, strata paired at random). Deterministic from their seed.
import { createRandom, permutation } from './random.ts';
import type { LeverValue } from '../index.ts';

/** Every combination of the given levels (first factor varies slowest). */
export function fullFactorial(levels: LeverValue[][]): LeverValue[][] {
  let out: LeverValue[][] = [[]];
  for (const ls of levels) {
    const next: LeverValue[][] = [];
    for (const prefix of out) for (const v of ls) next.push([...prefix, v]);
    out = next;
  }
  return levels.length ? out : [];
}

/** n points in [0, 1)^k, one per stratum of every coordinate; `centered` puts them mid-stratum. */
export function latinHypercube(n: number, k: number, seed: number, centered = false): number[][] {
  const rng = createRandom(seed, 'design.lhs');
  const cols = Array.from({ length: k }, () => permutation(rng, n));
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) row.push((cols[j][i] + (centered ? 0.5 : rng.next())) / n);
    pts.push(row);
  }
  return pts;
}
