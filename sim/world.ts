// The world: the whole state of a run as plain data (typed arrays and numbers), so that it
// can be stepped by free functions, snapshotted with structuredClone and sent between threads.
// Layout of the unit index space (every unit that holds a queue of cases):
//   [grids | communities | streets | enforcement teams | property centres | departments]
import { WORKDAY, buildCalendar, buildWorkIndex, type WorkIndex } from './calendar.ts';
import { exp, log } from './math/index.ts';
import { generateDistrict, type District } from './district.ts';
import { resolveParams, type Params } from './params.ts';
import { createStream, type Stream, type StreamState } from './rng.ts';
import { resolvedLevers, scenarioHash, type Scenario } from './scenario.ts';
import { DEPARTMENT_COUNT, LEVEL_COMMUNITY, LEVEL_DEPARTMENT, LEVEL_GRID, LEVEL_STREET } from './taxonomy.ts';
import { createRecorder, type Recorder } from './recorder.ts';
import { noteContact } from './cohort.ts';
import { LEDGER_ENTRIES_PER_RESIDENT_DAY, createMoney, type Money } from './money.ts';
import { setupEmergence, type Emergence } from './emergence.ts';
import { createWorkforce, type Workforce } from './workforce.ts';
import { decayTable } from './decay.ts';

export const KIND_GRID = 0;
export const KIND_COMMUNITY = 1;
export const KIND_STREET = 2;
export const KIND_ENFORCEMENT = 3;
export const KIND_PROPERTY = 4;
export const KIND_DEPARTMENT = 5;

/** Priority classes of a unit's queue (lower first). */
export const CLASS_EMERGENCY = 0;
export const CLASS_WHISTLE = 1;
export const CLASS_HOTLINE = 2;
export const CLASS_ORDINARY = 3;
export const CLASSES = 4;

export * from './case-codes.ts';
export * from './case-store.ts';
import { CHANNEL_HOTLINE } from './case-codes.ts';

/** Case flags. */
export const F_WHISTLE = 1;
export const F_DUPLICATE = 2;
export const F_SIGNOFF = 4;
export const F_COMMUNITY_WHISTLE = 8;
export const F_PAID = 16;
export const F_CONTACT_MISSED = 32;
export const F_ACCEPTED_HERE = 64;
/** Referred by the street (not dispatched by the command centre): the department may push it back. */
export const F_REFERRED = 128;

export interface Cases {
  capacity: number;
  /** Free-list head; `next` links free slots and queue members. */
  freeHead: number;
  live: number;
  sub: Uint8Array;
  grid: Int32Array;
  resident: Int32Array;
  channel: Uint8Array;
  stage: Uint8Array;
  unit: Int32Array;
  klass: Uint8Array;
  flags: Uint8Array;
  bounces: Uint8Array;
  reopens: Uint8Array;
  next: Int32Array;
  handler: Int32Array;
  emerged: Float64Array;
  discovered: Float64Array;
  accepted: Float64Array;
  resolved: Float64Array;
  whistled: Float64Array;
  signed: Float64Array;
  remaining: Float64Array;
  /** When the case entered the queue it is in. */
  arrived: Float64Array;
  hours: Float64Array;
  quality: Float64Array;
  /** Uniforms drawn at emergence (common random numbers for the case's own fate). */
  uDecide: Float64Array;
}

export interface Heap {
  size: number;
  seq: number;
  time: Float64Array;
  order: Float64Array;
  item: Int32Array;
  kind: Uint8Array;
}

export interface Units {
  n: number;
  firstCommunity: number;
  firstStreet: number;
  firstEnforcement: number;
  firstProperty: number;
  firstDepartment: number;
  kind: Uint8Array;
  level: Uint8Array;
  /** Index within its kind (grid id, community id, street id, department id). */
  owner: Int32Array;
  head: Int32Array; // n * CLASSES
  tail: Int32Array;
  queued: Int32Array;
  queuedHours: Float64Array;
  /** Hours available today, hours used today, hours owed from yesterday. */
  hours: Float64Array;
  used: Float64Array;
  /** Work hours a unit can give a day at full staff (for load). */
  baseHours: Float64Array;
  /** Headcount behind a non-grid unit's hours today (grids: see the workforce). */
  staff: Float64Array;
  /** Hours a unit owes elsewhere (whistle officers sent to a site), taken from its next working hours. */
  owed: Float64Array;
  /** Hours of work (cases' own hours) that arrived at each unit since the last monthly staffing review. */
  arrivedHours: Float64Array;
  /** Share of the department case staff each department unit holds (reviewed monthly; see handling.ts). */
  staffShare: Float64Array;
  /** Cumulative hours worked and hours available (for the 'no unit works more than it has' invariant). */
  workedTotal: Float64Array;
  availableTotal: Float64Array;
}

export interface Streams {
  emergence: Stream;
  discovery: Stream;
  hotline: Stream;
  routing: Stream;
  handling: Stream;
  closure: Stream;
  workforce: Stream;
}

export interface Counters {
  emerged: number;
  duplicates: number;
  lapsed: number;
  merged: number;
  closed: number;
  hidden: number;
  inCall: number;
  inTransit: number;
  waitingFunds: number;
  queuedByLevel: Float64Array; // 4 levels (verification counts at the grid)
  /** Events processed: heap events plus unit decisions and completions (for benchmarks). */
  events: number;
  timestampViolations: number;
  overworkViolations: number;
}

export interface World {
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  day: number;
  horizon: number;
  params: Params;
  district: District;
  calendar: Uint8Array;
  workIndex: WorkIndex;
  units: Units;
  cases: Cases;
  heap: Heap;
  emergence: Emergence;
  workforce: Workforce;
  money: Money;
  recorder: Recorder;
  counters: Counters;
  /** Call-centre queue (FIFO through cases.next). */
  callHead: number;
  callTail: number;
  callCapacity: number;
  /** Resident trust, stored as deviation from baseline at `trustDay`, brought up to date lazily. */
  trustDev: Float64Array;
  trustDay: Int32Array;
  /** Sum of trust deviations by housing type, as of `trustSumDay` (decays in closed form). */
  trustSum: Float64Array;
  trustSumDay: number;
  residentsByHousing: Float64Array;
  trustDecayPerDay: number;
  /** decay^n for n days (lazy trust updates). */
  trustDecayPow: Float64Array;
  volunteers: Int32Array; // per grid
  /** Social organisations' activity relative to the lever: mean trust / baseline, updated weekly (residents.ts). */
  cogovActivity: number;
  /** Department assessment scores (start 100). */
  assessment: Float64Array;
  streams: Streams;
  /** Optional calibration tally (bench/diag.ts sets it): hotline closures by handler kind and outcome. */
  tally?: Record<string, number>;
}

/** Stream names, in a fixed order (snapshots list their states in this order). */
export const STREAM_NAMES: (keyof Streams)[] = ['emergence', 'discovery', 'hotline', 'routing', 'handling', 'closure', 'workforce'];

function createStreams(seed: number, states?: Record<string, StreamState>): Streams {
  const s = {} as Streams;
  for (const name of STREAM_NAMES) s[name] = createStream(seed, name, states?.[name]);
  return s;
}

export function createCases(capacity: number): Cases {
  const c: Cases = {
    capacity, freeHead: 0, live: 0,
    sub: new Uint8Array(capacity), grid: new Int32Array(capacity), resident: new Int32Array(capacity),
    channel: new Uint8Array(capacity), stage: new Uint8Array(capacity), unit: new Int32Array(capacity),
    klass: new Uint8Array(capacity), flags: new Uint8Array(capacity), bounces: new Uint8Array(capacity),
    reopens: new Uint8Array(capacity), next: new Int32Array(capacity), handler: new Int32Array(capacity),
    emerged: new Float64Array(capacity), discovered: new Float64Array(capacity), accepted: new Float64Array(capacity),
    resolved: new Float64Array(capacity), whistled: new Float64Array(capacity), signed: new Float64Array(capacity),
    remaining: new Float64Array(capacity), arrived: new Float64Array(capacity), hours: new Float64Array(capacity), quality: new Float64Array(capacity),
    uDecide: new Float64Array(capacity),
  };
  for (let i = 0; i < capacity; i++) c.next[i] = i + 1 < capacity ? i + 1 : -1;
  return c;
}

function createHeap(capacity: number): Heap {
  return { size: 0, seq: 0, time: new Float64Array(capacity), order: new Float64Array(capacity), item: new Int32Array(capacity), kind: new Uint8Array(capacity) };
}

function createUnits(d: District): Units {
  const firstCommunity = d.nGrids;
  const firstStreet = firstCommunity + d.nCommunities;
  const firstEnforcement = firstStreet + d.nStreets;
  const firstProperty = firstEnforcement + d.nStreets;
  const firstDepartment = firstProperty + d.nStreets;
  const n = firstDepartment + DEPARTMENT_COUNT;
  const kind = new Uint8Array(n);
  const level = new Uint8Array(n);
  const owner = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    if (u < firstCommunity) { kind[u] = KIND_GRID; level[u] = LEVEL_GRID; owner[u] = u; }
    else if (u < firstStreet) { kind[u] = KIND_COMMUNITY; level[u] = LEVEL_COMMUNITY; owner[u] = u - firstCommunity; }
    else if (u < firstEnforcement) { kind[u] = KIND_STREET; level[u] = LEVEL_STREET; owner[u] = u - firstStreet; }
    else if (u < firstProperty) { kind[u] = KIND_ENFORCEMENT; level[u] = LEVEL_STREET; owner[u] = u - firstEnforcement; }
    else if (u < firstDepartment) { kind[u] = KIND_PROPERTY; level[u] = LEVEL_STREET; owner[u] = u - firstProperty; }
    else { kind[u] = KIND_DEPARTMENT; level[u] = LEVEL_DEPARTMENT; owner[u] = u - firstDepartment; }
  }
  return {
    n, firstCommunity, firstStreet, firstEnforcement, firstProperty, firstDepartment, kind, level, owner,
    head: new Int32Array(n * CLASSES).fill(-1), tail: new Int32Array(n * CLASSES).fill(-1),
    queued: new Int32Array(n), queuedHours: new Float64Array(n), hours: new Float64Array(n), used: new Float64Array(n),
    baseHours: new Float64Array(n), staff: new Float64Array(n), owed: new Float64Array(n),
    arrivedHours: new Float64Array(n), staffShare: new Float64Array(n), workedTotal: new Float64Array(n), availableTotal: new Float64Array(n),
  };
}

export interface WorldOptions {
  seed: number;
  /** Days the recorder preallocates for (it grows if stepped further). */
  days: number;
}

/** Build a world from a validated scenario. The seed is required: no entropy fallback. */
export function createWorld(scenario: Scenario, opts: WorldOptions): World {
  const levers = resolvedLevers(scenario);
  const params = resolveParams(levers);
  const seed = opts.seed;
  const district = generateDistrict(scenario.district, seed);
  const horizon = Math.max(1, opts.days);
  const calendar = buildCalendar(params.startDay, Math.max(horizon, 366) + 400);
  const units = createUnits(district);
  const expectedLive = Math.max(1024, Math.ceil(district.population * 0.04));
  const residentsByHousing = new Float64Array(3);
  const nR = district.nResidents;
  const trustDev = new Float64Array(nR);
  const trustSum = new Float64Array(3);
  const volunteers = new Int32Array(district.nGrids);
  // One pass over the residents (each sum still runs in resident order).
  const housing = district.residentHousing, trustZ = district.residentTrustZ, volunteerKey = district.residentVolunteerKey, residentGrid = district.residentGrid;
  const trustStart = params.trustStart, volunteerBar = params.volunteerRate * 2;
  for (let i = 0; i < nR; i++) {
    const h = housing[i];
    residentsByHousing[h]++;
    const t0 = Math.min(1, Math.max(0, trustStart + 0.15 * trustZ[i]));
    const dev = t0 - trustStart;
    trustDev[i] = dev;
    trustSum[h] += dev;
    // High-trust residents volunteer; the per-resident key makes the set monotone in the rate.
    const t = trustStart + dev;
    if (t > trustStart && volunteerKey[i] < volunteerBar) volunteers[residentGrid[i]]++;
  }
  const world: World = {
    scenarioId: scenario.id,
    scenarioHash: scenarioHash(scenario),
    seed,
    day: 0,
    horizon,
    params,
    district,
    calendar,
    workIndex: buildWorkIndex(calendar),
    units,
    cases: createCases(expectedLive),
    heap: createHeap(expectedLive),
    emergence: setupEmergence(district, params),
    workforce: createWorkforce(district, params),
    money: createMoney(district, params, Math.max(4096, district.population * Math.min(horizon, 366) * LEDGER_ENTRIES_PER_RESIDENT_DAY)),
    recorder: createRecorder(horizon, district),
    counters: {
      emerged: 0, duplicates: 0, lapsed: 0, merged: 0, closed: 0, hidden: 0, inCall: 0, inTransit: 0, waitingFunds: 0,
      queuedByLevel: new Float64Array(4), events: 0, timestampViolations: 0, overworkViolations: 0,
    },
    callHead: -1,
    callTail: -1,
    callCapacity: 0,
    trustDev,
    trustDay: new Int32Array(nR),
    trustSum,
    trustSumDay: 0,
    residentsByHousing,
    trustDecayPerDay: 0,
    trustDecayPow: new Float64Array(1),
    volunteers,
    cogovActivity: 1,
    assessment: new Float64Array(DEPARTMENT_COUNT).fill(100),
    streams: createStreams(seed),
  };
  world.trustDecayPerDay = decayFactor(params.trustHalfLifeDays);
  // The first weekly update stores a fraction here; setting one before any code runs gives the
  // field its double representation now, so that update does not change the world's hidden class
  // mid-run (which deoptimised every optimised function that takes the world, on day 3).
  world.cogovActivity = 0.5;
  world.cogovActivity = 1;
  world.trustDecayPow = decayTable(world.trustDecayPerDay, calendar.length + 1);
  return world;
}

/** 0.5^(1/halfLife) from the engine's own exp/log (see residents.ts). */
export function decayFactor(halfLifeDays: number): number {
  return exp(log(0.5) / halfLifeDays);
}

/** Re-create the streams of a world from exported states (after structuredClone of a snapshot). */
export function attachStreams(world: Omit<World, 'streams'> & { streams?: Streams }, states: Record<string, StreamState>): World {
  (world as World).streams = createStreams(world.seed, states);
  return world as World;
}

// ---- unit queues (intrusive FIFO lists per priority class)

export function enqueue(w: World, u: number, id: number, klass: number, time: number): void {
  const q = w.units;
  const c = w.cases;
  const k = u * CLASSES + klass;
  c.arrived[id] = time;
  if (c.accepted[id] < 0 && q.queuedHours[u] < 2 * q.baseHours[u]) {
    c.accepted[id] = contactTime(w, time, klass);
    if (c.channel[id] === CHANNEL_HOTLINE) noteContact(w, c.sub[id], c.discovered[id], -1, c.accepted[id]);
  }
  c.next[id] = -1;
  c.unit[id] = u;
  c.klass[id] = klass;
  if (q.tail[k] === -1) q.head[k] = id;
  else c.next[q.tail[k]] = id;
  q.tail[k] = id;
  q.queued[u]++;
  q.queuedHours[u] += c.remaining[id];
  q.arrivedHours[u] += c.hours[id];
  w.counters.queuedByLevel[q.level[u]]++;
}

/** Remove the head of class `klass` of unit `u` (the caller has it in hand). */
export function dequeueHead(w: World, u: number, klass: number): void {
  const q = w.units;
  const c = w.cases;
  const k = u * CLASSES + klass;
  const id = q.head[k];
  q.head[k] = c.next[id];
  if (q.head[k] === -1) q.tail[k] = -1;
  c.next[id] = -1;
  q.queued[u]--;
  q.queuedHours[u] -= c.remaining[id];
  if (q.queuedHours[u] < 1e-9) q.queuedHours[u] = q.queued[u] === 0 ? 0 : Math.max(0, q.queuedHours[u]);
  w.counters.queuedByLevel[q.level[u]]--;
}

/**
 * When a unit signs for a case and contacts the resident: at once during working hours (half an
 * hour later), the next working morning otherwise; emergencies any time (duty staff). A unit
 * with more than two days of work queued does not call back until it reaches the case.
 */
function contactTime(w: World, time: number, klass: number): number {
  if (klass === CLASS_EMERGENCY) return time + 0.25 / 24;
  let day = Math.floor(time);
  const frac = time - day;
  const cal = w.calendar;
  const workday = day < cal.length ? (cal[day] & WORKDAY) !== 0 : true;
  if (workday && frac >= 8 / 24 && frac < 17 / 24) return time + 0.5 / 24;
  if (workday && frac < 8 / 24) return day + 8.5 / 24;
  do day++; while (day < cal.length && !(cal[day] & WORKDAY));
  return day + 8.5 / 24;
}

