// Prior ranges for the levers and model parameters whose default is a guess (data/parameters.md):
// what calibration (govsim calibrate, ABC) may try, and what a researcher should read as "not
// known better than this". Model parameters have a prior chosen one by one below; every other
// numeric guess gets uniform ±30 % around its default, inside its range. Rates and times that
// could plausibly be off by a factor are log-uniform (equal belief in ×½ and ×2).
//
// No prior: shocks (the date and size of a shock are scenario choices, not unknowns), the
// calendar, and categorical guesses (authority levels: the reform's design, not a quantity).
// Kept free of imports so that the lever catalogue can attach these without an import cycle.

export type LeverPrior =
  | { dist: 'uniform'; low: number; high: number }
  | { dist: 'loguniform'; low: number; high: number }
  | { dist: 'normal'; mean: number; sd: number; low: number; high: number };

/** Priors chosen one by one (data/parameters.md; MODEL.md §9). */
export const EXPLICIT_PRIORS: Record<string, LeverPrior> = {
  'model.emergenceScale': { dist: 'uniform', low: 0.7, high: 1.3 },
  'model.patrolRate': { dist: 'loguniform', low: 0.03, high: 0.12 },
  'model.directRate': { dist: 'loguniform', low: 0.015, high: 0.06 },
  'model.hotlineRate': { dist: 'loguniform', low: 0.08, high: 0.25 },
  'model.lapseDays': { dist: 'loguniform', low: 12, high: 50 },
  'model.routingBase': { dist: 'uniform', low: 0.7, high: 0.9 },
  'model.pushback': { dist: 'uniform', low: 0.05, high: 0.2 },
  'model.pushbackPerExtraDept': { dist: 'uniform', low: 0.05, high: 0.25 },
  'model.whistlePushback': { dist: 'uniform', low: 0, high: 0.06 },
  'model.verifyHours': { dist: 'uniform', low: 0.25, high: 1 },
  'model.quality': { dist: 'uniform', low: 0.85, high: 0.99 },
  'model.satisfiedOnTime': { dist: 'uniform', low: 0.9, high: 1 },
  'model.satisfiedLate': { dist: 'uniform', low: 0.4, high: 0.8 },
  'model.trustStart': { dist: 'uniform', low: 0.4, high: 0.8 },
  'model.trustHalfLifeDays': { dist: 'loguniform', low: 90, high: 360 },
  'workforce.hiringLagDays': { dist: 'uniform', low: 30, high: 120 },
  'workforce.baseQuitRate': { dist: 'uniform', low: 0.08, high: 0.25 },
};

/** Groups whose guesses get no prior (scenario choices, not unknowns). */
export const NO_PRIOR_GROUPS = ['shocks', 'calendar'];

interface LeverShape { id: string; group: string; kind: string; source: string; default: unknown; min?: unknown; max?: unknown }

const tidy = (x: number) => Number(x.toPrecision(6));

/** The prior of a lever, or undefined when it has none (facts, policies, shocks, choices). */
export function priorFor(l: LeverShape): LeverPrior | undefined {
  if (l.source !== 'guess' || (l.kind !== 'number' && l.kind !== 'integer') || NO_PRIOR_GROUPS.includes(l.group)) return undefined;
  const explicit = EXPLICIT_PRIORS[l.id];
  if (explicit) return explicit;
  const d = l.default as number, min = l.min as number, max = l.max as number;
  const low = tidy(Math.max(min, d * 0.7));
  const high = tidy(Math.min(max, d * 1.3));
  if (!(high > low)) return undefined;
  return { dist: 'uniform', low, high };
}

/** A prior in words: "uniform 0.7 – 1.3", "log-uniform 0.03 – 0.12". */
export function describePrior(p: LeverPrior | undefined): string {
  if (!p) return '–';
  if (p.dist === 'normal') return `normal(${p.mean}, ${p.sd}) in ${p.low} – ${p.high}`;
  return `${p.dist === 'loguniform' ? 'log-uniform' : 'uniform'} ${p.low} – ${p.high}`;
}
