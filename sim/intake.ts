// Intake and routing (MODEL.md section 3, step 4): a discovered issue enters its grid's queue
// (patrol, direct report) or the 12345 call centre (hotline). The call centre answers within
// its operators' capacity; enquiries end there, appeals become work orders that the command
// centre routes to the lowest level allowed to close them. A misrouted order comes back after
// one to two days and is routed again (a bounce). Duplicate calls about the same issue are
// merged when data systems are integrated; otherwise they become cases of their own.
import { registerOrder } from './cohort.ts';
import { epidemicOn } from './emergence.ts';
import { touchTrust, currentTrust } from './residents.ts';
import { poisson } from './rng.ts';
import { LEVEL_COMMUNITY, LEVEL_DEPARTMENT, LEVEL_GRID, LEVEL_STREET, SUB_ITEMS, URGENCY_LIMIT_DAYS, departmentIndex } from './taxonomy.ts';
import {
  CHANNEL_DUPLICATE, CHANNEL_HOTLINE, CLASS_EMERGENCY, CLASS_HOTLINE, CLASS_ORDINARY, CLASS_WHISTLE, EV_ARRIVE,
  F_DUPLICATE, F_PAID, STAGE_CALL, STAGE_QUEUED, STAGE_TRANSIT, allocCase, enqueue, freeCase, heapPush, type World,
} from './world.ts';

/** Emergencies and utility failures have hour-level limits: duty staff take them first, any day. */
const SUB_EMERGENCY = new Uint8Array(SUB_ITEMS.map((s) => (s.urgency === 'emergency' || s.urgency === 'utility' ? 1 : 0)));
const SUB_PERSONAL = new Uint8Array(SUB_ITEMS.map((s) => (s.personal ? 1 : 0)));
/** Lead department of each sub-item (mediation items fall back to civil affairs). */
export const LEAD_DEPARTMENT = new Int32Array(SUB_ITEMS.map((s) => departmentIndex(s.departments[0] ?? 'civilAffairs')));
export const DEPARTMENTS_INVOLVED = new Int32Array(SUB_ITEMS.map((s) => Math.max(1, s.departments.length)));
export const SUB_LIMIT = new Float64Array(SUB_ITEMS.map((s) => URGENCY_LIMIT_DAYS[s.urgency]));

/** Mean duplicate calls per public (non-personal) appeal. */
const DUPLICATES_PER_APPEAL = 0.3;
const DISPATCH_DAYS = 3.7 / 60 / 24; // 3.7 minutes from call to dispatch (Beijing 2025)
/** A routed work order whose target unit is "the command centre again". */
export const UNIT_COMMAND = -2;

export function classFor(s: number, hotline: boolean): number {
  if (SUB_EMERGENCY[s]) return CLASS_EMERGENCY;
  return hotline ? CLASS_HOTLINE : CLASS_ORDINARY;
}

/** The unit at `level` responsible for a case of sub-item s in grid g. */
export function unitAt(w: World, level: number, g: number, s: number): number {
  const u = w.units;
  const d = w.district;
  if (level === LEVEL_GRID) return g;
  if (level === LEVEL_COMMUNITY) return u.firstCommunity + d.gridCommunity[g];
  if (level === LEVEL_STREET) return u.firstStreet + d.gridStreet[g];
  return u.firstDepartment + LEAD_DEPARTMENT[s];
}

/** A hidden issue is found (EV_DISCOVER). */
export function discover(w: World, id: number, time: number): void {
  const c = w.cases;
  const ch = c.channel[id];
  w.counters.hidden--;
  c.discovered[id] = time;
  w.recorder.today.discovered[ch]++;
  w.money.caseloadMonth[w.district.gridStreet[c.grid[id]]]++;
  if (ch === CHANNEL_HOTLINE) {
    c.stage[id] = STAGE_CALL;
    c.next[id] = -1;
    if (w.callTail === -1) w.callHead = id;
    else c.next[w.callTail] = id;
    w.callTail = id;
    w.counters.inCall++;
    w.recorder.today.appeals++;
    registerOrder(w, c.sub[id], time);
  } else {
    c.remaining[id] = c.hours[id];
    enqueue(w, c.grid[id], id, classFor(c.sub[id], false), time);
    setQueued(w, id);
  }
}

function setQueued(w: World, id: number): void {
  w.cases.stage[id] = STAGE_QUEUED;
}

/** A hidden issue ends by itself without anyone dealing with it (EV_LAPSE): the dark figure. */
export function lapse(w: World, id: number, time: number): void {
  const c = w.cases;
  w.counters.hidden--;
  w.counters.lapsed++;
  w.recorder.today.lapsed++;
  const day = Math.floor(time);
  const res = c.resident[id];
  touchTrust(w, res, day, currentTrust(w, res, day), 0, 0.002 * (time - c.emerged[id]));
  freeCase(c, id);
}

/** The call centre's day: answer within capacity (backlog first), route appeals, count enquiries. */
export function callCentre(w: World, t: number): void {
  const c = w.cases;
  const p = w.params;
  const r = w.streams.hotline;
  const rec = w.recorder.today;
  const operators = (p.operatorsPer100k * w.district.population) / 100000;
  const capacity = Math.max(1, Math.floor(operators * 90));
  w.callCapacity = capacity;
  const appeals = w.counters.inCall;
  const enquiries = poisson(r, p.enquiriesPerAppeal * rec.appeals * (epidemicOn(p, t) ? 3 : 1));
  const demand = appeals + enquiries;
  let answerAppeals = appeals;
  let answerEnquiries = enquiries;
  if (demand > capacity) {
    answerAppeals = Math.min(appeals, Math.round((capacity * appeals) / demand));
    answerEnquiries = Math.min(enquiries, capacity - answerAppeals);
  }
  rec.enquiries += enquiries;
  rec.enquiriesAnswered += answerEnquiries;
  rec.callsAnswered += answerAppeals + answerEnquiries;
  for (let k = 0; k < answerAppeals; k++) {
    const id = w.callHead;
    w.callHead = c.next[id];
    if (w.callHead === -1) w.callTail = -1;
    c.next[id] = -1;
    w.counters.inCall--;
    const time = Math.max(c.discovered[id], t) + DISPATCH_DAYS;
    routeOrder(w, id, time);
    if (!SUB_PERSONAL[c.sub[id]]) duplicates(w, id, time);
  }
}

function duplicates(w: World, id: number, time: number): void {
  const c = w.cases;
  const p = w.params;
  const r = w.streams.hotline;
  const k = poisson(r, DUPLICATES_PER_APPEAL);
  for (let j = 0; j < k; j++) {
    w.counters.duplicates++;
    w.recorder.today.duplicates++;
    if (r() < p.mergeShare) {
      w.counters.merged++;
      w.recorder.today.merged++;
      continue;
    }
    const d = allocCase(c);
    c.sub[d] = c.sub[id];
    c.grid[d] = c.grid[id];
    c.resident[d] = c.resident[id];
    c.channel[d] = CHANNEL_DUPLICATE;
    c.flags[d] = F_DUPLICATE | F_PAID; // a duplicate order buys no second set of materials
    c.emerged[d] = time;
    c.discovered[d] = time;
    c.hours[d] = c.hours[id] * 0.5;
    c.remaining[d] = c.hours[d];
    c.uDecide[d] = c.uDecide[id];
    routeOrder(w, d, time);
  }
}

/** The command centre routes a work order (possibly to the wrong unit: a bounce). */
export function routeOrder(w: World, id: number, time: number): void {
  const c = w.cases;
  const p = w.params;
  const s = c.sub[id];
  const klass = classFor(s, true);
  if (w.streams.routing() >= p.routingAccuracy && c.bounces[id] < 4) {
    c.bounces[id]++;
    w.recorder.today.bounced++;
    transit(w, id, time + 1 + w.streams.routing(), UNIT_COMMAND, klass);
    return;
  }
  c.remaining[id] = c.hours[id];
  // With the street whistle on, an order that needs several departments goes to the street of
  // its grid, which whistles them to the site together (街道吹哨、部门报到; sim/whistle.ts),
  // instead of to the lead department alone; the street takes such orders first (whistle class).
  const level = p.effectiveAuthority[s];
  const toStreet = level === LEVEL_DEPARTMENT && p.whistleStreet && DEPARTMENTS_INVOLVED[s] > 1;
  enqueue(w, unitAt(w, toStreet ? LEVEL_STREET : level, c.grid[id], s), id, toStreet ? Math.min(klass, CLASS_WHISTLE) : klass, time);
  setQueued(w, id);
}

/** Put a case on its way to `unit`, arriving at `time`. */
export function transit(w: World, id: number, time: number, unit: number, klass: number): void {
  const c = w.cases;
  c.stage[id] = STAGE_TRANSIT;
  c.unit[id] = unit;
  c.klass[id] = klass;
  w.counters.inTransit++;
  heapPush(w.heap, time, id, EV_ARRIVE);
}

/** EV_ARRIVE: a case in transit reaches its unit (or the command centre, to be routed again). */
export function arrive(w: World, id: number, time: number): void {
  const c = w.cases;
  w.counters.inTransit--;
  const unit = c.unit[id];
  if (unit === UNIT_COMMAND) {
    routeOrder(w, id, time);
    return;
  }
  enqueue(w, unit, id, c.klass[id], time);
  setQueued(w, id);
}
