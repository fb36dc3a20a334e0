// Residents' trust (MODEL.md section 3, step 7), updated lazily: each resident stores a
// deviation from the baseline and the day it was last touched; it decays toward the baseline in
// closed form (deviation × 0.5^(days / half-life)) when next read. Sums by housing type decay
// the same way, so the daily mean costs O(1), not O(residents).
import type { World } from './world.ts';

/** decay^n for n = 0 .. table length, by repeated multiplication (deterministic). */
export function decayTable(decayPerDay: number, n: number): Float64Array {
  const t = new Float64Array(n + 1);
  t[0] = 1;
  for (let i = 1; i <= n; i++) t[i] = t[i - 1] * decayPerDay;
  return t;
}

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
  return w.params.trustStart + w.trustDev[i] * (days > 0 ? decayPow(w, days) : 1);
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
  w.trustDev[i] = after - w.params.trustStart;
  w.trustDay[i] = t;
}

/** Mean trust of residents of housing type h (or all, h = -1) on day t. */
export function meanTrust(w: World, day: number, h: number): number {
  const t = day > w.trustSumDay ? day : w.trustSumDay;
  syncSums(w, t);
  if (h >= 0) return w.residentsByHousing[h] > 0 ? w.params.trustStart + w.trustSum[h] / w.residentsByHousing[h] : 0;
  const n = w.district.nResidents;
  return w.params.trustStart + (w.trustSum[0] + w.trustSum[1] + w.trustSum[2]) / n;
}
