// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC / ABC-PMC, Beaumont et
// al. 2009, with the adaptive tolerance of Del Moral et al. 2012 / Drovandi & Pettitt 2011):
// generation 0 samples the prior; each later generation sets its tolerance to a quantile of the
// previous generation's distances, proposes by resampling the previous particles by weight and
// moving them with a Gaussian kernel (twice the weighted variance, per coordinate), keeps the
// proposals within tolerance, and re-weights them by prior / proposal density.
//
// Executor-friendly and deterministic: proposals are made in fixed-size batches from a random
// stream named by (seed, generation, batch), the caller evaluates a whole batch at once (on a
// worker pool or a queue, in any order), and the first N acceptances in proposal order form the
// generation. The same seed gives the same posterior whatever evaluated the batches, and an
// interrupted calibration resumes by replaying the algorithm against cached evaluations.
//
// Pure: no clock, no I/O; the evaluator is the only way out.
import { exp, log } from '../math/index.ts';
import { createRandom, type Random } from './random.ts';

const sq = (x: number) => x * x;

/** A prior over one parameter. Parameters are moved in an internal space: log for 'loguniform'. */
export type Prior =
  | { dist: 'uniform'; low: number; high: number }
  | { dist: 'loguniform'; low: number; high: number }
  | { dist: 'normal'; mean: number; sd: number; low: number; high: number };

export interface AbcParameter {
  name: string;
  prior: Prior;
  /** Round proposals to integers (integer levers). */
  integer?: boolean;
}

export interface AbcSettings {
  /** Particles per generation (N). */
  particles: number;
  /** Most generations, counting generation 0 (the prior). */
  generations: number;
  /** Quantile of the previous generation's distances that sets the next tolerance (default 0.5). */
  quantile?: number;
  /** Stop once the tolerance reaches this (default 0: every target met). */
  minEpsilon?: number;
  /** Stop when a generation's acceptance rate falls below this (default 0.02). */
  minAcceptance?: number;
  /** Proposals per batch (default: particles). */
  batch?: number;
  /** Most batches per generation (default 20). */
  maxBatches?: number;
  seed: number;
}

export interface Particle {
  theta: number[];
  weight: number;
  distance: number;
  /** Where it was proposed: generation, batch, index in the batch (its evaluation's key). */
  key: ProposalKey;
}

export interface ProposalKey { generation: number; batch: number; index: number }

export interface GenerationStats {
  generation: number;
  epsilon: number;
  proposed: number;
  accepted: number;
  acceptance: number;
  ess: number;
}

export interface AbcResult {
  particles: Particle[];
  generations: GenerationStats[];
  /** Why it stopped ('interrupted': the last complete generation of a calibration stopped before its end, written by the caller). */
  stop: 'epsilon' | 'generations' | 'acceptance' | 'exhausted' | 'interrupted';
  /** Every proposal evaluated, in order. */
  evaluations: number;
}

/** Evaluate a batch of proposals; returns one distance per proposal (NaN = failed, never accepted). */
export type AbcEvaluator = (thetas: number[][], keys: ProposalKey[]) => number[] | Promise<number[]>;

export interface AbcHooks {
  onGeneration?: (g: GenerationStats, particles: Particle[]) => void;
  /** Called after every batch with the proposals evaluated so far in this generation. */
  onBatch?: (generation: number, batch: number, acceptedSoFar: number) => void;
  signal?: AbortSignal;
}

export class AbcAborted extends Error {
  constructor() { super('calibration interrupted'); }
}

// --- priors ---------------------------------------------------------------------------------

/** Check a prior; returns a message or undefined. */
export function checkPrior(p: Prior): string | undefined {
  if (!(Number.isFinite(p.low) && Number.isFinite(p.high) && p.low < p.high)) return `needs finite low < high, got [${p.low}, ${p.high}]`;
  if (p.dist === 'loguniform' && !(p.low > 0)) return `a loguniform prior needs low > 0, got ${p.low}`;
  if (p.dist === 'normal' && !(Number.isFinite(p.mean) && p.sd > 0)) return `a normal prior needs a finite mean and sd > 0, got mean ${p.mean}, sd ${p.sd}`;
  if (!['uniform', 'loguniform', 'normal'].includes(p.dist)) return `unknown distribution "${(p as { dist: string }).dist}" (expected uniform, loguniform or normal)`;
  return undefined;
}

const toInternal = (p: Prior, x: number) => (p.dist === 'loguniform' ? log(x) : x);
const fromInternal = (p: Prior, u: number) => (p.dist === 'loguniform' ? exp(u) : u);
const internalBounds = (p: Prior): [number, number] => [toInternal(p, p.low), toInternal(p, p.high)];

/** Unnormalised prior density in internal space (0 outside the support). */
function logPriorInternal(p: Prior, u: number): number {
  const [lo, hi] = internalBounds(p);
  if (!(u >= lo && u <= hi)) return -Infinity;
  if (p.dist === 'normal') return -0.5 * sq((u - p.mean) / p.sd);
  return 0; // uniform in x, or uniform in log x
}

/** A standard normal deviate (Marsaglia's polar method: no trigonometry, bit-identical everywhere). */
export function gaussian(rng: Random): number {
  for (;;) {
    const a = 2 * rng.next() - 1;
    const b = 2 * rng.next() - 1;
    const s = a * a + b * b;
    if (s > 0 && s < 1) return a * Math.sqrt((-2 * log(s)) / s);
  }
}

/** One draw from a prior, in internal space. */
function samplePriorInternal(p: Prior, rng: Random): number {
  const [lo, hi] = internalBounds(p);
  if (p.dist === 'normal') {
    for (let i = 0; i < 1000; i++) {
      const u = p.mean + p.sd * gaussian(rng);
      if (u >= lo && u <= hi) return u;
    }
    return lo + (hi - lo) * rng.next();
  }
  return lo + (hi - lo) * rng.next();
}

function finishTheta(params: AbcParameter[], internal: number[]): number[] {
  return internal.map((u, k) => {
    const p = params[k].prior;
    let x = fromInternal(p, u);
    if (params[k].integer) x = Math.round(x);
    return Math.min(p.high, Math.max(p.low, x));
  });
}

// --- statistics ------------------------------------------------------------------------------

/** Effective sample size of normalised weights, 1 / Σ w². */
export function effectiveSampleSize(weights: number[]): number {
  const s = weights.reduce((a, b) => a + b, 0);
  let q = 0;
  for (const w of weights) q += sq(w / s);
  return q > 0 ? 1 / q : 0;
}

/** The q-quantile of values (linear interpolation between order statistics). */
export function quantile(values: number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * q;
  const i = Math.floor(pos);
  return i + 1 < v.length ? v[i] + (v[i + 1] - v[i]) * (pos - i) : v[i];
}

/** Weighted mean and sd of each coordinate. */
export function weightedMoments(thetas: number[][], weights: number[]): { mean: number[]; sd: number[] } {
  const k = thetas[0]?.length ?? 0;
  const s = weights.reduce((a, b) => a + b, 0);
  const mean = Array.from({ length: k }, (_, j) => thetas.reduce((a, t, i) => a + weights[i] * t[j], 0) / s);
  const sd = Array.from({ length: k }, (_, j) => Math.sqrt(thetas.reduce((a, t, i) => a + weights[i] * sq(t[j] - mean[j]), 0) / s));
  return { mean, sd };
}

/** Weighted q-quantile of one coordinate. */
export function weightedQuantile(values: number[], weights: number[], q: number): number {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (const i of order) {
    acc += weights[i];
    if (acc >= q * total) return values[i];
  }
  return values[order[order.length - 1]];
}

/** Draw an index by weight (inverse CDF on one uniform). */
function drawIndex(cum: number[], rng: Random): number {
  const u = rng.next() * cum[cum.length - 1];
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > u) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Systematic resampling: `n` particle indices in proportion to weight, deterministic by seed. */
export function resampleIndices(weights: number[], n: number, seed: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const rng = createRandom(seed, 'abc/resample');
  const u0 = rng.next() / n;
  const out: number[] = [];
  let acc = weights[0] / total, i = 0;
  for (let m = 0; m < n; m++) {
    const u = u0 + m / n;
    while (u > acc && i < weights.length - 1) acc += weights[++i] / total;
    out.push(i);
  }
  return out;
}

// --- the algorithm ------------------------------------------------------------------------------

export function checkAbcSettings(params: AbcParameter[], s: AbcSettings): void {
  if (params.length === 0) throw new RangeError('ABC needs at least one parameter');
  const names = new Set<string>();
  for (const p of params) {
    const m = checkPrior(p.prior);
    if (m) throw new RangeError(`parameter ${p.name}: prior ${m}`);
    if (names.has(p.name)) throw new RangeError(`parameter ${p.name} is given twice`);
    names.add(p.name);
  }
  if (!(Number.isInteger(s.particles) && s.particles >= 2)) throw new RangeError(`particles must be an integer ≥ 2, got ${s.particles}`);
  if (!(Number.isInteger(s.generations) && s.generations >= 1)) throw new RangeError(`generations must be an integer ≥ 1, got ${s.generations}`);
  const q = s.quantile ?? 0.5;
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1), got ${q}`);
  if (s.batch !== undefined && !(Number.isInteger(s.batch) && s.batch >= 1)) throw new RangeError(`batch must be an integer ≥ 1, got ${s.batch}`);
  if (s.maxBatches !== undefined && !(Number.isInteger(s.maxBatches) && s.maxBatches >= 1)) throw new RangeError(`maxBatches must be an integer ≥ 1, got ${s.maxBatches}`);
}

/** Run ABC-SMC. Deterministic given the settings, the parameters and a deterministic evaluator. */
export async function runAbcSmc(params: AbcParameter[], settings: AbcSettings, evaluate: AbcEvaluator, hooks: AbcHooks = {}): Promise<AbcResult> {
  checkAbcSettings(params, settings);
  const N = settings.particles;
  const B = settings.batch ?? N;
  const maxBatches = settings.maxBatches ?? 20;
  const q = settings.quantile ?? 0.5;
  const minEps = settings.minEpsilon ?? 0;
  const minAcc = settings.minAcceptance ?? 0.02;
  const k = params.length;
  const generations: GenerationStats[] = [];
  let evaluations = 0;

  const evalBatch = async (internals: number[][], generation: number, batch: number) => {
    if (hooks.signal?.aborted) throw new AbcAborted();
    const thetas = internals.map((u) => finishTheta(params, u));
    const keys = thetas.map((_, index) => ({ generation, batch, index }));
    const d = await evaluate(thetas, keys);
    if (d.length !== thetas.length) throw new Error(`the evaluator returned ${d.length} distances for ${thetas.length} proposals`);
    evaluations += thetas.length;
    return { thetas, keys, d };
  };

  // Generation 0: the prior, everything accepted (tolerance ∞); failed runs are dropped.
  let particles: Particle[] = [];
  let internal: number[][] = [];
  let proposed = 0;
  for (let b = 0; particles.length < N && b < maxBatches; b++) {
    const rng = createRandom(settings.seed, `abc/g0/b${b}`);
    const us = Array.from({ length: B }, () => params.map((p) => samplePriorInternal(p.prior, rng)));
    const { thetas, keys, d } = await evalBatch(us, 0, b);
    proposed += B;
    for (let i = 0; i < B && particles.length < N; i++) {
      if (Number.isNaN(d[i])) continue;
      particles.push({ theta: thetas[i], weight: 1 / N, distance: d[i], key: keys[i] });
      internal.push(params.map((p, j) => toInternal(p.prior, thetas[i][j])));
    }
    hooks.onBatch?.(0, b, particles.length);
  }
  if (particles.length < 2) return { particles, generations, stop: 'exhausted', evaluations };
  const norm = (ps: Particle[]) => { const s = ps.reduce((a, p) => a + p.weight, 0); for (const p of ps) p.weight /= s; };
  norm(particles);
  const g0: GenerationStats = { generation: 0, epsilon: Infinity, proposed, accepted: particles.length, acceptance: particles.length / proposed, ess: effectiveSampleSize(particles.map((p) => p.weight)) };
  generations.push(g0);
  hooks.onGeneration?.(g0, particles);

  let stop: AbcResult['stop'] = 'generations';
  for (let g = 1; g < settings.generations; g++) {
    const prevEps = generations[generations.length - 1].epsilon;
    let eps = Math.max(minEps, quantile(particles.map((p) => p.distance), q));
    if (eps >= prevEps) eps = Math.max(minEps, prevEps * 0.999999);
    if (prevEps <= minEps) { stop = 'epsilon'; break; }
    const weights = particles.map((p) => p.weight);
    const { sd } = weightedMoments(internal, weights);
    const kernel = sd.map((s, j) => {
      const [lo, hi] = internalBounds(params[j].prior);
      const w = Math.SQRT2 * s;
      return w > 0 ? w : (hi - lo) * 1e-3;
    });
    const cum: number[] = [];
    weights.reduce((a, w, i) => (cum[i] = a + w), 0);
    const next: Particle[] = [];
    const nextInternal: number[][] = [];
    proposed = 0;
    for (let b = 0; next.length < N && b < maxBatches; b++) {
      const rng = createRandom(settings.seed, `abc/g${g}/b${b}`);
      const us: number[][] = [];
      for (let i = 0; i < B; i++) {
        let u: number[] = [];
        for (let tries = 0; tries < 1000; tries++) {
          const parent = internal[drawIndex(cum, rng)];
          u = parent.map((x, j) => x + kernel[j] * gaussian(rng));
          if (u.every((x, j) => logPriorInternal(params[j].prior, x) > -Infinity)) break;
          u = [];
        }
        if (u.length === 0) u = params.map((p) => samplePriorInternal(p.prior, rng));
        us.push(u);
      }
      const { thetas, keys, d } = await evalBatch(us, g, b);
      proposed += B;
      for (let i = 0; i < B && next.length < N; i++) {
        if (!(d[i] <= eps)) continue;
        const ui = params.map((p, j) => toInternal(p.prior, thetas[i][j]));
        // Importance weight: prior over the mixture of kernels around the previous particles.
        let mix = 0;
        for (let m = 0; m < internal.length; m++) {
          let e = 0;
          for (let j = 0; j < k; j++) e += sq((ui[j] - internal[m][j]) / kernel[j]);
          mix += weights[m] * exp(-0.5 * e);
        }
        const lp = params.reduce((a, p, j) => a + logPriorInternal(p.prior, ui[j]), 0);
        next.push({ theta: thetas[i], weight: mix > 0 ? exp(lp) / mix : 0, distance: d[i], key: keys[i] });
        nextInternal.push(ui);
      }
      hooks.onBatch?.(g, b, next.length);
    }
    if (next.length < 2 || next.every((p) => p.weight === 0)) { stop = 'exhausted'; break; }
    norm(next);
    particles = next;
    internal = nextInternal;
    const stats: GenerationStats = { generation: g, epsilon: eps, proposed, accepted: next.length, acceptance: next.length / proposed, ess: effectiveSampleSize(next.map((p) => p.weight)) };
    generations.push(stats);
    hooks.onGeneration?.(stats, particles);
    if (next.length < N) { stop = 'exhausted'; break; }
    if (eps <= minEps) { stop = 'epsilon'; break; }
    if (stats.acceptance < minAcc) { stop = 'acceptance'; break; }
  }
  return { particles, generations, stop, evaluations };
}

// --- distances to calibration targets ----------------------------------------------------------

/** A calibration target: a metric of the run summary and the band it should fall in. */
export interface BandTarget {
  metric: string;
  low: number;
  high: number;
  /** Where the band comes from. */
  source?: string;
}

/**
 * Distance of a run's summary from target bands: the largest miss over the targets, each miss
 * measured in band widths (0 inside the band). 0 means every target met. NaN if a metric is missing.
 */
export function bandDistance(summary: Record<string, number>, targets: BandTarget[]): number {
  let d = 0;
  for (const t of targets) {
    const v = summary[t.metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) return NaN;
    const w = t.high - t.low > 0 ? t.high - t.low : 1;
    d = Math.max(d, Math.max(0, t.low - v, v - t.high) / w);
  }
  return d;
}

/** Which targets a summary meets. */
export function targetsMet(summary: Record<string, number>, targets: BandTarget[]): boolean[] {
  return targets.map((t) => summary[t.metric] >= t.low && summary[t.metric] <= t.high);
}
