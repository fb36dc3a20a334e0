// Named random streams and the samplers built on them.
// Every draw in the engine comes from a stream derived from (seed, stream name), so a process
// that a policy does not touch draws the same numbers whatever the policy (common random
// numbers). Streams use seedrandom's xor4096 (fast; its state exports for snapshots), and
// samplers use only the engine's own deterministic exp/log (sim/math), never Math.exp/log.
import seedrandom from 'seedrandom';
import { exp, log } from './math/index.ts';

export interface Stream {
  /** Uniform in [0, 1). */
  (): number;
  /** The next n uniforms into out[0..n): the same numbers as n calls, without a call (or a boxed number) per draw. */
  fill(out: Float64Array, n: number): void;
  state(): StreamState;
}
export interface StreamState {
  i: number;
  w: number;
  X: number[];
}

/**
 * A stream named `name` under `seed`; `state` resumes one exported by `stream.state()`.
 * seedrandom seeds the generator (its string mixing and warm-up); the draws then come from a
 * port of seedrandom's xor4096 step over an Int32Array (X[0..128), i, w): the same numbers bit
 * for bit, but small enough for V8 to inline into the hot loops, so a draw is not boxed as a
 * heap number on every call. `state()` exports seedrandom's own shape ({ i, w, X: number[] }).
 */
export function createStream(seed: number, name: string, state?: StreamState): Stream {
  const init: StreamState = state ?? (seedrandom.xor4096(`govsim/${seed}/${name}`, { state: true }) as unknown as Stream).state();
  return xor4096From(init);
}

/** The xor4096 generator resumed from `s` (copied; `s` is not kept). */
function xor4096From(s: StreamState): Stream {
  if (!Array.isArray(s.X) || s.X.length !== 128) throw new Error('stream state: X must hold 128 numbers');
  // st[0..128) is X, st[128] is i, st[129] is w (literal indices keep the body small to inline).
  const st = new Int32Array(130);
  for (let k = 0; k < 128; k++) st[k] = s.X[k];
  st[128] = s.i;
  st[129] = s.w;
  // One step of seedrandom 3.0.5 lib/xor4096.js XorGen.next, then prng's (int32 >>> 0) / 2^32.
  const r = function (): number {
    const w = (st[129] + 0x61c88647) | 0;
    st[129] = w;
    let i = st[128];
    let v = st[(i + 34) & 127];
    i = (i + 1) & 127;
    let t = st[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v ^= t;
    st[i] = v;
    st[128] = i;
    return (((v + (w ^ (w >>> 16))) | 0) >>> 0) / 0x100000000;
  } as Stream;
  r.fill = (out: Float64Array, n: number): void => {
    let w = st[129];
    let i = st[128];
    for (let k = 0; k < n; k++) {
      w = (w + 0x61c88647) | 0;
      let v = st[(i + 34) & 127];
      i = (i + 1) & 127;
      let t = st[i];
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      st[i] = v;
      out[k] = (((v + (w ^ (w >>> 16))) | 0) >>> 0) / 0x100000000;
    }
    st[129] = w;
    st[128] = i;
  };
  r.state = (): StreamState => ({ i: st[128], w: st[129], X: Array.from(st.subarray(0, 128)) });
  return r;
}

/** Standard exponential (mean 1). */
export function exponential(r: Stream): number {
  return -log(1 - r());
}

/**
 * Standard normal by Marsaglia's polar method (needs only log and sqrt, no trig). The spare
 * value is discarded so that every call consumes whole pairs and the stream stays aligned.
 */
export function normal(r: Stream): number {
  for (;;) {
    const u = 2 * r() - 1;
    const v = 2 * r() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * log(s)) / s);
  }
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error below
 * 1.2e-9), from the engine's own log and sqrt. `u` in [0, 1); 0 maps to a large negative value.
 */
export function normalQuantile(u: number): number {
  const p = u <= 0 ? 1e-300 : u;
  // The tails (5 % of draws) in their own function, so that this one is small enough to inline
  // into its hot callers. -(a) / b and -(a / b) are the same double (IEEE division is sign-symmetric).
  if (p < 0.02425) return tailQuantile(p);
  if (p > 1 - 0.02425) return -tailQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.383577518672690e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q
    / (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
}

/** Acklam's tail approximation at x (the lower tail's p, or 1 − p for the upper tail, negated by the caller). */
function tailQuantile(x: number): number {
  const q = Math.sqrt(-2 * log(x));
  return (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783)
    / ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
}

/**
 * The work-hours factor of an issue: log-normal with mean 1 and log-sd 0.6 (median e^-0.18), by
 * inversion of one uniform u in (0, 1) (emergence draws u for every candidate, kept or not).
 */
export function workHoursFactor(u: number): number {
  return exp(0.6 * normalQuantile(u) - 0.18);
}

/** Poisson: multiplication method for small means, normal approximation (rounded) for large ones. */
export function poisson(r: Stream, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = exp(-mean);
    let k = 0;
    let p = r();
    while (p > limit) {
      k++;
      p *= r();
    }
    return k;
  }
  const x = Math.floor(mean + Math.sqrt(mean) * normal(r) + 0.5);
  return x < 0 ? 0 : x;
}

/**
 * Walker/Vose alias table over `weights[offset .. offset+n)`, written into prob/alias at the
 * same offsets (many small tables can share one pair of typed arrays). O(n) to build, O(1) to
 * sample. Works in a fixed order, so it is deterministic.
 */
export function buildAlias(
  weights: ArrayLike<number>, offset: number, n: number,
  prob: Float64Array, alias: Int32Array, scratch: Int32Array,
): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[offset + i];
  if (!(total > 0)) {
    for (let i = 0; i < n; i++) {
      prob[offset + i] = 1;
      alias[offset + i] = i;
    }
    return;
  }
  // scratch holds two stacks: small from the front, large from the back.
  let small = 0;
  let large = n;
  for (let i = 0; i < n; i++) {
    const p = (weights[offset + i] * n) / total;
    prob[offset + i] = p;
    if (p < 1) scratch[small++] = i;
    else scratch[--large] = i;
  }
  while (small > 0 && large < n) {
    const s = scratch[--small];
    const l = scratch[large];
    alias[offset + s] = l;
    const pl = prob[offset + l] + prob[offset + s] - 1;
    prob[offset + l] = pl;
    if (pl < 1) {
      large++;
      scratch[small++] = l;
    }
  }
  while (large < n) {
    const l = scratch[large++];
    prob[offset + l] = 1;
    alias[offset + l] = l;
  }
  while (small > 0) {
    const s = scratch[--small];
    prob[offset + s] = 1;
    alias[offset + s] = s;
  }
}

/** Sample index in [0, n) from an alias table at `offset`, using one uniform. */
export function sampleAlias(u: number, offset: number, n: number, prob: Float64Array, alias: Int32Array): number {
  const x = u * n;
  const i = Math.floor(x);
  const frac = x - i;
  return frac < prob[offset + i] ? i : alias[offset + i];
}
