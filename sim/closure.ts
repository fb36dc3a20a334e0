// Feedback, verification, closure and evaluation (MODEL.md section 3, step 6, the seed's closed
// loop): the handler reports back, the grid worker verifies, a case not truly resolved reopens,
// and the resident rates the outcome; trust moves toward the rating (step 7).
import { workingDeadlineDay } from './calendar.ts';
import { touchTrust } from './residents.ts';
import { SUB_LIMIT, classFor } from './intake.ts';
import { LEVEL_COMMUNITY, LEVEL_STREET, SUB_ITEMS, URGENCY_RESPONSE_DAYS, categoryIndex } from './taxonomy.ts';
import {
  CHANNEL_DIRECT, CHANNEL_HOTLINE, CHANNEL_PATROL, F_ACCEPTED_HERE, F_DUPLICATE, KIND_DEPARTMENT, STAGE_CLOSED, STAGE_QUEUED, STAGE_VERIFY,
  enqueue, freeCase, type World,
} from './world.ts';
import { recordResolution } from './recorder.ts';
import { departmentSettles } from './whistle.ts';
import { noteClosed } from './cohort.ts';
import { noteClosure } from './workforce.ts';

const SUB_CAT = new Int32Array(SUB_ITEMS.map((s) => categoryIndex(s.category)));
const SUB_RESPONSE = new Float64Array(SUB_ITEMS.map((s) => URGENCY_RESPONSE_DAYS[s.urgency]));
/** Ordinary and complex time limits run in working days; the others in calendar time. */
const SUB_WORKING_DAYS = new Uint8Array(SUB_ITEMS.map((s) => (s.urgency === 'ordinary' || s.urgency === 'complex' ? 1 : 0)));

/** End (exclusive) of the n-th working day after the day of `time`. */
function workingDeadline(w: World, time: number, n: number): number {
  return workingDeadlineDay(w.workIndex, Math.floor(time), n);
}
const MAX_REOPENS = 2;
const SUB_MULTI = new Uint8Array(SUB_ITEMS.map((s) => (s.departments.length > 1 ? 1 : 0)));

/** The handler reports back; the grid worker of the case's grid verifies it. */
export function sendForVerification(w: World, id: number, time: number): void {
  const c = w.cases;
  c.remaining[id] = w.params.verifyHours;
  c.flags[id] |= F_ACCEPTED_HERE;
  enqueue(w, c.grid[id], id, c.klass[id], time);
  c.stage[id] = STAGE_VERIFY;
}

export function verifyDone(w: World, id: number, time: number): void {
  closeOrReopen(w, id, time);
}

/** Truly resolved (with the handler's quality) → close; otherwise reopen at the handler, at most twice. */
export function closeOrReopen(w: World, id: number, time: number): void {
  const c = w.cases;
  const ok = w.streams.closure() < c.quality[id];
  if (ok) {
    close(w, id, time, true);
    return;
  }
  c.reopens[id]++;
  w.recorder.today.reopened++;
  if (c.reopens[id] > MAX_REOPENS) {
    close(w, id, time, false);
    return;
  }
  const handler = c.handler[id];
  const klass = classFor(c.sub[id], c.channel[id] === CHANNEL_HOTLINE);
  if (w.units.baseHours[handler] > 0) {
    c.remaining[id] = c.hours[id] * 0.5;
    c.flags[id] |= F_ACCEPTED_HERE;
    enqueue(w, handler, id, klass, time);
  } else {
    // The handler is gone (a team disbanded mid-run): the street takes the case up again.
    c.remaining[id] = c.hours[id];
    c.flags[id] &= ~F_ACCEPTED_HERE;
    enqueue(w, w.units.firstStreet + w.district.gridStreet[c.grid[id]], id, klass, time);
  }
  c.stage[id] = STAGE_QUEUED;
}

/**
 * Share of issues no handler can truly settle (legacy illegal buildings, bankrupt employers,
 * disputes with no remedy): closed with an explanation, judged unresolved. Guess.
 */
const SUB_INTRACTABLE = new Float64Array(SUB_ITEMS.map((s) => (s.urgency === 'complex' ? 0.12 : 0.025)));

/** Close a case its unit gave up on (no money for the repair): judged unresolved, rated as never handled. */
export function closeUnhandled(w: World, id: number, time: number): void {
  close(w, id, time, false);
}

function close(w: World, id: number, time: number, handled: boolean): void {
  const c = w.cases;
  const p = w.params;
  const rec = w.recorder;
  const today = rec.today;
  const s = c.sub[id];
  const ch = c.channel[id];
  // Beyond remedy, or (at a department) settled only in part: closed with an explanation.
  const atDepartment = w.units.kind[c.handler[id]] === KIND_DEPARTMENT;
  const settles = atDepartment ? departmentSettles(w, s, c.whistled[id] >= 0) : 1;
  const resolvedOk = handled && w.streams.closure() >= 1 - (1 - SUB_INTRACTABLE[s]) * settles;
  const dup = (c.flags[id] & F_DUPLICATE) !== 0;
  c.stage[id] = STAGE_CLOSED;
  w.counters.closed++;
  today.closed++;
  const handlerLevel = w.units.level[c.handler[id]];
  today.closedByLevel[handlerLevel]++;
  rec.flow[ch * 4 + handlerLevel]++;
  // Timestamps must be ordered: emerged ≤ discovered ≤ accepted ≤ resolved ≤ closed.
  const e = c.emerged[id], dsc = c.discovered[id], acc = c.accepted[id], res = c.resolved[id];
  if (!(e <= dsc && dsc <= acc && acc <= time + 1e-9 && (res < 0 || (acc <= res + 1e-9 && res <= time + 1e-9)))) w.counters.timestampViolations++;
  // Time to resolution: from discovery to the handler's last fix (verification comes after).
  const fixed = res >= 0 ? res : time;
  const elapsed = fixed - dsc;
  const limit = SUB_LIMIT[s];
  const working = SUB_WORKING_DAYS[s] === 1;
  const onTime = working ? fixed <= workingDeadline(w, dsc, limit) : elapsed <= limit;
  noteClosure(w, c.grid[id], onTime);
  // Resolution as residents judge it: truly resolved within twice the time limit.
  const solved = resolvedOk && (working ? fixed <= workingDeadline(w, dsc, 2 * limit) : elapsed <= 2 * limit);
  // Handled but beyond remedy: an explanation satisfies some; never really handled: few.
  let pSat = resolvedOk ? (onTime ? p.satisfiedOnTime : p.satisfiedLate) : handled ? 0.5 : 0.15;
  if (c.reopens[id] > 0) pSat -= 0.2;
  const satisfied = w.streams.closure() < pSat;
  const community = w.district.gridCommunity[c.grid[id]];
  if (w.tally && !dup) {
    const key = `${SUB_ITEMS[s].id}/${w.units.kind[c.handler[id]]}/${ch}/${satisfied ? 'S' : 's'}${solved ? 'R' : resolvedOk ? 'l' : 'u'}`;
    w.tally[key] = (w.tally[key] ?? 0) + 1;
  }
  if (!dup) {
    recordResolution(w, SUB_CAT[s], SUB_MULTI[s] === 1, community, elapsed, satisfied);
    if (ch === CHANNEL_HOTLINE) {
      today.hotlineClosed++;
      // Response: taken up by the end of the next working day (emergencies: within 2 hours).
      const responded = SUB_RESPONSE[s] < 1 ? acc - dsc <= SUB_RESPONSE[s] : acc <= workingDeadline(w, dsc, 1);
      if (responded) today.hotlineResponded++;

      if (solved) today.hotlineResolved++;
      if (satisfied) today.hotlineSatisfied++;
      noteClosed(w, s, dsc, solved);
    } else if (ch === CHANNEL_PATROL || ch === CHANNEL_DIRECT) {
      today.gridClosed++;
      // Inside the grid system: closed by the grid, the community or the street's own units,
      // without going up to a district department (strictly: grid or community).
      if (handlerLevel <= LEVEL_STREET) today.gridInside++;
      if (handlerLevel <= LEVEL_COMMUNITY) today.gridInsideStrict++;
      if (satisfied) today.gridSatisfied++;
    }
    const day = Math.floor(time);
    // Dark figure: the days it stayed hidden weigh on the resident's trust too.
    touchTrust(w, c.resident[id], day, satisfied ? 1 : 0, 0.1, 0.002 * (dsc - e));
  }
  freeCase(c, id);
}
