// One unit of work for an executor (a Node worker thread, a browser worker, or in-process):
// a scenario, a seed and a horizon, or a warm-start fork (run to a rollout day, snapshot the
// whole state once, continue the unchanged scenario and each reform branch from it). Pure:
// the same job gives the same outputs wherever it runs.
import {
  SERIES, canonicalJson, createSimulation, finish, restore, snapshot, stepDays, validateScenario,
  type Manifest, type RunResult, type Scenario,
} from '../index.ts';

/** Which daily series to send back: all, none (summaries only), or a list of names. */
export type SeriesRequest = 'all' | 'none' | string[];

export interface RunJob {
  scenario: Scenario;
  seed: number;
  days: number;
  series?: SeriesRequest;
  /** Warm start: run `scenario` to `day`, snapshot, then continue it and each branch to `days`. */
  fork?: { day: number; branches: Scenario[] };
}

export interface JobOutput {
  manifest: Manifest;
  summary: Record<string, number>;
  series: { names: string[]; values: Record<string, Float64Array> };
  /** Set on a branch continued from a snapshot: the rollout day and the trunk it forked from. */
  fork?: { day: number; trunkScenarioHash: string };
  /** The run's other tables, unless series is 'none'. */
  extras?: Pick<RunResult, 'window' | 'histogram' | 'caseFlow' | 'moneyFlow' | 'emergedBySubItem' | 'places'>;
  /** Outcomes by street and community (always sent: a few kilobytes). */
  places?: RunResult['places'];
}

function pick(r: RunResult, request: SeriesRequest | undefined): JobOutput['series'] {
  const names = request === undefined || request === 'all' ? r.series.names : request === 'none' ? [] : request.filter((n) => n in r.series.values);
  const values: Record<string, Float64Array> = {};
  for (const n of names) values[n] = r.series.values[n];
  return { names: [...names], values };
}

/** A finished run as a job output: the requested series, and the other tables unless series is 'none'. */
export function jobOutput(r: RunResult, request: SeriesRequest | undefined): JobOutput {
  const out: JobOutput = { manifest: r.manifest, summary: r.summary, series: pick(r, request) };
  if (r.places) out.places = r.places;
  if (request !== 'none') out.extras = { window: r.window, histogram: r.histogram, caseFlow: r.caseFlow, moneyFlow: r.moneyFlow, emergedBySubItem: r.emergedBySubItem, places: r.places };
  return out;
}

/** Run a job: one output, or for a fork the trunk's output followed by one per branch. */
export function executeJob(job: RunJob): JobOutput[] {
  if (!job.fork) {
    const sim = createSimulation(job.scenario, { seed: job.seed, days: job.days });
    stepDays(sim, job.days);
    return [jobOutput(finish(sim), job.series)];
  }
  const { day, branches } = job.fork;
  if (!(Number.isInteger(day) && day >= 1 && day < job.days)) {
    throw new RangeError(`fork day must be an integer in [1, ${job.days - 1}], got ${day}`);
  }
  const district = canonicalJson(job.scenario.district);
  for (const b of branches) {
    validateScenario(b);
    if (canonicalJson(b.district) !== district) throw new RangeError(`branch "${b.id}" has a different district from "${job.scenario.id}": a fork may change levers only`);
  }
  const sim = createSimulation(job.scenario, { seed: job.seed, days: job.days });
  stepDays(sim, day);
  const snap = snapshot(sim);
  stepDays(sim, job.days - day);
  const trunk = jobOutput(finish(sim), job.series);
  const outs = [trunk];
  for (const b of branches) {
    const w = restore(snap, b);
    stepDays(w, job.days - day);
    outs.push({ ...jobOutput(finish(w), job.series), fork: { day, trunkScenarioHash: trunk.manifest.scenarioHash } });
  }
  return outs;
}

/** The buffers of a job's outputs, to transfer rather than copy across a worker boundary. */
export function transferablesOf(outs: JobOutput[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const o of outs) for (const n of o.series.names) seen.add(o.series.values[n].buffer as ArrayBuffer);
  return [...seen];
}

/**
 * The whole run result a job output stands for, when it carries all of it (every series and
 * the other tables); undefined otherwise. Lets a receiver re-check the digest (verifyDigest).
 */
export function asRunResult(o: JobOutput): RunResult | undefined {
  if (!o.extras || o.series.names.length !== SERIES.length || !SERIES.every((s, i) => o.series.names[i] === s.name)) return undefined;
  return {
    manifest: o.manifest,
    summary: o.summary,
    series: { startDate: o.manifest.startDate, days: o.manifest.days, names: o.series.names, units: SERIES.map((s) => s.unit), values: o.series.values },
    ...o.extras,
  };
}
