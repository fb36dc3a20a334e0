// The whistle, "街道吹哨、部门报到" (MODEL.md §3 step 5 and §10.2; data/parameters.md "Whistle
// report" and "Assessment"). The street blows the whistle for a case beyond its powers; the
// departments it names must sign, contact the street and report by deadlines, and they come to
// the site to solve it together:
//   - a whistled multi-department case is handled jointly: the lead department works the
//     longest part plus the coordination hours, instead of every part in turn; each other
//     department involved sends one officer for 2–4 hours (hours that department then lacks);
//   - the street names the departments, so a whistle is never misrouted, and push-back is rare;
//   - each department carries an assessment score, bounded to 0–100: −penalty per missed
//     deadline, +5 a month back toward 100; a department below 90 puts whistled cases first
//     even without the priority lever and halves its push-back of them.
import { workingDeadlineDay } from './calendar.ts';
import { DEPARTMENTS_INVOLVED, LEAD_DEPARTMENT } from './intake.ts';
import { exponential } from './rng.ts';
import { SUB_ITEMS, departmentIndex } from './taxonomy.ts';
import { CLASS_EMERGENCY, CLASS_HOTLINE, CLASS_WHISTLE, type World } from './world.ts';

export const ASSESSMENT_MAX = 100;
/** Below this score a department is under pressure: whistles first, less push-back. */
export const ASSESSMENT_PRESSURE = 90;
/** Points recovered each month toward the maximum. */
export const ASSESSMENT_RECOVERY = 5;
/** Hours each other department's officer spends at the site: uniform in [2, 4]. */
export const OFFICER_HOURS_MIN = 2;
export const OFFICER_HOURS_MAX = 4;

/**
 * Without joint handling, a department settles its own part of a multi-department case; each
 * other department's part is settled with this probability (left undone otherwise: the case is
 * closed with an explanation). Guess, calibrated on 2019 (docs/ODD.md §9).
 */
export const PART_SETTLED_ALONE = 0.6;
/**
 * A department handling from its office (not at the site) settles a grassroots case with this
 * probability when it sees nothing of the site; data integration (systems joined to the platform)
 * lets it see the site, up to full with all 30 systems. Guess, calibrated on 2019.
 */
export const REMOTE_SETTLED = 0.8;

/** Probability that department handling truly settles a case of sub-item `s` (1 when worked jointly at the site). */
export function departmentSettles(w: World, s: number, joint: boolean): number {
  if (joint) return 1;
  const seen = REMOTE_SETTLED + (1 - REMOTE_SETTLED) * Math.min(1, w.params.systemsIntegrated / 30);
  let parts = 1;
  for (let k = 1; k < DEPARTMENTS_INVOLVED[s]; k++) parts *= PART_SETTLED_ALONE;
  return seen * parts;
}

/** Departments involved in each sub-item after the lead (department indices). */
const SUB_OTHER_DEPARTMENTS: readonly number[][] = SUB_ITEMS.map((s) => s.departments.slice(1).map((d) => departmentIndex(d)));

/** True when department `dept` puts whistled cases before ordinary work (the lever, or pressure from its score). */
export function whistleFirst(w: World, dept: number): boolean {
  return w.params.departmentPriority || w.assessment[dept] < ASSESSMENT_PRESSURE;
}

/**
 * Hours until a department that puts whistles first has a duty officer sign: exponential, mean a
 * quarter of an hour, halved when the department's score is under pressure (guess).
 */
export function signDelayHours(w: World, dept: number): number {
  return (w.assessment[dept] < ASSESSMENT_PRESSURE ? 0.125 : 0.25) * exponential(w.streams.handling);
}

/** Queue class of a whistled case of class `cl` at its lead department. */
export function whistleClass(w: World, dept: number, cl: number): number {
  if (cl === CLASS_EMERGENCY) return cl;
  return whistleFirst(w, dept) ? CLASS_WHISTLE : Math.max(cl, CLASS_HOTLINE);
}

/** Probability that department `dept` pushes a whistled case back. */
export function whistlePushback(w: World, dept: number): number {
  return w.params.whistlePushback * (w.assessment[dept] < ASSESSMENT_PRESSURE ? 0.5 : 1);
}

/** Share of a multi-department case's work in its longest part, with n departments. */
export function longestPartShare(n: number): number {
  return n <= 1 ? 1 : Math.min(1, 1.5 / n);
}

/**
 * The lead department accepts a whistled case of sub-item `s`: the other departments each send
 * an officer (2–4 hours, owed by that department and taken from its next working hours).
 * Returns the multiplier on the case's work for the lead department (the longest part).
 */
export function reportToSite(w: World, s: number): number {
  const others = SUB_OTHER_DEPARTMENTS[s];
  if (others.length === 0) return 1;
  const u = w.units;
  for (const dept of others) {
    const h = OFFICER_HOURS_MIN + (OFFICER_HOURS_MAX - OFFICER_HOURS_MIN) * w.streams.handling();
    u.owed[u.firstDepartment + dept] += h;
  }
  return longestPartShare(DEPARTMENTS_INVOLVED[s]);
}

/** End of the working day by which the department must report on a whistle case. */
export function whistleReportDeadline(w: World, id: number): number {
  const c = w.cases;
  const p = w.params;
  const reportDays = SUB_ITEMS[c.sub[id]].urgency === 'complex' ? p.reportDaysComplex : p.reportDaysOrdinary;
  return workingDeadlineDay(w.workIndex, Math.floor(c.whistled[id]), reportDays);
}

/** The whistle's loop ends with the report: count missed deadlines against the lead department. */
export function checkWhistleDeadlines(w: World, id: number, time: number, contactMissed: boolean): void {
  const c = w.cases;
  const p = w.params;
  const dept = LEAD_DEPARTMENT[c.sub[id]];
  const whistled = c.whistled[id];
  let missed = 0;
  if (c.signed[id] - whistled > p.signHours / 24 + 1e-9) missed++;
  if (contactMissed) missed++;
  if (time > whistleReportDeadline(w, id)) missed++;
  w.recorder.today.whistlesReported++;
  if (missed === 0) w.recorder.today.whistlesOnTime++;
  w.assessment[dept] = Math.max(0, w.assessment[dept] - missed * p.assessmentPenalty);
}

/** Monthly: every department's score recovers toward the maximum. */
export function recoverAssessment(w: World): void {
  const a = w.assessment;
  for (let k = 0; k < a.length; k++) a[k] = Math.min(ASSESSMENT_MAX, a[k] + ASSESSMENT_RECOVERY);
}
