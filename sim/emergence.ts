// Emergence of hidden issues (MODEL.md section 3, step 2) and the discovery clocks each issue
// carries (step 3). Per grid, candidate issues arrive as a Poisson process at a fixed upper-
// bound rate; each candidate draws a fixed set of numbers from the `emergence` stream and is
// kept with probability (actual rate / upper bound): thinning. Because the upper bound and the
// draws per candidate never depend on policy, baseline and reform see the same candidates
// (common random numbers); only policies that act on emergence itself (red property, shocks)
// change which candidates are kept. Cost is O(issues), never O(residents × days).
import { LANTERN, PLUM } from './calendar.ts';
import { CLASSES, type District } from './district.ts';
import type { Params } from './params.ts';
import { gridBaseRate } from './expected-rates.ts';
import { log } from './math/index.ts';
import { buildAlias, exponential, sampleAlias, workHoursFactor } from './rng.ts';
import { SUB_ITEMS, SUB_ITEM_COUNT, URGENCY_REPORT_FACTOR } from './taxonomy.ts';
import { CHANNEL_DIRECT, CHANNEL_HOTLINE, CHANNEL_PATROL, STAGE_HIDDEN } from './case-codes.ts';
import { EV_DISCOVER, EV_LAPSE, allocCase, heapPush } from './case-store.ts';
import type { World } from './world.ts';
import { currentTrust, reportingShare } from './residents.ts';

const N = SUB_ITEM_COUNT;
const SUB = (id: string) => SUB_ITEMS.findIndex((s) => s.id === id);
const I_STALLS = SUB('stalls');
const I_TOURISM = SUB('tourismFacilities');
const I_CONSUMER = SUB('consumerDisputes');
const I_FOOD = SUB('foodSafety');
const I_DRAINS = SUB('drains');
const I_OLD = SUB('oldCompoundFacilities');
const I_GAS = SUB('gasElectrical');
const I_ELDERLY = SUB('elderlyCare');
const I_HEALTH = SUB('health');
const I_ROADS = SUB('roadsLights');
const I_PROPERTY = SUB('propertyDisputes');

/** The largest seasonal/shock multiplier each sub-item can get: the thinning upper bound. */
export const MAX_MULTIPLIER: Float64Array = (() => {
  const m = new Float64Array(N).fill(1);
  m[I_TOURISM] = 3; m[I_STALLS] = 2; m[I_CONSUMER] = 2; m[I_FOOD] = 2;
  m[I_DRAINS] = 2.5; m[I_OLD] = 1.5; m[I_GAS] = 2; m[I_ELDERLY] = 1.5; m[I_HEALTH] = 7.5; m[I_ROADS] = 1.5;
  return m;
})();

const SUB_VISIBILITY = new Float64Array(SUB_ITEMS.map((s) => s.visibility));
const SUB_DIRECT = new Float64Array(SUB_ITEMS.map((s) => s.direct));
const SUB_URGENCY = new Float64Array(SUB_ITEMS.map((s) => URGENCY_REPORT_FACTOR[s.urgency]));
const SUB_HOURS = new Float64Array(SUB_ITEMS.map((s) => s.hours));
const SUB_AFFECTS = new Uint8Array(SUB_ITEMS.map((s) => (s.affects === 'elderly' ? 1 : s.affects === 'oldCompound' ? 2 : 0)));
const EARLY_WARNING = new Uint8Array(SUB_ITEMS.map((s) => (s.category === 'safety' || s.category === 'facilities' ? 1 : 0)));

export interface Emergence {
  /** Time (days, fractional) of each grid's next candidate. */
  nextArrival: Float64Array;
  /** Candidates per day per grid (upper bound). */
  candidateRate: Float64Array;
  /** Base rate per day per grid and sub-item, before season, shocks and policy. */
  baseRate: Float64Array;
  /** Alias table over sub-items per grid, weighted by base rate × max multiplier. */
  subProb: Float64Array;
  subAlias: Int32Array;
  /** Policy factor per grid for old-compound facility issues and property disputes (red property). */
  oldFacilityFactor: Float64Array;
  propertyDisputeFactor: Float64Array;
  /**
   * Running FNV-1a hash of every issue that emerged (grid, sub-item, time): the fingerprint of
   * the emerged-issue stream, for checking common random numbers across policies.
   */
  streamHash: number;
  /** Today's multiplier per sub-item for ordinary and for tourist grids (set each day). */
  seasonMult: Float64Array;
  touristMult: Float64Array;
}

/** Precompute rates and alias tables. */
export function setupEmergence(d: District, p: Params): Emergence {
  const G = d.nGrids;
  const baseRate = new Float64Array(G * N);
  const subProb = new Float64Array(G * N);
  const subAlias = new Int32Array(G * N);
  const candidateRate = new Float64Array(G);
  const weights = new Float64Array(G * N);
  const scratch = new Int32Array(Math.max(N, 1));
  const oldFacilityFactor = new Float64Array(G);
  const propertyDisputeFactor = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const old = d.gridOldShare[g];
    const covered = d.gridCoverageKey[g] < p.coverage;
    oldFacilityFactor[g] = covered ? 0.5 : 1;
    propertyDisputeFactor[g] = covered ? 1 / (1 + 0.5 * old) : 1;
    let total = 0;
    for (let s = 0; s < N; s++) {
      const r = gridBaseRate(d, p, g, s);
      baseRate[g * N + s] = r;
      const w = r * MAX_MULTIPLIER[s];
      weights[g * N + s] = w;
      total += w;
    }
    candidateRate[g] = total;
    buildAlias(weights, g * N, N, subProb, subAlias, scratch);
  }
  return {
    nextArrival: new Float64Array(G).fill(-1),
    candidateRate, baseRate, subProb, subAlias,
    oldFacilityFactor, propertyDisputeFactor, streamHash: 0x811c9dc5,
    seasonMult: new Float64Array(N).fill(1),
    touristMult: new Float64Array(N).fill(1),
  };
}

/** Set today's season and shock multipliers (calendar step). */
export function setSeason(w: World, t: number): void {
  const p = w.params;
  const e = w.emergence;
  const f = w.calendar[t];
  e.seasonMult.fill(1);
  if (p.plumRain && f & PLUM) {
    e.seasonMult[I_DRAINS] *= 2.5;
    e.seasonMult[I_OLD] *= 1.5;
  }
  if (p.heatStart >= 0 && t >= p.heatStart && t < p.heatStart + p.heatDays) {
    e.seasonMult[I_GAS] *= 2;
    e.seasonMult[I_ELDERLY] *= 1.5;
    e.seasonMult[I_HEALTH] *= 1.5;
    e.seasonMult[I_ROADS] *= 1.5;
  }
  if (epidemicOn(p, t)) e.seasonMult[I_HEALTH] *= 5;
  e.touristMult.set(e.seasonMult);
  if (p.springFestival && f & LANTERN) {
    e.touristMult[I_TOURISM] *= 3;
    e.touristMult[I_STALLS] *= 2;
    e.touristMult[I_CONSUMER] *= 2;
    e.touristMult[I_FOOD] *= 2;
  }
}

/** Today's demand-shock multiplier on every emergence rate (1 outside the shock). */
export function demandOn(p: Params, t: number): number {
  return p.demandStart >= 0 && t >= p.demandStart && t < p.demandStart + p.demandDays ? p.demandMultiplier : 1;
}

/**
 * Rebuild the emergence rates after the parameters changed (a fork with new levers): base
 * rates, candidate rates and alias tables follow `model.emergenceScale` (the red-property
 * factors follow the coverage in service: property-centre.ts). A grid's pending candidate keeps its uniform: the time left to it is
 * rescaled by old rate / new rate (memoryless), so an unchanged rate changes nothing.
 */
export function refreshEmergence(w: World): void {
  const e = w.emergence;
  const fresh = setupEmergence(w.district, w.params);
  const t = w.day;
  for (let g = 0; g < w.district.nGrids; g++) {
    const before = e.candidateRate[g], after = fresh.candidateRate[g];
    if (e.nextArrival[g] >= 0 && before !== after) {
      e.nextArrival[g] = after > 0 && before > 0 ? t + Math.max(0, e.nextArrival[g] - t) * (before / after) : -1;
    }
  }
  e.baseRate = fresh.baseRate;
  e.candidateRate = fresh.candidateRate;
  e.subProb = fresh.subProb;
  e.subAlias = fresh.subAlias;
}

export function epidemicOn(p: Params, t: number): boolean {
  return p.epidemicStart >= 0 && t >= p.epidemicStart && t < p.epidemicStart + p.epidemicDays;
}

/** Draw today's issues in every grid (grids in id order, candidates in time order). */
export function emerge(w: World, t: number): void {
  const d = w.district;
  const e = w.emergence;
  const r = w.streams.emergence;
  const G = d.nGrids;
  const end = t + 1;
  // A demand shock scales every rate today: above 1 by more candidates (the thinning bound
  // rises by the multiplier, so days before the shock keep their draws), below 1 by thinning.
  const demand = demandOn(w.params, t);
  const bound = demand > 1 ? demand : 1;
  const keep = demand / bound;
  const u = DRAWS;
  for (let g = 0; g < G; g++) {
    const rate = e.candidateRate[g] * bound;
    if (!(rate > 0)) continue;
    let next = e.nextArrival[g];
    if (next < 0) next = t + exponential(r) / rate;
    while (next < end) {
      // Fixed draws per candidate, whatever happens to it (keeps the stream aligned): nine
      // uniforms (U_SUB .. U_DECIDE), then the tenth for the exponential gap to the next
      // candidate, drawn in one go (spawnIssue draws nothing from this stream). The costly
      // transforms only for kept ones.
      r.fill(u, 10);
      const s = sampleAlias(u[U_SUB], g * N, N, e.subProb, e.subAlias);
      const mult = d.gridTourist[g] ? e.touristMult[s] : e.seasonMult[s];
      let policy = 1;
      if (s === I_OLD) policy = e.oldFacilityFactor[g];
      else if (s === I_PROPERTY) policy = e.propertyDisputeFactor[g];
      if (u[U_ACCEPT] * MAX_MULTIPLIER[s] < mult * policy * keep) spawnIssue(w, t, g, s, next, u);
      next += -log(1 - u[U_GAP]) / rate;
    }
    e.nextArrival[g] = next;
  }
}

/**
 * A candidate's uniforms, in draw order (see emerge): sub-item, acceptance, resident, the four
 * clocks from U_PATROL on (patrol, direct, hotline, lapse), work hours, the case's own decision
 * uniform, the gap to the next candidate.
 */
const U_SUB = 0, U_ACCEPT = 1, U_RESIDENT = 2, U_PATROL = 3, U_HOURS = 7, U_DECIDE = 8, U_GAP = 9;
const DRAWS = new Float64Array(10);
const CLOCKS = new Float64Array(4);

/** Resident weights by class (see district.ts): toward the elderly (×4) or toward old compounds (×4 vs ×0.5). */
const CLASS_WEIGHT = [
  [1, 1, 1, 1, 1, 1],
  [1, 4, 1, 4, 1, 4],
  [4, 4, 0.5, 0.5, 0.5, 0.5],
];

/** The affected resident: one uniform picks a class by weight × size, then a resident in it. */
export function pickResident(w: World, g: number, s: number, u: number): number {
  const d = w.district;
  const first = d.gridFirstResident[g];
  const n = d.gridResidents[g];
  const affects = SUB_AFFECTS[s];
  if (affects === 0) return first + Math.min(n - 1, Math.floor(u * n));
  const weight = CLASS_WEIGHT[affects];
  const cs = d.gridClassStart;
  const base = g * (CLASSES + 1);
  let total = 0;
  for (let c = 0; c < CLASSES; c++) total += (cs[base + c + 1] - cs[base + c]) * weight[c];
  let x = u * total;
  for (let c = 0; c < CLASSES; c++) {
    const size = cs[base + c + 1] - cs[base + c];
    const mass = size * weight[c];
    if (x < mass && size > 0) return cs[base + c] + Math.min(size - 1, Math.floor(x / weight[c]));
    x -= mass;
  }
  return first + n - 1;
}

function spawnIssue(w: World, t: number, g: number, s: number, time: number, u: Float64Array): void {
  const p = w.params;
  const c = w.cases;
  const id = allocCase(c);
  const res = pickResident(w, g, s, u[U_RESIDENT]);
  // Exponential clocks by inversion; work hours log-normal (mean 1, sigma 0.6) by the inverse normal CDF.
  const hours = workHoursFactor(u[U_HOURS]) * SUB_HOURS[s];
  // The four clocks' standard exponentials (uniforms U_PATROL .. U_PATROL + 3) in one loop: one inlined log, results unboxed.
  const x = CLOCKS;
  for (let k = 0; k < 4; k++) x[k] = -log(1 - u[U_PATROL + k]);
  const ePatrol = x[0], eDirect = x[1], eHotline = x[2], eLapse = x[3];
  c.sub[id] = s;
  c.grid[id] = g;
  c.resident[id] = res;
  c.stage[id] = STAGE_HIDDEN;
  c.emerged[id] = time;
  c.hours[id] = hours;
  c.remaining[id] = hours;
  c.uDecide[id] = u[U_DECIDE];
  const e = w.emergence;
  let h = e.streamHash;
  h = Math.imul(h ^ g, 0x01000193);
  h = Math.imul(h ^ s, 0x01000193);
  h = Math.imul(h ^ Math.floor(time * 1048576), 0x01000193);
  e.streamHash = h >>> 0;
  w.counters.emerged++;
  w.recorder.emergedBySub[s]++;
  w.counters.hidden++;
  w.recorder.today.emerged++;
  // The three discovery clocks and the lapse clock, with rates as they stand now.
  const urg = SUB_URGENCY[s];
  const trust = currentTrust(w, res, t);
  const coverage = w.workforce.patrolCoverage[g];
  const patrolRate = p.patrolRate * SUB_VISIBILITY[s] * coverage * urg * (1 + 0.5 * p.earlyWarning * EARLY_WARNING[s]);
  const vol = w.volunteers[g] / Math.max(1, w.district.gridResidents[g]);
  const reports = reportingShare(trust, p.trustStart);
  const directRate = reports * p.directRate * SUB_DIRECT[s] * trust * urg * (1 + 40 * vol + (p.partyRegistration ? 0.15 : 0)) * (0.5 + 0.5 * coverage);
  const hotlineRate = reports * p.hotlineRate * w.district.residentPropensity[res] * (1.3 - trust) * urg;
  const lapseRate = 1 / p.lapseDays;
  const tp = patrolRate > 0 ? ePatrol / patrolRate : Infinity;
  const td = directRate > 0 ? eDirect / directRate : Infinity;
  const th = hotlineRate > 0 ? eHotline / hotlineRate : Infinity;
  const tl = eLapse / lapseRate;
  let best = tl;
  let ch = 0;
  if (tp < best) { best = tp; ch = CHANNEL_PATROL; }
  if (td < best) { best = td; ch = CHANNEL_DIRECT; }
  if (th < best) { best = th; ch = CHANNEL_HOTLINE; }
  c.channel[id] = ch;
  heapPush(w.heap, time + best, id, ch === 0 ? EV_LAPSE : EV_DISCOVER);
}

