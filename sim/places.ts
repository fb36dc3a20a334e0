// Outcomes by place and group, read from the world at the end of a run (nothing here changes the
// simulation): per community and per street, over the summary's measurement window (the days
// after the warm-up, result.window): cases resolved (the same cases as the result's histogram),
// mean and median days to resolution, satisfied share, spending from the place's own accounts and
// cost per case, unfunded case-days; on the last day: the backlog and the issues nobody has found
// yet, residents and mean trust by housing type; and a reporting-bias view: the cases in the
// system on the last day by discovery channel and the housing type of the resident concerned (of
// the grid's majority where no resident is attached).
// Streets are sums of their communities (plus, for money, the street's own accounts), so the
// per-street figures add up exactly to the district's: closed cases to the histogram's total,
// unfunded case-days to money.unfundedCaseDays, spending plus `districtSpend` (the district's and
// the departments' own accounts, which belong to no street) to money.spendTotal.
import { communityTallies, exactQuantile } from './recorder.ts';
import { currentTrust } from './residents.ts';
import { measurementWindow } from './summary.ts';
import { STAGE_CALL, STAGE_FREE, STAGE_FUNDS, STAGE_HIDDEN, STAGE_QUEUED, STAGE_TRANSIT, STAGE_VERIFY, type World } from './world.ts';

export const PLACE_HOUSING = ['oldCompound', 'commodity', 'resettlement'] as const;
export const PLACE_CHANNELS = ['hidden', 'patrol', 'direct', 'hotline', 'duplicate'] as const;

export interface PlaceFigures {
  id: string;
  /** The street a community belongs to (the street's own id for a street). */
  street: string;
  residents: number;
  /** Cases resolved in the measurement window (duplicates merged into another case excluded; the same cases as the result's histogram). */
  closed: number;
  /** Sum of days from discovery to resolution over those cases (mean = daysSum / closed). */
  daysSum: number;
  meanDays: number | null;
  /** Median days from discovery to resolution over those cases (exact, as time.median). */
  medianDays: number | null;
  /** Yuan spent in the window from the place's own accounts (a street: its own and its communities'). */
  spend: number;
  /** spend / closed: the local cost per case (district and department payroll not included). */
  costPerCase: number | null;
  /** Case-days in the window spent waiting for money, by the community of the case. */
  unfundedCaseDays: number;
  rated: number;
  satisfied: number;
  satisfaction: number | null;
  /** Open cases on the last day (in a call, queued, being verified, in transit, waiting for money). */
  backlog: number;
  /** Issues not yet found by anyone on the last day. */
  hidden: number;
  /** Backlog per 10,000 residents. */
  backlogPer10k: number | null;
  /** Residents and their mean trust by housing type (null where none live). */
  residentsByHousing: number[];
  trustByHousing: (number | null)[];
  trust: number | null;
}

export interface Places {
  housing: readonly string[];
  channels: readonly string[];
  streets: PlaceFigures[];
  communities: PlaceFigures[];
  /** Cases in the system on the last day: [housing][channel] counts. */
  reporting: number[][];
  /** Yuan spent in the window from accounts of no street (the district's, the departments', transit): spendTotal − Σ streets' spend. */
  districtSpend: number;
}

function empty(id: string, street: string): PlaceFigures {
  return {
    id, street, residents: 0, closed: 0, daysSum: 0, meanDays: null, medianDays: null, spend: 0, costPerCase: null, unfundedCaseDays: 0,
    rated: 0, satisfied: 0, satisfaction: null, backlog: 0, hidden: 0,
    backlogPer10k: null, residentsByHousing: [0, 0, 0], trustByHousing: [null, null, null], trust: null,
  };
}

// Means are null where nothing was counted (so results survive JSON unchanged).
function finishPlace(p: PlaceFigures, trustSums: number[]): void {
  p.meanDays = p.closed > 0 ? p.daysSum / p.closed : null;
  p.costPerCase = p.closed > 0 ? p.spend / p.closed : null;
  p.satisfaction = p.rated > 0 ? p.satisfied / p.rated : null;
  p.backlogPer10k = p.residents > 0 ? (1e4 * p.backlog) / p.residents : null;
  let tSum = 0;
  for (let h = 0; h < 3; h++) {
    tSum += trustSums[h];
    p.trustByHousing[h] = p.residentsByHousing[h] > 0 ? trustSums[h] / p.residentsByHousing[h] : null;
  }
  p.trust = p.residents > 0 ? tSum / p.residents : null;
}

const BACKLOG = new Uint8Array(8);
for (const s of [STAGE_CALL, STAGE_QUEUED, STAGE_VERIFY, STAGE_TRANSIT, STAGE_FUNDS]) BACKLOG[s] = 1;

/** Per-street and per-community figures of a world as it stands. O(residents + cases). */
export function computePlaces(w: World): Places {
  const d = w.district;
  const streets = d.spec.streets.map((s) => empty(s.id, s.id));
  const communities: PlaceFigures[] = [];
  const perStreetCount = new Array<number>(d.nStreets).fill(0);
  for (let k = 0; k < d.nCommunities; k++) {
    const s = d.communityStreet[k];
    communities.push(empty(`${streets[s].id}-c${++perStreetCount[s]}`, streets[s].id));
  }
  const commTrust = communities.map(() => [0, 0, 0]);
  const streetTrust = streets.map(() => [0, 0, 0]);
  const r = w.recorder;
  const { from, to } = measurementWindow(w);
  const windowed = (total: Float64Array, atWarm: Float64Array, i: number) => (from > 0 ? total[i] - atWarm[i] : total[i]);
  const rc = communityTallies(r, from, to, d.nCommunities);
  for (let k = 0; k < d.nCommunities; k++) {
    const p = communities[k];
    p.closed = rc[4 * k]; p.daysSum = rc[4 * k + 1]; p.rated = rc[4 * k + 2]; p.satisfied = rc[4 * k + 3];
    p.spend = windowed(r.placeSpend, r.placeSpendWarm, k) / 100;
    p.unfundedCaseDays = windowed(r.placeUnfunded, r.placeUnfundedWarm, k);
  }
  streets.forEach((s, i) => { s.spend = windowed(r.placeSpend, r.placeSpendWarm, d.nCommunities + i) / 100; });
  const districtSpend = windowed(r.placeSpend, r.placeSpendWarm, d.nCommunities + d.nStreets) / 100;
  // Median days: the window's resolution times grouped by community (and by street), exact.
  const lo = r.dayStart[from], hi = r.dayStart[to];
  const commStart = new Int32Array(d.nCommunities + 1);
  for (let i = lo; i < hi; i++) commStart[r.timesCommunity[i] + 1]++;
  for (let k = 0; k < d.nCommunities; k++) commStart[k + 1] += commStart[k];
  // Grouped by street, communities in order within a street: street s holds a contiguous slice.
  const order = Array.from({ length: d.nCommunities }, (_, k) => k).sort((a, b) => d.communityStreet[a] - d.communityStreet[b] || a - b);
  const slot = new Int32Array(d.nCommunities);
  let at = 0;
  const streetStart = new Int32Array(d.nStreets + 1);
  for (const k of order) { slot[k] = at; at += commStart[k + 1] - commStart[k]; streetStart[d.communityStreet[k] + 1] = at; }
  for (let s = 1; s <= d.nStreets; s++) streetStart[s] = Math.max(streetStart[s], streetStart[s - 1]);
  const grouped = new Float64Array(Math.max(0, hi - lo));
  const fill = slot.slice();
  for (let i = lo; i < hi; i++) grouped[fill[r.timesCommunity[i]]++] = r.times[i];
  const median = (a: number, b: number) => (b > a ? exactQuantile(grouped.slice(a, b), b - a, 0.5) : null);
  communities.forEach((p, k) => { p.medianDays = median(slot[k], slot[k] + commStart[k + 1] - commStart[k]); });
  streets.forEach((s, i) => { s.medianDays = median(streetStart[i], streetStart[i + 1]); });
  // Residents, trust by housing, and each grid's majority housing type.
  const day = Math.max(0, w.day - 1);
  const gridMajority = new Uint8Array(d.nGrids);
  for (let g = 0; g < d.nGrids; g++) {
    const p = communities[d.gridCommunity[g]];
    const ts = commTrust[d.gridCommunity[g]];
    const first = d.gridFirstResident[g];
    const counts = [0, 0, 0];
    for (let r = first; r < first + d.gridResidents[g]; r++) {
      const h = d.residentHousing[r];
      counts[h]++;
      ts[h] += currentTrust(w, r, day);
    }
    for (let h = 0; h < 3; h++) p.residentsByHousing[h] += counts[h];
    p.residents += d.gridResidents[g];
    gridMajority[g] = counts[1] > counts[0] ? (counts[2] > counts[1] ? 2 : 1) : counts[2] > counts[0] ? 2 : 0;
  }
  // Cases in the system today.
  const reporting = [0, 1, 2].map(() => new Array<number>(PLACE_CHANNELS.length).fill(0));
  const c = w.cases;
  for (let i = 0; i < c.capacity; i++) {
    const st = c.stage[i];
    if (st === STAGE_FREE) continue;
    const g = c.grid[i];
    const p = communities[d.gridCommunity[g]];
    if (st === STAGE_HIDDEN) p.hidden++;
    else if (BACKLOG[st]) p.backlog++;
    else continue; // closed, waiting only for a reopen check
    const r = c.resident[i];
    const h = r >= 0 ? d.residentHousing[r] : gridMajority[g];
    reporting[h][st === STAGE_HIDDEN ? 0 : Math.min(c.channel[i], PLACE_CHANNELS.length - 1)]++;
  }
  // Streets: sums of their communities.
  communities.forEach((p, k) => {
    const s = streets[d.communityStreet[k]];
    s.residents += p.residents; s.closed += p.closed; s.daysSum += p.daysSum; s.rated += p.rated; s.satisfied += p.satisfied;
    s.backlog += p.backlog; s.hidden += p.hidden; s.spend += p.spend; s.unfundedCaseDays += p.unfundedCaseDays;
    for (let h = 0; h < 3; h++) { s.residentsByHousing[h] += p.residentsByHousing[h]; streetTrust[d.communityStreet[k]][h] += commTrust[k][h]; }
  });
  communities.forEach((p, k) => finishPlace(p, commTrust[k]));
  streets.forEach((s, i) => finishPlace(s, streetTrust[i]));
  return { housing: PLACE_HOUSING, channels: PLACE_CHANNELS, streets, communities, reporting, districtSpend };
}

