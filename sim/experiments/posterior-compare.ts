// Comparisons under parametric uncertainty: every replication runs on a posterior draw × seed,
// paired across scenarios (the same draw and seed for the baseline and each reform). With D draws
// and S seeds per draw, for each reform and metric:
//  - the mean effect over all D × S paired replications;
//  - the seed-only interval: the t interval of the mean from seed noise alone (pooled within-draw
//    variance) — what a comparison at one fixed parameter set reports;
//  - the seed + parameter interval: the central interval of the draw-level effects (each draw's
//    mean over its seeds) — how large the effect could plausibly be in a world consistent with the
//    calibration targets. It does not shrink with more draws; it is the uncertainty itself;
//  - P(higher) and, where a metric has a direction, P(better): the share of draws whose effect
//    points that way;
//  - flips: the share of draws whose effect has the opposite sign to the overall mean effect.
// Pure; the executor runs the (draw, scenario) × seed table like any comparison.
import { withLevers, type LeverValues, type Scenario } from '../index.ts';
import type { OutputTable } from './analysis.ts';
import { resampleIndices } from './abc.ts';
import type { PosteriorDocument } from './calibration.ts';
import { tCritical } from './stats.ts';

const sq = (x: number) => x * x;

/** Which way is better, for metrics that have a direction. */
export const BETTER: Record<string, 'higher' | 'lower'> = {
  'rate.response': 'higher', 'rate.resolution': 'higher', 'rate.satisfaction': 'higher', 'rate.inGrid': 'higher', 'rate.gridSatisfaction': 'higher',
  'time.median': 'lower', 'time.p90': 'lower', 'cases.bouncesPer100': 'lower', 'trust.mean': 'higher', 'workforce.quitsPerYear': 'lower',
  'workforce.vacantMean': 'lower', 'money.unfundedCaseDays': 'lower',
};

/** D parameter sets drawn from the ensemble by weight (systematic resampling; deterministic by seed). */
export function posteriorDraws(doc: PosteriorDocument, draws: number, seed: number): { particle: number; levers: LeverValues }[] {
  if (!(Number.isInteger(draws) && draws >= 2)) throw new RangeError(`draws must be an integer ≥ 2, got ${draws}`);
  return resampleIndices(doc.particles.map((p) => p.weight), draws, seed).map((i) => ({ particle: i, levers: doc.particles[i].levers }));
}

/** Scenarios in draw-major order: for draw d, scenario k → index d × K + k. */
export function drawScenarios(scenarios: Scenario[], draws: { levers: LeverValues }[]): Scenario[] {
  const out: Scenario[] = [];
  draws.forEach((d, i) => scenarios.forEach((s) => out.push({ ...withLevers(s, d.levers), id: `${s.id}~d${i}` })));
  return out;
}

export interface PosteriorEffect {
  mean: number;
  seedOnly: [number, number];
  seedAndParameter: [number, number];
  pHigher: number;
  pBetter?: number;
  flips: number;
  drawEffects: number[];
}

export interface PosteriorComparison {
  draws: number;
  seedsPerDraw: number;
  level: number;
  /** effects[reform index (1-based scenario)][metric] */
  effects: Record<string, Record<string, PosteriorEffect>>;
}

function centralInterval(xs: number[], level: number): [number, number] {
  const v = [...xs].sort((a, b) => a - b);
  const q = (p: number) => { const pos = (v.length - 1) * p; const i = Math.floor(pos); return i + 1 < v.length ? v[i] + (v[i + 1] - v[i]) * (pos - i) : v[i]; };
  return [q((1 - level) / 2), q((1 + level) / 2)];
}

/** Analyse a (draw, scenario) × seed table; scenario 0 of each draw is the baseline. */
export function analysePosteriorCompare(table: OutputTable, keys: string[], draws: number, seeds: number, metrics: string[], level: number): PosteriorComparison {
  const K = keys.length;
  const effects: PosteriorComparison['effects'] = {};
  for (let k = 1; k < K; k++) {
    effects[keys[k]] = {};
    for (const m of metrics) {
      const drawEffects: number[] = [];
      let within = 0, withinDf = 0, all = 0, n = 0;
      for (let d = 0; d < draws; d++) {
        const ds: number[] = [];
        for (let s = 0; s < seeds; s++) {
          const b = table[d * K][s], r = table[d * K + k][s];
          if (!b || !r) continue;
          const x = r.summary[m] - b.summary[m];
          if (Number.isFinite(x)) ds.push(x);
        }
        if (!ds.length) continue;
        const mu = ds.reduce((a, x) => a + x, 0) / ds.length;
        drawEffects.push(mu);
        within += ds.reduce((a, x) => a + sq(x - mu), 0);
        withinDf += ds.length - 1;
        all += mu * ds.length;
        n += ds.length;
      }
      const mean = n ? all / n : NaN;
      const half = withinDf > 0 ? tCritical(level, withinDf) * Math.sqrt(within / withinDf / n) : NaN;
      const sign = Math.sign(mean);
      const better = BETTER[m];
      const e: PosteriorEffect = {
        mean, seedOnly: [mean - half, mean + half],
        seedAndParameter: drawEffects.length ? centralInterval(drawEffects, level) : [NaN, NaN],
        pHigher: drawEffects.filter((x) => x > 0).length / drawEffects.length,
        flips: sign === 0 ? NaN : drawEffects.filter((x) => Math.sign(x) === -sign).length / drawEffects.length,
        drawEffects,
      };
      if (better) e.pBetter = drawEffects.filter((x) => (better === 'higher' ? x > 0 : x < 0)).length / drawEffects.length;
      effects[keys[k]][m] = e;
    }
  }
  return { draws, seedsPerDraw: seeds, level, effects };
}
