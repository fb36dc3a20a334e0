// Residents' trust (MODEL.md section 3, step 7), updated lazily: each resident stores a
// deviation from the baseline and the day it was last touched; it decays toward the baseline in
// closed form (deviation × 0.5^(days / half-life)) when next read. Sums by housing type decay
// the same way, so the daily mean costs O(1), not O(residents).
import { contactDeadline, resolutionDeadline } from './cohort.ts';
import { CHANNEL_DIRECT, CHANNEL_HOTLINE, STAGE_CALL, STAGE_FUNDS, STAGE_QUEUED, STAGE_TRANSIT, STAGE_VERIFY } from './case-codes.ts';
import type { World } from './world.ts';


function decayPow(w: World, days: number): number {
  const tab = w.trustDecayPow;
  if (days < tab.length) return tab[days];
  // Past the table (very long runs): square-and-multiply from the table's last entry.
  let r = 1;
  let left = days;
  while (left >= tab.length - 1) {
    r *= tab[tab.length - 1];
    left -= tab.length - 1;
  }
  return r * tab[left];
}

/** Bring the housing-type sums to day t. */
function syncSums(w: World, t: number): void {
  if (t === w.trustSumDay) return;
  const f = decayPow(w, t - w.trustSumDay);
  for (let h = 0; h < 3; h++) w.trustSum[h] *= f;
  w.trustSumDay = t;
}

/** A resident's trust on day t. */
export function currentTrust(w: World, i: number, t: number): number {
  const days = t - w.trustDay[i];
  if (!(days > 0)) return w.params.trustStart + w.trustDev[i]; // (× 1: the same number)
  // The table lookup in line (small enough for the hot callers to inline it whole, with no boxed
  // number from a call); decayPow only past the table.
  const tab = w.trustDecayPow;
  return w.params.trustStart + w.trustDev[i] * (days < tab.length ? tab[days] : decayPow(w, days));
}

/**
 * Move a resident's trust on day t: toward `target` by `step` of the way, then down by `penalty`
 * (the dark figure: an issue that hurt the resident while nobody dealt with it).
 */
export function touchTrust(w: World, i: number, day: number, target: number, step: number, penalty: number): void {
  // Work done late in a day can close a case "tomorrow"; sums only move forward in time.
  const t = day > w.trustSumDay ? day : w.trustSumDay;
  syncSums(w, t);
  const before = currentTrust(w, i, t);
  let after = before + (target - before) * step - penalty;
  if (after < 0) after = 0;
  if (after > 1) after = 1;
  const h = w.district.residentHousing[i];
  w.trustSum[h] += after - before;
  const devBefore = before - w.params.trustStart;
  w.trustDev[i] = after - w.params.trustStart;
  w.trustDay[i] = t;
  // Volunteers are residents with trust above the baseline whose volunteer key is under the
  // rate (world.ts): a resident crossing the baseline joins or leaves (decay never crosses it).
  const d = w.district;
  if (d.residentVolunteerKey[i] < w.params.volunteerRate * 2 && devBefore > 0 !== w.trustDev[i] > 0) {
    w.volunteers[d.residentGrid[i]] += w.trustDev[i] > 0 ? 1 : -1;
  }
}

/**
 * Share of a resident's issues they report at all (to the grid or to 12345), from their trust:
 * everyone reports while trust is at least half the baseline; below that, reporting falls in
 * proportion (residents who have lost trust give up). parameters.md "Trust".
 */
export function reportingShare(trust: number, baseline: number): number {
  const floor = 0.5 * baseline;
  return trust >= floor ? 1 : floor > 0 ? trust / floor : 1;
}

/** Open stages of a reported case. */
function isOpen(stage: number): boolean {
  return stage === STAGE_CALL || stage === STAGE_QUEUED || stage === STAGE_VERIFY || stage === STAGE_TRANSIT || stage === STAGE_FUNDS;
}

/**
 * End of each week (parameters.md "Trust"): every order a resident reported (hotline or told
 * directly) that is still open past its deadline, or a hotline order nobody has contacted by its
 * contact deadline, lowers its reporter's trust as much as an unsatisfied rating would. Then
 * co-governance follows trust: social organisations' activity scales with mean trust relative
 * to the baseline (volunteers follow it resident by resident in touchTrust).
 */
export function weeklyTrust(w: World, t: number): void {
  const c = w.cases;
  const end = t + 1;
  for (let id = 0; id < c.capacity; id++) {
    if (!isOpen(c.stage[id])) continue;
    const ch = c.channel[id];
    if (ch !== CHANNEL_HOTLINE && ch !== CHANNEL_DIRECT) continue;
    const s = c.sub[id];
    const dsc = c.discovered[id];
    const overdue = resolutionDeadline(w, s, dsc) <= end;
    const unanswered = ch === CHANNEL_HOTLINE && (c.accepted[id] < 0 || c.accepted[id] > end) && contactDeadline(w, s, dsc) <= end;
    if (overdue || unanswered) {
      touchTrust(w, c.resident[id], t, 0, 0.1, 0);
    }
  }
  const base = w.params.trustStart;
  const mean = meanTrust(w, t, -1);
  const a = base > 0 ? mean / base : 1;
  w.cogovActivity = a < 0 ? 0 : a > 2 ? 2 : a;
}

/** Mean trust of residents of housing type h (or all, h = -1) on day t. */
export function meanTrust(w: World, day: number, h: number): number {
  const t = day > w.trustSumDay ? day : w.trustSumDay;
  syncSums(w, t);
  if (h >= 0) return w.residentsByHousing[h] > 0 ? w.params.trustStart + w.trustSum[h] / w.residentsByHousing[h] : 0;
  const n = w.district.nResidents;
  return w.params.trustStart + (w.trustSum[0] + w.trustSum[1] + w.trustSum[2]) / n;
}
