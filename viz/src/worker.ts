// The engine in a web worker, exposed with comlink. It holds one simulation at a time and steps
// it on request, sending back only what is new (series from the last day sent, transferred, not
// copied). The page runs several of these for compare mode and replications.
import * as Comlink from 'comlink';
import {
  CATEGORIES, ENGINE_VERSION, HOUSING_LABELS, HOUSING_TYPES, LEVELS, LEVEL_LABELS, LEVERS, LEVER_GROUPS, MAX_DAYS, METRICS,
  SERIES, SUB_ITEMS, createSimulation, finish, readSeries, resolvedLevers, run, stepDays, withLevers,
  type Scenario, type Simulation,
} from '../../sim/index.ts';
import { getScenario, listPresets, scenarioIds } from '../../scenarios/index.ts';
import type { Catalogue, EngineApi, Frame, GridData, Layout, QueueRow, RunOutput, RunSpec, StepOptions } from './protocol.ts';

// Case stages and post states as sim/world.ts and sim/workforce.ts number them (not public yet;
// see the proposal for `gridStats` in test/viz/README.md).
const STAGE_HIDDEN = 1;
const STAGE_CALL = 2;
const STAGE_QUEUED = 3;
const STAGE_VERIFY = 4;
const STAGE_FUNDS = 6;
const STAGE_NAMES = ['', 'hidden', 'call', 'queued', 'verify', 'transit', 'funds', 'closed'];
const POST_VACANT = 2;

let sim: Simulation | undefined;
let sent = 0;
let millis = 0;

function scenarioOf(spec: RunSpec): Scenario {
  const base = getScenario(spec.preset);
  if (!base) throw new Error(`unknown preset "${spec.preset}"; known: ${scenarioIds().join(', ')}`);
  return withLevers(base, spec.levers ?? {});
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
    presetLevers,
    levels: LEVELS.map((l) => ({ id: l, ...LEVEL_LABELS[l] })),
    categories: CATEGORIES.map((c) => ({ id: c.id, zh: c.zh, en: c.en })),
    subItems: SUB_ITEMS.map((s) => ({ id: s.id, category: s.category, zh: s.zh, en: s.en })),
    housing: HOUSING_TYPES.map((h) => ({ id: h, ...HOUSING_LABELS[h] })),
  };
}

function open(spec: RunSpec): Layout {
  const scenario = scenarioOf(spec);
  const t0 = performance.now();
  sim = createSimulation(scenario, { seed: spec.seed, days: spec.days });
  millis = performance.now() - t0;
  sent = 0;
  const d = sim.district;
  return {
    scenarioId: sim.scenarioId,
    scenarioHash: sim.scenarioHash,
    startDate: resolvedLevers(scenario)['calendar.startDate'] as string,
    name: scenario.district.name,
    population: d.population,
    streets: scenario.district.streets.map((s) => ({ id: s.id, zh: s.zh, en: s.en })),
    communityStreet: d.communityStreet.slice(),
    gridCommunity: d.gridCommunity.slice(),
    gridPopulation: d.gridResidents.slice(),
  };
}

function trustDecay(w: Simulation, days: number): number {
  const tab = w.trustDecayPow;
  return days < tab.length ? tab[days] : Math.pow(w.trustDecayPerDay, days);
}

/** Per-grid figures derived from the world (see the `gridStats` proposal). */
function gridData(w: Simulation): GridData {
  const d = w.district;
  const G = d.nGrids;
  const c = w.cases;
  const open = new Float64Array(G);
  const hidden = new Float64Array(G);
  for (let id = 0; id < c.capacity; id++) {
    const s = c.stage[id];
    if (s === STAGE_HIDDEN) hidden[c.grid[id]]++;
    else if (s >= STAGE_CALL && s <= STAGE_FUNDS) open[c.grid[id]]++;
  }
  const queue = new Float64Array(G);
  const load = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    queue[g] = w.units.queued[g];
    load[g] = w.units.baseHours[g] > 0 ? w.units.queuedHours[g] / w.units.baseHours[g] : 0;
  }
  const workers = new Float64Array(G);
  const vacant = new Float64Array(G);
  const wf = w.workforce;
  for (let i = 0; i < wf.nPosts; i++) {
    if (wf.status[i] === POST_VACANT) vacant[wf.postGrid[i]]++;
    else workers[wf.postGrid[i]]++;
  }
  const trust = new Float64Array(G);
  const t = w.day;
  for (let g = 0; g < G; g++) {
    const first = d.gridFirstResident[g];
    const n = d.gridResidents[g];
    let sum = 0;
    for (let i = first; i < first + n; i++) {
      const age = t - w.trustDay[i];
      sum += w.trustDev[i] * (age > 0 ? trustDecay(w, age) : 1);
    }
    trust[g] = w.params.trustStart + (n > 0 ? sum / n : 0);
  }
  const resTime = new Float64Array(G);
  const satisfaction = new Float64Array(G);
  const rc = w.recorder.community;
  for (let g = 0; g < G; g++) {
    const k = d.gridCommunity[g] * 4;
    resTime[g] = rc[k] > 0 ? rc[k + 1] / rc[k] : NaN;
    satisfaction[g] = rc[k + 2] > 0 ? rc[k + 3] / rc[k + 2] : NaN;
  }
  const per1000 = (a: Float64Array) => a.map((x, g) => (d.gridResidents[g] > 0 ? (1000 * x) / d.gridResidents[g] : 0));
  return {
    open: per1000(open),
    hidden: per1000(hidden),
    queue,
    load,
    workers,
    vacant,
    trust,
    resTime,
    satisfaction,
    oldShare: d.gridOldShare.slice(),
    elderly: d.gridElderlyShare.slice(),
  };
}

function need(): Simulation {
  if (!sim) throw new Error('no simulation is open: call open(spec) first');
  return sim;
}

function transferables(values: Record<string, Float64Array>, extra: Float64Array[] = []): ArrayBuffer[] {
  return [...Object.values(values), ...extra].map((a) => a.buffer as ArrayBuffer);
}

function step(days: number, opts: StepOptions = {}): Frame {
  const w = need();
  const n = Math.max(0, Math.min(Math.floor(days), w.horizon - w.day));
  const t0 = performance.now();
  stepDays(w, n);
  millis += performance.now() - t0;
  const series = readSeries(w, undefined, sent);
  sent = series.to;
  const done = w.day >= w.horizon;
  const frame: Frame = { day: w.day, series, done };
  if (opts.details || done) {
    const r = finish(w);
    frame.flows = { caseFlow: r.caseFlow, moneyFlow: r.moneyFlow, histogram: { binDays: r.histogram.binDays, all: r.histogram.all } };
    frame.grid = gridData(w);
    if (done) {
      frame.manifest = r.manifest;
      frame.summary = r.summary;
    }
  }
  return Comlink.transfer(frame, transferables(series.values, frame.grid ? Object.values(frame.grid) : []));
}

function gridQueue(grid: number, limit = 200): QueueRow[] {
  const w = need();
  const c = w.cases;
  const rows: QueueRow[] = [];
  for (let id = 0; id < c.capacity; id++) {
    const s = c.stage[id];
    if (c.grid[id] !== grid || s < STAGE_CALL || s > STAGE_FUNDS) continue;
    const unit = c.unit[id];
    const level = (s === STAGE_QUEUED || s === STAGE_VERIFY) && unit >= 0 ? LEVELS[w.units.level[unit]] : '';
    const since = c.discovered[id] >= 0 ? c.discovered[id] : c.emerged[id];
    rows.push({ subItem: SUB_ITEMS[c.sub[id]].id, stage: STAGE_NAMES[s], level, ageDays: Math.max(0, w.day - since), whistle: (c.flags[id] & 1) !== 0 });
  }
  rows.sort((a, b) => b.ageDays - a.ageDays);
  return rows.slice(0, limit);
}

function result(): { manifest: ReturnType<typeof finish>['manifest']; summary: Record<string, number> } {
  const r = finish(need());
  return { manifest: r.manifest, summary: r.summary };
}

function runAll(spec: RunSpec, names?: string[]): RunOutput {
  const r = run(scenarioOf(spec), { seed: spec.seed, days: spec.days });
  const values: Record<string, Float64Array> = {};
  for (const n of names ?? r.series.names) if (r.series.values[n]) values[n] = r.series.values[n];
  return Comlink.transfer({ manifest: r.manifest, summary: r.summary, values }, transferables(values));
}

function digest(spec: RunSpec): string {
  return run(scenarioOf(spec), { seed: spec.seed, days: spec.days }).manifest.digest;
}

const api: EngineApi = { catalogue, open, step, gridQueue, result, runAll, digest, stepMillis: () => millis };
Comlink.expose(api);
