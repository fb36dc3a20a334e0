// The hotline's three rates on the cohort of work orders that fell due (MODEL.md section 6), so
// that what is still open counts against them:
//   response     = orders contacted by their contact deadline / orders whose contact deadline fell in the window
//   resolution   = orders truly resolved by their deadline     / orders whose (resolution) deadline fell in the window
//                  (an order still open, or closed late, counts as unresolved)
//   satisfaction = satisfied ratings given in the window / (ratings given in the window
//                  + orders still open at the window's end whose deadline fell in the window)
// Each hotline order is registered when it is reported (discovery): its two deadlines add one to
// the "due" count of the day they fall on. A contact in time, a resolution in time and a closure
// add one to that day's other counts. A window's rates are sums over its days.
//
// Deadlines: contact by the end of the next working day (emergencies: within their hour
// limit); resolution within twice the time limit (ordinary and complex limits in working
// days, the others in calendar time), the resident's judgement the 12345 targets use.
import { workingDeadlineDay } from './calendar.ts';
import { SUB_ITEMS, URGENCY_LIMIT_DAYS, URGENCY_RESPONSE_DAYS } from './taxonomy.ts';
import { grown } from './typed.ts';
import type { World } from './world.ts';

const SUB_RESPONSE = new Float64Array(SUB_ITEMS.map((s) => URGENCY_RESPONSE_DAYS[s.urgency]));
const SUB_LIMIT = new Float64Array(SUB_ITEMS.map((s) => URGENCY_LIMIT_DAYS[s.urgency]));
const SUB_WORKING_DAYS = new Uint8Array(SUB_ITEMS.map((s) => (s.urgency === 'ordinary' || s.urgency === 'complex' ? 1 : 0)));

/** Per-day cohort counts, indexed by the day a deadline falls on (can run past the horizon). */
export interface Cohort {
  length: number;
  /** Orders whose contact deadline falls on day d / of them, contacted in time. */
  contactDue: Float64Array;
  contacted: Float64Array;
  /** Orders whose resolution deadline falls on day d / resolved in time / closed (either way, any time). */
  resolveDue: Float64Array;
  resolved: Float64Array;
  closed: Float64Array;
}

export function createCohort(days: number): Cohort {
  const n = Math.max(1, days) + 64;
  return {
    length: n,
    contactDue: new Float64Array(n), contacted: new Float64Array(n),
    resolveDue: new Float64Array(n), resolved: new Float64Array(n), closed: new Float64Array(n),
  };
}

function ensure(k: Cohort, day: number): void {
  if (day < k.length) return;
  const n = Math.max(2 * k.length, day + 64);
  k.contactDue = grown(k.contactDue, n);
  k.contacted = grown(k.contacted, n);
  k.resolveDue = grown(k.resolveDue, n);
  k.resolved = grown(k.resolved, n);
  k.closed = grown(k.closed, n);
  k.length = n;
}

/** The day a deadline at time x (an instant; integer x is the midnight ending day x − 1) falls on. */
export function dueDay(x: number): number {
  return Math.max(0, Math.ceil(x) - 1);
}

/** Contact deadline of a sub-item reported at time `dsc`. */
export function contactDeadline(w: World, s: number, dsc: number): number {
  return SUB_RESPONSE[s] < 1 ? dsc + SUB_RESPONSE[s] : workingDeadlineDay(w.workIndex, Math.floor(dsc), 1);
}

/** Resolution deadline (twice the time limit) of a sub-item reported at time `dsc`. */
export function resolutionDeadline(w: World, s: number, dsc: number): number {
  const limit = SUB_LIMIT[s];
  return SUB_WORKING_DAYS[s] === 1 ? workingDeadlineDay(w.workIndex, Math.floor(dsc), 2 * limit) : dsc + 2 * limit;
}

/** A hotline work order is reported (discovery): it joins the cohorts of its two deadline days. */
export function registerOrder(w: World, s: number, dsc: number): void {
  const k = w.recorder.cohort;
  const a = dueDay(contactDeadline(w, s, dsc));
  const b = dueDay(resolutionDeadline(w, s, dsc));
  ensure(k, Math.max(a, b));
  k.contactDue[a]++;
  k.resolveDue[b]++;
}

/**
 * A hotline order's contact time was set or moved earlier, from `before` (−1: none) to `after`:
 * count it as contacted in time the first time its contact time falls by the deadline.
 */
export function noteContact(w: World, s: number, dsc: number, before: number, after: number): void {
  const dl = contactDeadline(w, s, dsc);
  if (after <= dl && (before < 0 || before > dl)) {
    const k = w.recorder.cohort;
    const d = dueDay(dl);
    ensure(k, d);
    k.contacted[d]++;
  }
}

/** A hotline order closes; `fixedBy` is when its last fix was done, `solved` whether truly resolved in time. */
export function noteClosed(w: World, s: number, dsc: number, solved: boolean): void {
  const k = w.recorder.cohort;
  const d = dueDay(resolutionDeadline(w, s, dsc));
  ensure(k, d);
  k.closed[d]++;
  if (solved) k.resolved[d]++;
}

export interface CohortRates {
  contactDue: number;
  contacted: number;
  resolveDue: number;
  resolved: number;
  /** Orders due in the window and still open at the end of day `asOf`. */
  overdueOpen: number;
}

/** Cohort counts over deadline days [from, to), as known at the end of day to − 1. */
export function cohortCounts(k: Cohort, from: number, to: number): CohortRates {
  let cd = 0, cc = 0, rd = 0, rr = 0, cl = 0;
  const hi = Math.min(to, k.length);
  for (let d = Math.max(0, from); d < hi; d++) {
    cd += k.contactDue[d];
    cc += k.contacted[d];
    rd += k.resolveDue[d];
    rr += k.resolved[d];
    cl += k.closed[d];
  }
  return { contactDue: cd, contacted: cc, resolveDue: rd, resolved: rr, overdueOpen: rd - cl };
}

/** The three rates from cohort counts and the window's ratings; NaN when a denominator is empty. */
export function threeRates(c: CohortRates, ratings: number, satisfied: number): { response: number; resolution: number; satisfaction: number } {
  const den = ratings + c.overdueOpen;
  return {
    response: c.contactDue > 0 ? c.contacted / c.contactDue : NaN,
    resolution: c.resolveDue > 0 ? c.resolved / c.resolveDue : NaN,
    satisfaction: den > 0 ? satisfied / den : NaN,
  };
}
