// Parameter uncertainty in the sandbox, worker side: the comparison of `govsim compare B A
// --posterior FILE`, built from the same engine code. An ensemble file (calibrate's
// posterior.json) is checked with checkPosterior (digest included), parameter sets are drawn with
// posteriorDraws, laid over B and A with drawScenarios and planned with planCompare (seeds
// seed, seed + 1, …); each run is the executor's executeJob, and the statistics are
// analysePosteriorCompare's, written with toJsonText: so the sandbox's numbers equal the CLI's
// posterior-compare.json for the same file, scenarios, draws, seeds, days and seed. The page runs
// the planned (scenario, seed) pairs on a pool of these workers (viz/src/ensemble.ts).
import { composeScenario, type Patch, type Scenario } from '../../sim/index.ts';
import {
  BETTER, analysePosteriorCompare, checkPosterior, drawScenarios, executeJob, planCompare, posteriorDraws, toJsonText,
  type JobOutput, type PosteriorDocument,
} from '../../sim/experiments/index.ts';
import { getPatch, getScenario } from './registry.ts';
import { ENSEMBLE_LIMITS, MAX_ENSEMBLE_BYTES, type EnsembleInfo, type EnsemblePlan, type PosteriorApi } from './posterior-protocol.ts';
import type { RunSpec } from './protocol.ts';

let loaded: PosteriorDocument | undefined;

/** Read and check an ensemble (JSON, then the CLI's checkPosterior); the message names what is wrong. */
export function ensembleLoad(text: string): EnsembleInfo {
  loaded = undefined;
  if (typeof text !== 'string' || text.length === 0) throw new RangeError('posterior ensemble: the file is empty');
  if (text.length > MAX_ENSEMBLE_BYTES) throw new RangeError(`posterior ensemble: the file is larger than ${MAX_ENSEMBLE_BYTES / 1024 / 1024} MB`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`posterior ensemble: not JSON (${(e as Error).message})`);
  }
  const doc = checkPosterior(raw);
  const levers = [...new Set(doc.particles.flatMap((p) => Object.keys(p.levers)))];
  loaded = doc;
  return {
    digest: doc.digest, engineVersion: String(doc.engineVersion), base: String(doc.base?.id ?? ''), particles: doc.particles.length, levers, better: { ...BETTER },
  };
}

function scenarioOf(spec: RunSpec): Scenario {
  const base = getScenario(spec.preset);
  if (!base) throw new RangeError(`unknown preset "${spec.preset}"`);
  const patches: Patch[] = (spec.patches ?? []).map((id) => {
    const p = getPatch(id);
    if (!p) throw new RangeError(`unknown patch "${id}"`);
    return p;
  });
  return composeScenario(base, patches, spec.levers ?? {});
}

function intIn(name: string, x: number, min: number, max: number): number {
  if (!(Number.isInteger(x) && x >= min && x <= max)) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(x)}`);
  return x;
}

/** B (baseline) vs A (reform) over draws × seeds: draw-major scenarios, as the CLI plans them. */
export function ensemblePlan(a: RunSpec, b: RunSpec, draws: number, seedsPerDraw: number): EnsemblePlan {
  if (!loaded) throw new RangeError('posterior ensemble: no file is loaded');
  const D = intIn('draws', draws, ENSEMBLE_LIMITS.minDraws, ENSEMBLE_LIMITS.maxDraws);
  const S = intIn('seedsPerDraw', seedsPerDraw, ENSEMBLE_LIMITS.minSeeds, ENSEMBLE_LIMITS.maxSeeds);
  if (D * S > ENSEMBLE_LIMITS.maxPairs) throw new RangeError(`draws × seedsPerDraw must be at most ${ENSEMBLE_LIMITS.maxPairs}, got ${D} × ${S}`);
  if (a.fork) throw new RangeError('fork: a comparison over a posterior cannot use a fork (each draw changes the model)');
  const baseline = scenarioOf(b);
  const reform = scenarioOf(a);
  const drawn = posteriorDraws(loaded, D, a.seed);
  const all = drawScenarios([baseline, reform], drawn);
  const plan = planCompare({ baseline: all[0], reforms: all.slice(1), days: a.days, reps: S, baseSeed: a.seed, series: 'none' });
  return { keys: [baseline.id, reform.id], drawn: drawn.map((d) => d.particle), scenarios: plan.scenarios.map((s) => s.scenario), seeds: plan.seeds, days: plan.days };
}

export function ensembleRun(scenario: Scenario, seed: number, days: number): Record<string, number> {
  return executeJob({ scenario, seed, days, series: 'none' })[0].summary;
}

/** The CLI's posterior-compare.json for these summaries (metrics: the ensemble's, as the CLI takes them). */
export function ensembleAnalyse(plan: Omit<EnsemblePlan, 'scenarios'>, summaries: Record<string, number>[][]): string {
  if (!loaded) throw new RangeError('posterior ensemble: no file is loaded');
  const D = plan.drawn.length;
  const S = plan.seeds.length;
  const table = summaries.map((row) => row.map((summary) => (summary ? { summary } as JobOutput : undefined)));
  const fromEnsemble = Object.keys(loaded.particles[0]?.summary ?? {});
  const names = fromEnsemble.length ? fromEnsemble : Object.keys(summaries[0]?.[0] ?? {});
  const pc = analysePosteriorCompare(table, plan.keys, D, S, names, 0.95);
  const file = { posterior: { digest: loaded.digest, engineVersion: loaded.engineVersion, base: loaded.base.id }, drawn: plan.drawn, ...pc };
  return `${toJsonText(file, 2)}\n`;
}

export const posteriorApi: PosteriorApi = { ensembleLoad, ensemblePlan, ensembleRun, ensembleAnalyse };
