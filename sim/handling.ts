// Handling (MODEL.md section 3, step 5): every unit spends its hours of the day on its queue,
// emergency > whistle > hotline order > ordinary, first come first served within a class.
// On first touch a unit decides: work the case, escalate it (grid → community → street), hand
// it to the street's enforcement team or property centre, refer it to a department or blow the
// whistle; a department may push an ordinary referral back (推诿). Work that needs repair
// money waits when the paying account cannot cover it.
import { departmentScale } from './district.ts';
import { MONTH_START, WORKDAY } from './calendar.ts';
import { CASE_COST, payRepair, payerForUnit } from './money.ts';
import { ROLE_STREET } from './payroll.ts';
import { gridCovered } from './property-centre.ts';
import { moraleFactor } from './workforce.ts';
import { closeOrReopen, closeUnhandled, sendForVerification, verifyDone } from './closure.ts';
import { noteContact } from './cohort.ts';
import { OFFICER_CASE_SHARE, departmentOfficers, streetTeamOfficers } from './enforcement.ts';
import { planPropertyStaff } from './property.ts';
import { checkWhistleDeadlines, recoverAssessment, reportToSite, signDelayHours, whistleClass, whistleFirst, whistlePushback } from './whistle.ts';
import { DEPARTMENTS_INVOLVED, LEAD_DEPARTMENT, transit } from './intake.ts';
import { DEPARTMENT_COUNT, LEVEL_COMMUNITY, LEVEL_GRID, LEVEL_STREET, SUB_ITEMS } from './taxonomy.ts';

export { whistleReportDeadline } from './whistle.ts';
import {
  CHANNEL_HOTLINE, CLASSES, CLASS_EMERGENCY, CLASS_HOTLINE, CLASS_ORDINARY, CLASS_WHISTLE, EV_RESOLVE, F_ACCEPTED_HERE, F_COMMUNITY_WHISTLE, F_CONTACT_MISSED, F_PAID, F_REFERRED,
  F_SIGNOFF, F_WHISTLE, KIND_COMMUNITY, KIND_DEPARTMENT, KIND_ENFORCEMENT, KIND_GRID, KIND_PROPERTY, KIND_STREET,
  STAGE_FUNDS, STAGE_QUEUED, STAGE_TRANSIT, STAGE_VERIFY, dequeueHead, enqueue, heapPush, type World,
} from './world.ts';

const SUB_DISPUTE = new Uint8Array(SUB_ITEMS.map((s) => (s.category === 'disputes' || s.personal ? 1 : 0)));
const SUB_OLD_FACILITY = SUB_ITEMS.findIndex((s) => s.id === 'oldCompoundFacilities');
/** Relative effort by who does the work (departments carry more overhead). */
const EFFORT = [1, 1, 1.2, 1.3];
const TRIAGE_HOURS = 0.2;
/** Days a case waits for repair money before its unit gives up on it (guess). */
export const FUNDS_WAIT_DAYS = 60;
/** A multi-department case worked part after part by the lead department (hand-offs between departments). */
const SEQUENTIAL_PARTS = 1.3;
/** The situations the whistle is for (Pinggu 2018): joint enforcement, beyond the street, emergencies. */
const SUB_WHISTLE_WORTHY = new Uint8Array(SUB_ITEMS.map((it) => (
  it.departments.length > 1 || it.urgency === 'emergency' || it.urgency === 'urgent' || it.urgency === 'complex' ? 1 : 0)));
/** At most this long (days) from an order reaching the street to its whistle (the 1-hour call; guess). */
const WHISTLE_CALL_DAYS = 1 / 24;
/** The working day runs 08:00–17:00; a unit's clock moves through it as it spends its hours. */
const DAY_START = 8 / 24;
const DAY_SPAN = 9 / 24;
const DAY_END = DAY_START + DAY_SPAN;

/** Share of a working day each kind of non-grid unit spends on cases (by KIND_*; grids: see the workforce). */
export const CASE_SHARE = [0, 0.4, 0.6, OFFICER_CASE_SHARE, 0.6, 0.6];
/** Hours of case work a social organisation gives a community each working day. */
export const SOCIAL_ORG_HOURS = 0.5;

/**
 * Set every non-grid unit's headcount and hours for day t (grids are planned by the workforce).
 * Headcount comes from people who exist: the enforcement team is the officers moved out of the
 * department squads (sim/enforcement.ts), the property centre is community workers seconded to
 * it (sim/property.ts). Hours a unit owes (whistle officers sent to a site) come off its day.
 */
export function planUnitHours(w: World, t: number): void {
  const p = w.params;
  const u = w.units;
  const d = w.district;
  const workday = (w.calendar[t] & WORKDAY) !== 0;
  const duty = workday ? 1 : 0.3;
  const scale = departmentScale(d);
  if (t === 0 || u.staffShare[u.firstDepartment] === 0) resetDepartmentShares(w);
  else if (w.calendar[t] & MONTH_START) {
    recoverAssessment(w);
    reviewDepartmentShares(w);
  }
  planPropertyStaff(w);
  let popTotal = 0;
  for (let s = 0; s < d.nStreets; s++) popTotal += w.money.streetPopulation[s];
  for (let k = u.firstCommunity; k < u.n; k++) {
    const kind = u.kind[k];
    switch (kind) {
      case KIND_COMMUNITY: break; // set by planPropertyStaff
      case KIND_STREET: u.staff[k] = p.streetStaff * w.workforce.staffFilled[ROLE_STREET]; break;
      case KIND_ENFORCEMENT: u.staff[k] = streetTeamOfficers(p, d.nStreets, w.money.streetPopulation[u.owner[k]] / popTotal); break;
      case KIND_PROPERTY: break; // set by planPropertyStaff
      case KIND_DEPARTMENT: {
        const dept = u.owner[k];
        u.staff[k] = p.departmentStaff * DEPARTMENT_COUNT * u.staffShare[k] * scale + departmentOfficers(p, d.nStreets, dept);
        break;
      }
    }
    const h = u.staff[k] * 8 * CASE_SHARE[kind] + (kind === KIND_COMMUNITY ? p.socialOrgs * w.cogovActivity * SOCIAL_ORG_HOURS : 0);
    u.baseHours[k] = h;
    u.hours[k] = h * duty;
  }
}

/** Department case staff shared out by the work the scenario leaves with each department (params.ts). */
function resetDepartmentShares(w: World): void {
  const u = w.units;
  for (let k = u.firstDepartment; k < u.n; k++) u.staffShare[k] = w.params.departmentShare[u.owner[k]];
  u.arrivedHours.fill(0);
}

/**
 * Monthly staffing review: department case staff follow the work that arrived last month (half
 * the way), after the enforcement officers a department already holds have taken their part of
 * it, with a floor of a tenth of an even share so that every department stays staffed. Headcount
 * in all is unchanged; only its spread over departments moves.
 */
function reviewDepartmentShares(w: World): void {
  const u = w.units;
  const p = w.params;
  const scale = departmentScale(w.district);
  const general = p.departmentStaff * DEPARTMENT_COUNT * scale;
  let arrived = 0;
  let officers = 0;
  for (let k = u.firstDepartment; k < u.n; k++) {
    arrived += u.arrivedHours[k];
    officers += departmentOfficers(p, w.district.nStreets, u.owner[k]);
  }
  if (arrived > 0 && general > 0) {
    let need = 0;
    const want = new Float64Array(DEPARTMENT_COUNT);
    for (let k = u.firstDepartment; k < u.n; k++) {
      const staffFor = (u.arrivedHours[k] / arrived) * (general + officers);
      want[u.owner[k]] = Math.max(0, staffFor - departmentOfficers(p, w.district.nStreets, u.owner[k]));
      need += want[u.owner[k]];
    }
    for (let k = u.firstDepartment; k < u.n; k++) {
      const target = 0.1 / DEPARTMENT_COUNT + (need > 0 ? (0.9 * want[u.owner[k]]) / need : 0.9 / DEPARTMENT_COUNT);
      u.staffShare[k] = 0.5 * u.staffShare[k] + 0.5 * target;
    }
  }
  u.arrivedHours.fill(0);
}

/** Every unit works through its queue, in a fixed order: grids, communities, streets, teams, centres, departments. */
export function handleAll(w: World, t: number): void {
  const u = w.units;
  for (let k = 0; k < u.n; k++) {
    u.used[k] = 0;
    if (u.owed[k] > 0 && u.hours[k] > 0) {
      // Officers this unit sent to whistle sites: their hours are gone from today.
      const pay = Math.min(u.owed[k], u.hours[k]);
      u.used[k] = pay;
      u.owed[k] -= pay;
    }
    if (u.hours[k] > 0 && u.queued[k] > 0) processUnit(w, k, t);
    u.workedTotal[k] += u.used[k];
    u.availableTotal[k] += u.hours[k];
    if (u.used[k] > u.hours[k] + 1e-9) w.counters.overworkViolations++;
  }
}

function processUnit(w: World, k: number, t: number): void {
  const u = w.units;
  const c = w.cases;
  const hours = u.hours[k];
  for (let cl = 0; cl < CLASSES; cl++) {
    const slot = k * CLASSES + cl;
    for (;;) {
      const id = u.head[slot];
      if (id === -1) break;
      const left = hours - u.used[k];
      if (left <= 1e-9) return;
      // A case that arrived after the working day waits for tomorrow (emergencies: duty staff).
      const arrived = c.arrived[id];
      if (arrived >= t + DAY_END && cl !== CLASS_EMERGENCY) break;
      const start = cl === CLASS_EMERGENCY ? arrived : Math.max(t + DAY_START + (u.used[k] / hours) * DAY_SPAN, arrived);
      if (c.stage[id] === STAGE_QUEUED && !(c.flags[id] & F_ACCEPTED_HERE)) {
        const stay = decide(w, k, cl, id, start);
        if (stay === STOP) return;
        if (stay === MOVED) continue;
      }
      const take = Math.min(c.remaining[id], hours - u.used[k]);
      u.used[k] += take;
      c.remaining[id] -= take;
      u.queuedHours[k] -= take;
      w.counters.events++;
      if (c.remaining[id] > 1e-9) return; // the unit's day is spent
      c.remaining[id] = 0;
      dequeueHead(w, k, cl);
      // Many hands shorten a day's queue, but one case still takes its own hours of work.
      const done = start + Math.max((take / hours) * DAY_SPAN, take / 24);
      if (c.stage[id] === STAGE_VERIFY) verifyDone(w, id, done);
      else finishWork(w, k, id, done);
    }
  }
}

const WORK = 0;
const MOVED = 1;
const STOP = 2;

/** Move the head case of (k, cl) to another unit, now. */
function moveTo(w: World, k: number, cl: number, id: number, to: number, klass: number, triage: number, time: number): void {
  const u = w.units;
  const c = w.cases;
  u.used[k] += Math.min(triage, u.hours[k] - u.used[k]);
  dequeueHead(w, k, cl);
  c.flags[id] &= ~F_ACCEPTED_HERE;
  c.remaining[id] = c.hours[id];
  enqueue(w, to, id, klass, time);
}

function decide(w: World, k: number, cl: number, id: number, time: number): number {
  const u = w.units;
  const c = w.cases;
  const p = w.params;
  const d = w.district;
  const s = c.sub[id];
  const g = c.grid[id];
  const eff = p.effectiveAuthority[s];
  const kind = u.kind[k];
  if (c.accepted[id] < 0 || c.accepted[id] > time) {
    if (c.channel[id] === CHANNEL_HOTLINE) noteContact(w, s, c.discovered[id], c.accepted[id], time);
    c.accepted[id] = time;
  }
  switch (kind) {
    case KIND_GRID:
      if (eff === LEVEL_GRID && (w.workforce.gridSkills[g] >>> s) & 1) {
        if (c.uDecide[id] >= p.gridDiscretion) c.flags[id] |= F_SIGNOFF;
        return accept(w, k, id, 1);
      }
      moveTo(w, k, cl, id, u.firstCommunity + d.gridCommunity[g], cl, TRIAGE_HOURS, time);
      return MOVED;
    case KIND_COMMUNITY:
      if (eff <= LEVEL_COMMUNITY) {
        const mediation = SUB_DISPUTE[s] ? 1 / (1 + 0.06 * p.socialOrgs * w.cogovActivity + (p.partyRegistration ? 0.1 : 0)) : 1;
        return accept(w, k, id, mediation);
      }
      if (p.whistleCommunity) c.flags[id] |= F_COMMUNITY_WHISTLE;
      // 社区吹哨、街道报到: the street takes a community's whistle as seriously as a hotline order.
      moveTo(w, k, cl, id, u.firstStreet + d.gridStreet[g], p.whistleCommunity && cl > CLASS_HOTLINE ? CLASS_HOTLINE : cl, TRIAGE_HOURS, time);
      return MOVED;
    case KIND_STREET: {
      const st = d.gridStreet[g];
      if (eff <= LEVEL_STREET) {
        if (p.enforcementCovers[s]) {
          moveTo(w, k, cl, id, u.firstEnforcement + st, cl, TRIAGE_HOURS / 2, time);
          return MOVED;
        }
        if (s === SUB_OLD_FACILITY && gridCovered(w, g)) {
          moveTo(w, k, cl, id, u.firstProperty + st, cl, TRIAGE_HOURS / 2, time);
          return MOVED;
        }
        return accept(w, k, id, 1);
      }
      const dept = u.firstDepartment + LEAD_DEPARTMENT[s];
      // Blowing the whistle costs the street coordination hours: a street that has none left
      // today refers the case on as an ordinary referral rather than holding it for a later day.
      if (p.whistleStreet && p.whistleScope[s] && (SUB_WHISTLE_WORTHY[s] || c.bounces[id] > 0)
        && (u.hours[k] - u.used[k] >= p.coordinationHours || u.used[k] === 0)) {
        // The whistle is a call: the street names the departments within the hour the order
        // reaches it (from the start of the working day), however far its day's coordination
        // work has got; the coordination hours are still spent from its day.
        const blown = Math.min(time, Math.max(c.arrived[id], Math.floor(time) + DAY_START) + WHISTLE_CALL_DAYS);
        c.flags[id] |= F_WHISTLE | F_REFERRED;
        c.whistled[id] = blown;
        c.signed[id] = -1;
        w.recorder.today.whistles++;
        const lead = LEAD_DEPARTMENT[s];
        moveTo(w, k, cl, id, dept, whistleClass(w, lead, cl), Math.min(p.coordinationHours, u.hours[k] - u.used[k]), blown);
        // A department that puts whistles first has a duty officer sign at once (minutes).
        if (whistleFirst(w, lead)) c.signed[id] = blown + signDelayHours(w, lead) / 24;
        return MOVED;
      }
      c.flags[id] |= F_REFERRED;
      moveTo(w, k, cl, id, dept, cl === CLASS_WHISTLE ? CLASS_HOTLINE : cl, TRIAGE_HOURS, time);
      return MOVED;
    }
    case KIND_ENFORCEMENT:
    case KIND_PROPERTY:
      return accept(w, k, id, kind === KIND_PROPERTY ? 0.8 : 1);
    case KIND_DEPARTMENT: {
      const whistle = (c.flags[id] & F_WHISTLE) !== 0;
      if (whistle && c.signed[id] < 0) c.signed[id] = time;
      // Only a street's referral can be pushed back; a command-centre dispatch cannot.
      let push = whistle ? whistlePushback(w, u.owner[k]) : p.pushback + p.pushbackPerExtraDept * (DEPARTMENTS_INVOLVED[s] - 1);
      if (c.bounces[id] >= 3 || !(c.flags[id] & F_REFERRED)) push = 0;
      if (w.streams.handling() < push) {
        // 推诿: the department sends it back to the street, which will refer it again.
        c.bounces[id]++;
        w.recorder.today.bounced++;
        w.recorder.today.pushbacks++;
        u.used[k] += Math.min(TRIAGE_HOURS, u.hours[k] - u.used[k]);
        dequeueHead(w, k, cl);
        c.flags[id] &= ~(F_ACCEPTED_HERE | F_WHISTLE | F_REFERRED);
        c.remaining[id] = c.hours[id];
        transit(w, id, time + 1 + w.streams.handling(), u.firstStreet + d.gridStreet[g], cl === CLASS_WHISTLE ? CLASS_ORDINARY : cl);
        return MOVED;
      }
      // Contact: a department that puts whistles first has its duty officer call the street when
      // it signs; otherwise the street hears from it when the case is first worked.
      if (whistle && !whistleFirst(w, u.owner[k]) && time - c.whistled[id] > p.contactHours / 24) c.flags[id] |= F_CONTACT_MISSED;
      // 报到: a whistled case is worked jointly at the site: the lead works the longest part,
      // the other departments' officers come on their own hours, and the coordination hours
      // are the street's, spent when it blew the whistle (not charged again to the lead);
      // otherwise the lead works every part in turn.
      if (whistle) return accept(w, k, id, reportToSite(w, s));
      return accept(w, k, id, DEPARTMENTS_INVOLVED[s] > 1 ? SEQUENTIAL_PARTS : 1);
    }
  }
  return WORK;
}

/** The unit takes the case: set its effort, pay for materials (or wait for money). */
function accept(w: World, k: number, id: number, factor: number, extraHours = 0): number {
  const u = w.units;
  const c = w.cases;
  const s = c.sub[id];
  const level = u.level[k];
  const before = c.remaining[id];
  c.remaining[id] = c.hours[id] * EFFORT[level] * factor + extraHours;
  u.queuedHours[k] += c.remaining[id] - before;
  c.flags[id] |= F_ACCEPTED_HERE;
  if (CASE_COST[s] > 0 && !(c.flags[id] & F_PAID)) {
    // Money first: materials and the working expenses of formerly departmental tasks.
    const payer = payerForUnit(w, k, c.grid[id]);
    if (!payRepair(w, w.day, payer, CASE_COST[s])) {
      waitForFunds(w, k, id, payer);
      return MOVED;
    }
    c.flags[id] |= F_PAID;
  }
  return WORK;
}

function waitForFunds(w: World, k: number, id: number, payer: number): void {
  const c = w.cases;
  const m = w.money;
  dequeueHead(w, k, c.klass[id]);
  c.stage[id] = STAGE_FUNDS;
  c.unit[id] = k;
  c.next[id] = -1;
  if (m.waitTail[payer] === -1) m.waitHead[payer] = id;
  else c.next[m.waitTail[payer]] = id;
  m.waitTail[payer] = id;
  m.waitCount[payer]++;
  w.counters.waitingFunds++;
  w.recorder.placeWaiting[w.district.gridCommunity[c.grid[id]]]++;
}

/** Daily: cases waiting for money try again, first come first served; the rest count unfunded case-days. */
export function retryWaiting(w: World, t: number): void {
  const m = w.money;
  const c = w.cases;
  for (let a = 0; a < m.nAccounts; a++) {
    while (m.waitHead[a] !== -1) {
      const id = m.waitHead[a];
      // A repair nobody can pay for is not waited on for ever: after the limit the unit gives up
      // and closes it with an explanation (not resolved).
      const expired = t - c.arrived[id] > FUNDS_WAIT_DAYS;
      if (!expired && !payRepair(w, t, a, CASE_COST[c.sub[id]])) break;
      m.waitHead[a] = c.next[id];
      if (m.waitHead[a] === -1) m.waitTail[a] = -1;
      m.waitCount[a]--;
      w.counters.waitingFunds--;
      w.recorder.placeWaiting[w.district.gridCommunity[c.grid[id]]]--;
      if (expired) {
        c.next[id] = -1;
        c.handler[id] = c.unit[id];
        closeUnhandled(w, id, t + DAY_START);
        continue;
      }
      c.flags[id] |= F_PAID | F_ACCEPTED_HERE;
      let k = c.unit[id];
      const kind = w.units.kind[k];
      if ((kind === KIND_PROPERTY && !gridCovered(w, c.grid[id])) || (kind === KIND_ENFORCEMENT && !w.params.enforcementCovers[c.sub[id]])) {
        // The centre or team no longer takes this grid or sub-item (a fork, or lost coverage): the street does.
        k = w.units.firstStreet + w.district.gridStreet[c.grid[id]];
        c.flags[id] &= ~F_ACCEPTED_HERE;
        c.remaining[id] = c.hours[id];
      }
      enqueue(w, k, id, c.klass[id], Math.max(c.accepted[id], t));
      c.stage[id] = STAGE_QUEUED;
    }
  }
  m.unfundedCaseDays += w.counters.waitingFunds;
  w.recorder.today.unfunded += w.counters.waitingFunds;
  if (w.counters.waitingFunds > 0) {
    const r = w.recorder;
    for (let k = 0; k < r.placeWaiting.length; k++) r.placeUnfunded[k] += r.placeWaiting[k];
  }
}

/** The handler has done the work at `time`. */
function finishWork(w: World, k: number, id: number, time: number): void {
  const u = w.units;
  const c = w.cases;
  const p = w.params;
  c.handler[id] = k;
  const load = u.queuedHours[k] / Math.max(0.1, u.baseHours[k]);
  const over = Math.min(1, Math.max(0, (load - 1) / 2));
  c.quality[id] = p.quality - (p.quality - 0.75) * over;
  // Grid workers' morale moves the quality of their work (workforce.ts).
  if (u.level[k] === LEVEL_GRID) c.quality[id] = Math.min(1, c.quality[id] * moraleFactor(w.workforce.gridMorale[u.owner[k]]));
  if (u.level[k] === LEVEL_GRID && c.flags[id] & F_SIGNOFF) {
    // Low discretion: the community signs off before the case counts as resolved.
    c.stage[id] = STAGE_TRANSIT;
    w.counters.inTransit++;
    heapPush(w.heap, time + p.signOffDays, id, EV_RESOLVE);
    return;
  }
  resolved(w, id, time);
}

/** EV_RESOLVE (after sign-off) or straight from the handler. */
export function resolved(w: World, id: number, time: number): void {
  const c = w.cases;
  const u = w.units;
  if (c.stage[id] === STAGE_TRANSIT) w.counters.inTransit--;
  c.resolved[id] = time;
  if (c.flags[id] & F_WHISTLE) {
    checkWhistleDeadlines(w, id, time, (c.flags[id] & F_CONTACT_MISSED) !== 0);
    c.flags[id] &= ~F_WHISTLE; // the whistle's loop ends with the report; a reopen is ordinary work
  }
  const handlerLevel = u.level[c.handler[id]];
  if (handlerLevel === LEVEL_GRID) closeOrReopen(w, id, time);
  else sendForVerification(w, id, time);
}
