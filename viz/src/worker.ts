// The engine in a web worker, exposed with comlink. It holds one simulation at a time and steps
// it on request, sending back only what is new (series from the last day sent, transferred, not
// copied). Everything it reads from a running simulation comes through the engine's public
// read-only views (flowsSoFar, gridStats, communityStats, gridQueue); the digest is computed only
// at the end of a run (finish) or on request. The page runs several of these for compare mode and
// replications, and asks one for the replication bands (the engine's statistics).
import * as Comlink from 'comlink';
import {
  ENGINE_VERSION, LEVERS, LEVER_GROUPS, MAX_DAYS, METRICS, SERIES, composeScenario, createSimulation, findConflicts,
  finish, readSeries, resolvedLevers, restore, run, scenarioHash, snapshot, stepDays, validateScenario, type Patch,
  type RunResult, type Scenario, type Simulation,
} from '../../sim/index.ts';
import { communityStats, flowsSoFar, gridQueue as engineGridQueue, districtLayout, gridStats } from '../../sim/inspect.ts';
import { CATEGORIES, HOUSING_LABELS, HOUSING_TYPES, LEVELS, LEVEL_LABELS, SUB_ITEMS } from '../../sim/taxonomy.ts';
import { bandBuffers, bandSet } from './bands.ts';
import { getPatch, getScenario, listPresets, patchIds, scenarioIds } from './registry.ts';
import { posteriorApi } from './posterior.ts';
import type {
  BandSet, Catalogue, EngineApi, FlowData, Frame, GridData, Layout, PatchConflict, QueueRow, RunOutput, RunSpec, StepOptions,
} from './protocol.ts';

/** The open run: the simulation and what the worker keeps about its district (read once at open). */
interface Open {
  sim: Simulation;
  days: number;
  spec: RunSpec;
  /** The fork has been taken (the simulation continues under the fork's levers). */
  forked: boolean;
  gridCommunity: Int32Array;
  gridResidents: Int32Array;
  oldShare: Float64Array;
  elderly: Float64Array;
}

let current: Open | undefined;
let sent = 0;
let millis = 0;

function patchesOf(ids: readonly string[]): Patch[] {
  return ids.map((id) => {
    const p = getPatch(id);
    if (!p) throw new Error(`unknown patch "${id}"; known: ${patchIds().join(', ')}`);
    return p;
  });
}

/** The scenario of a spec: preset, then patches (refused when they conflict), then changed levers. */
function scenarioOf(spec: RunSpec): Scenario {
  const base = getScenario(spec.preset);
  if (!base) throw new Error(`unknown preset "${spec.preset}"; known: ${scenarioIds().join(', ')}`);
  return composeScenario(base, patchesOf(spec.patches ?? []), spec.levers ?? {});
}

function catalogue(): Catalogue {
  const presetLevers: Catalogue['presetLevers'] = {};
  for (const id of scenarioIds()) presetLevers[id] = resolvedLevers(getScenario(id)!);
  return {
    engineVersion: ENGINE_VERSION,
    maxDays: MAX_DAYS,
    levers: structuredClone([...LEVERS]),
    groups: LEVER_GROUPS.map((g) => ({ ...g })),
    series: SERIES.map((s) => ({ ...s })),
    metrics: METRICS.map((m) => ({ ...m })),
    presets: listPresets(),
    patches: patchIds().map((id) => {
      const p = getPatch(id)!;
      return { id: p.id, zh: p.name.zh, en: p.name.en, description: p.description, levers: p.levers };
    }),
    presetLevers,
    levels: LEVELS.map((l) => ({ id: l, ...LEVEL_LABELS[l] })),
    categories: CATEGORIES.map((c) => ({ id: c.id, zh: c.zh, en: c.en })),
    subItems: SUB_ITEMS.map((s) => ({ id: s.id, category: s.category, zh: s.zh, en: s.en })),
    housing: HOUSING_TYPES.map((h) => ({ id: h, ...HOUSING_LABELS[h] })),
  };
}

function conflicts(ids: string[]): PatchConflict[] {
  return findConflicts(patchesOf(ids));
}

/** A fork's day must fall inside the run (1 … days − 1). */
function checkFork(spec: RunSpec): void {
  const f = spec.fork;
  if (!f) return;
  if (!Number.isInteger(f.day) || f.day < 1 || f.day >= spec.days) {
    throw new RangeError(`fork.day must be a whole number from 1 to ${spec.days - 1} (the run has ${spec.days} days), got ${JSON.stringify(f.day)}`);
  }
}

/** The scenario after the fork: preset, patches, then the fork's levers. */
function forkScenario(spec: RunSpec): Scenario {
  return validateScenario(scenarioOf({ ...spec, levers: spec.fork!.levers }));
}

/** A whole run of a spec, fork included (snapshot at the fork's day, restored under the fork's levers). */
function runSpec(spec: RunSpec): RunResult {
  checkFork(spec);
  if (!spec.fork) return run(scenarioOf(spec), { seed: spec.seed, days: spec.days });
  const trunk = createSimulation(scenarioOf(spec), { seed: spec.seed, days: spec.days });
  stepDays(trunk, spec.fork.day);
  const branch = restore(snapshot(trunk), forkScenario(spec));
  stepDays(branch, spec.days - branch.day);
  return finish(branch);
}

function open(spec: RunSpec): Layout {
  checkFork(spec);
  const scenario = validateScenario(scenarioOf(spec));
  const t0 = performance.now();
  const sim = createSimulation(scenario, { seed: spec.seed, days: spec.days });
  millis = performance.now() - t0;
  sent = 0;
  // The district's shape (fixed for the run).
  const d = districtLayout(sim);
  current = {
    sim, days: spec.days, spec, forked: false,
    gridCommunity: d.gridCommunity, gridResidents: d.gridResidents,
    oldShare: d.gridOldShare, elderly: d.gridElderlyShare,
  };
  return {
    scenarioId: scenario.id,
    scenarioHash: scenarioHash(scenario),
    startDate: resolvedLevers(scenario)['calendar.startDate'] as string,
    name: scenario.name,
    population: d.population,
    streets: scenario.district.streets.map((s) => ({ id: s.id, zh: s.zh, en: s.en })),
    communityStreet: d.communityStreet,
    gridCommunity: d.gridCommunity.slice(),
    gridPopulation: d.gridResidents.slice(),
  };
}

/** Per-grid figures for the map (the engine's gridStats and communityStats). */
function gridData(o: Open): GridData {
  const gs = gridStats(o.sim);
  const cs = communityStats(o.sim);
  const per1000 = (a: ArrayLike<number>) => Float64Array.from(a, (x, g) => (o.gridResidents[g] > 0 ? (1000 * x) / o.gridResidents[g] : 0));
  const byCommunity = (a: Float64Array) => Float64Array.from(o.gridCommunity, (c) => a[c]);
  return {
    open: per1000(gs.open),
    hidden: per1000(gs.hidden),
    queue: Float64Array.from(gs.queued),
    load: gs.load,
    workers: Float64Array.from(gs.workers),
    vacant: Float64Array.from(gs.vacant),
    trust: gs.trust,
    resTime: byCommunity(cs.meanDays),
    satisfaction: byCommunity(cs.satisfaction),
    oldShare: o.oldShare.slice(),
    elderly: o.elderly.slice(),
  };
}

function flowData(f: ReturnType<typeof flowsSoFar>): FlowData {
  return { caseFlow: f.caseFlow, moneyFlow: f.moneyFlow, histogram: { binDays: f.histogram.binDays, all: f.histogram.all } };
}

function need(): Open {
  if (!current) throw new Error('no simulation is open: call open(spec) first');
  return current;
}

function transferables(values: Record<string, Float64Array>, extra: Float64Array[] = []): ArrayBuffer[] {
  return [...Object.values(values), ...extra].map((a) => a.buffer as ArrayBuffer);
}

function step(days: number, opts: StepOptions = {}): Frame {
  const o = need();
  const n = Math.max(0, Math.min(Math.floor(days), o.days - o.sim.day));
  const t0 = performance.now();
  const end = o.sim.day + n;
  const fork = o.spec.fork;
  if (fork && !o.forked && fork.day <= end) {
    // The fork's day: continue from this state under the fork's levers.
    stepDays(o.sim, fork.day - o.sim.day);
    o.sim = restore(snapshot(o.sim), forkScenario(o.spec));
    o.forked = true;
  }
  stepDays(o.sim, end - o.sim.day);
  millis += performance.now() - t0;
  const w = o.sim;
  const series = readSeries(w, undefined, sent);
  sent = series.to;
  const done = w.day >= o.days;
  const frame: Frame = { day: w.day, series, done };
  if (done) {
    // The end of the run: the full result, digest included, once.
    const r = finish(w);
    frame.flows = flowData(r);
    frame.grid = gridData(o);
    frame.manifest = r.manifest;
    frame.summary = r.summary;
  } else if (opts.details) {
    frame.flows = flowData(flowsSoFar(w));
    frame.grid = gridData(o);
  }
  return Comlink.transfer(frame, transferables(series.values, frame.grid ? Object.values(frame.grid) : []));
}

function gridQueue(grid: number, limit = 200): QueueRow[] {
  return engineGridQueue(need().sim, grid, limit);
}

/** The result so far, digest included (on request). */
function result(): { manifest: ReturnType<typeof finish>['manifest']; summary: Record<string, number> } {
  const r = finish(need().sim);
  return { manifest: r.manifest, summary: r.summary };
}

function runAll(spec: RunSpec, names?: string[]): RunOutput {
  const r = runSpec(spec);
  const values: Record<string, Float64Array> = {};
  for (const n of names ?? r.series.names) if (r.series.values[n]) values[n] = r.series.values[n];
  return Comlink.transfer({ manifest: r.manifest, summary: r.summary, values }, transferables(values));
}

function digest(spec: RunSpec): string {
  return runSpec(spec).manifest.digest;
}

function bands(main: Record<string, Float64Array>[], base: Record<string, Float64Array>[] | undefined, days: number): BandSet {
  const set = bandSet(main, base, days);
  return Comlink.transfer(set, bandBuffers(set));
}

const api: EngineApi = { catalogue, conflicts, open, step, gridQueue, result, runAll, digest, bands, stepMillis: () => millis, ...posteriorApi };
Comlink.expose(api);
