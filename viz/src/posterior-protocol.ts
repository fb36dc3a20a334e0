// What crosses the worker boundary for a comparison under parameter uncertainty (a posterior
// ensemble written by `govsim calibrate`): plain data only. The page imports these types, never
// sim's code; the worker side is viz/src/posterior.ts.
import type { Scenario } from '../../sim/index.ts';
import type { RunSpec } from './protocol.ts';

/** The most bytes of an ensemble file the sandbox reads (a 64-particle posterior.json is ~0.2 MB). */
export const MAX_ENSEMBLE_BYTES = 16 * 1024 * 1024;
/** Bounds that keep a comparison in a browser tab: draws × seeds pairs, two runs each. */
export const ENSEMBLE_LIMITS = { minDraws: 2, maxDraws: 64, minSeeds: 1, maxSeeds: 10, maxPairs: 200 } as const;
export const DEFAULT_DRAWS = 8;
export const DEFAULT_SEEDS_PER_DRAW = 2;

/** What the page shows about a loaded ensemble. */
export interface EnsembleInfo {
  digest: string;
  engineVersion: string;
  /** The scenario the ensemble was calibrated on. */
  base: string;
  particles: number;
  /** The levers the ensemble varies. */
  levers: string[];
  /** Which way is better, for the metrics that have a direction (the engine's BETTER). */
  better: Record<string, 'higher' | 'lower'>;
}

/** A comparison planned as `govsim compare B A --posterior FILE` plans it. */
export interface EnsemblePlan {
  /** Scenario keys: [baseline B, reform A]. */
  keys: string[];
  /** Particles drawn (index into the ensemble), one per draw. */
  drawn: number[];
  /** Scenarios in draw-major order: draw d, scenario k at d × 2 + k (k = 0 baseline B, 1 reform A). */
  scenarios: Scenario[];
  /** Seeds per draw (seed, seed + 1, …), the same for B and A (paired). */
  seeds: number[];
  days: number;
}

/** The worker's methods for ensembles (part of EngineApi). */
export interface PosteriorApi {
  /** Read and check an ensemble file's text (the checker of the CLI); kept in the worker. Throws naming the field. */
  ensembleLoad(text: string): EnsembleInfo;
  /** Plan B (baseline) vs A (reform) over draws × seeds per draw on the loaded ensemble; the seed is A's. */
  ensemblePlan(a: RunSpec, b: RunSpec, draws: number, seedsPerDraw: number): EnsemblePlan;
  /** One run of a planned scenario: its summary metrics. */
  ensembleRun(scenario: Scenario, seed: number, days: number): Record<string, number>;
  /**
   * The analysis of the summaries (summaries[scenario][seed]) with the engine's
   * analysePosteriorCompare, as the text of the CLI's posterior-compare.json.
   */
  ensembleAnalyse(plan: Omit<EnsemblePlan, 'scenarios'>, summaries: Record<string, number>[][]): string;
}
