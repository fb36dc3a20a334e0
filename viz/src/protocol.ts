// What crosses the worker boundary: plain data only (typed arrays are transferred). The page
// imports these types and sim's types, never sim's code.
import type {
  Bilingual, Lever, LeverValue, LeverValues, Manifest, MetricInfo, PatchConflict, SeriesInfo,
} from '../../sim/index.ts';
import type { QueueEntry } from '../../sim/inspect.ts';
import type { PresetInfo } from '../../scenarios/index.ts';
import type { PosteriorApi } from './posterior-protocol.ts';

export type { Bilingual, Lever, LeverValue, LeverValues, Manifest, MetricInfo, PatchConflict, SeriesInfo, PresetInfo };

export interface Named extends Bilingual { id: string }

/** Everything the page needs to build its controls and labels (from the engine's catalogues). */
export interface Catalogue {
  engineVersion: string;
  maxDays: number;
  levers: Lever[];
  groups: Named[];
  series: SeriesInfo[];
  metrics: MetricInfo[];
  presets: PresetInfo[];
  /** Patches (reforms, shocks) that can be laid over a preset, in the registry's order, with the levers each sets. */
  patches: PatchInfo[];
  /** Resolved lever values of each scenario preset (catalogue defaults filled in). */
  presetLevers: Record<string, LeverValues>;
  levels: Named[];
  categories: Named[];
  subItems: (Named & { category: string })[];
  housing: Named[];
}

export interface PatchInfo extends Named {
  description?: Bilingual;
  levers: LeverValues;
}

/**
 * A run as the page describes it: a preset, the patches laid over it (in the registry's order),
 * the levers changed from preset + patches, a seed and a horizon.
 */
export interface RunSpec {
  preset: string;
  patches: string[];
  levers: LeverValues;
  seed: number;
  days: number;
  /** A warm-start fork: the run goes on from this day under other levers (the engine's snapshot/restore). */
  fork?: ForkSpec;
}

/**
 * From `day` on (1 ≤ day < days) the run continues from its own state under preset + patches +
 * `levers` (these in place of the spec's levers, which hold until that day).
 */
export interface ForkSpec { day: number; levers: LeverValues }

/** The district's shape, for the map. */
export interface Layout {
  scenarioId: string;
  scenarioHash: string;
  startDate: string;
  name: Bilingual;
  population: number;
  streets: Named[];
  communityStreet: Int32Array;
  gridCommunity: Int32Array;
  gridPopulation: Int32Array;
}

export interface FlowData {
  caseFlow: { channels: string[]; levels: string[]; counts: number[][] };
  moneyFlow: { from: string; to: string; yuan: number }[];
  /** Resolution-time histogram over the run so far (bin width in days; last bin is overflow). */
  histogram: { binDays: number; all: number[] };
}

/** Per-grid figures for the map, one Float64Array per metric id, indexed by grid. */
export type GridData = Record<string, Float64Array>;

export interface Frame {
  day: number;
  series: { from: number; to: number; values: Record<string, Float64Array> };
  flows?: FlowData;
  grid?: GridData;
  done: boolean;
  manifest?: Manifest;
  summary?: Record<string, number>;
}

/** One open case of a grid (the engine's `gridQueue`). */
export type QueueRow = QueueEntry;

/** Confidence band over replications, per day: mean and 95 % interval of the mean, and how many runs had a value. */
export interface Band {
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  n: Int32Array;
}

/** Bands per series name: each arm, and the paired difference edited − baseline (compare mode). */
export interface BandSet {
  main: Record<string, Band>;
  base?: Record<string, Band>;
  diff?: Record<string, Band>;
  /** Spread of the runs (10–90 % of replications; `mean` holds the median), per arm. */
  mainSpread?: Record<string, Band>;
  baseSpread?: Record<string, Band>;
}

/** Replication output: manifest, summary and the requested series. */
export interface RunOutput {
  manifest: Manifest;
  summary: Record<string, number>;
  values: Record<string, Float64Array>;
}

export interface StepOptions {
  /** Include flows and per-grid data (no digest; the page asks for them a few times a second). */
  details?: boolean;
}

/** The worker's interface (comlink); the posterior-ensemble methods are in posterior-protocol.ts. */
export interface EngineApi extends PosteriorApi {
  catalogue(): Catalogue;
  /** Levers that the given patches set differently (the engine's `findConflicts`); empty when they stack. */
  conflicts(patches: string[]): PatchConflict[];
  open(spec: RunSpec): Layout;
  step(days: number, opts?: StepOptions): Frame;
  gridQueue(grid: number, limit?: number): QueueRow[];
  result(): { manifest: Manifest; summary: Record<string, number> };
  runAll(spec: RunSpec, names?: string[]): RunOutput;
  digest(spec: RunSpec): string;
  /**
   * Confidence bands of replication outputs (the engine's `meanCi`, and `pairedDifference` for
   * the difference, replication k of one arm paired with replication k of the other).
   */
  bands(main: Record<string, Float64Array>[], base: Record<string, Float64Array>[] | undefined, days: number): BandSet;
  /** Milliseconds the worker spent stepping since `open` (for the speed figures). */
  stepMillis(): number;
}
