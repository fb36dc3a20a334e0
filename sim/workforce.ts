// Grid workers (网格员): posts, skills, morale, quits, vacancies, hiring, all-round training
// (全科社工) and contract surge workers (MODEL.md section 3, step 8), plus the daily hours and
// patrol coverage each grid gets from them. Posts are conserved: a quit makes a vacancy, a
// hire fills it; surge workers are separate temporary contracts.
// Morale moves work, not only quits (MODEL.md section 10.2): a grid's patrol effort and the
// quality of the cases its workers handle scale with 0.7 + 0.3 × morale (relative to the
// reference morale 0.75); pay below the reference wage, unpaid wages and overtime lower
// morale, incentives earned by on-time closure raise it. Surge contracts answer backlog:
// when the grids' queued work passes twice its 30-day mean, up to the cap, after the lead time.
import type { District } from './district.ts';
import type { Params } from './params.ts';
import { SUB_ITEM_COUNT } from './taxonomy.ts';
import { payTraining, surgeAffordable } from './money.ts';
import { POST_ACTIVE, POST_TRAINING, POST_VACANT, ROLES, freezeOn } from './payroll.ts';
import { WORKDAY } from './calendar.ts';
import type { World } from './world.ts';

export { POST_ACTIVE, POST_TRAINING, POST_VACANT };

/** Morale at which effort and quality are as calibrated (new hires start here). */
export const REFERENCE_MORALE = 0.75;
/** Effort and handling quality relative to the reference morale: (0.7 + 0.3 m) / (0.7 + 0.3 × 0.75). */
export function moraleFactor(m: number): number {
  return (0.7 + 0.3 * m) / (0.7 + 0.3 * REFERENCE_MORALE);
}

const ALL_SKILLS = (1 << SUB_ITEM_COUNT) - 1;
const SURGE_DAYS = 60;
const NEWCOMER_DAYS = 180;
const TRAINING_COST_YUAN = 1500;

export interface Workforce {
  nPosts: number;
  postGrid: Int32Array;
  status: Uint8Array;
  morale: Float64Array;
  skills: Int32Array;
  hired: Int32Array;
  /** Day training ends (training) or the new hire arrives (vacant; -1: none scheduled). */
  until: Int32Array;
  newcomer: Uint8Array;
  gridFirstPost: Int32Array;
  /** Per grid, derived each day: active workers, skills of whoever serves the grid, hours on cases, patrol coverage. */
  gridActive: Float64Array;
  gridSkills: Int32Array;
  /** Worker share each grid lends to (positive) or borrows from (negative) a neighbour today. */
  lent: Float64Array;
  patrolCoverage: Float64Array;
  /** Load (queued hours / daily case hours) summed over the week, per grid. */
  loadSum: Float64Array;
  overtimeWeek: Float64Array;
  /** Surge contract workers: grid served and last day; pending arrivals. */
  surgeGrid: Int32Array;
  surgeUntil: Int32Array;
  surgeArrive: Int32Array;
  surgeCount: number;
  surgePending: number;
  /** Share of payroll and incentives actually paid last month (money sets these). */
  payShare: number;
  incentiveShare: number;
  hiringAllowed: boolean;
  quitsToday: number;
  hiresToday: number;
  overtimeToday: number;
  trainingsStarted: number;
  trainingsSkipped: number;
  caseShare: number;
  /** Filled share of the planned community-worker and street-staff posts (payroll.ts roles). */
  staffFilled: Float64Array;
  /** Per grid: cases closed and closed on time this month; last month's on-time share (sets incentives). */
  closedMonth: Float64Array;
  onTimeMonth: Float64Array;
  onTimeShare: Float64Array;
  /** Per grid, derived each day: mean morale of whoever serves it (surge and borrowed staff at the reference). */
  gridMorale: Float64Array;
  /** Grids' queued hours, and their 30-day running mean (-1: not yet measured), for surge. */
  backlog: number;
  backlogMean: number;
}

/** Allocate posts to grids: the whole part everywhere, the remainder to the most populous grids. */
export function createWorkforce(d: District, p: Params): Workforce {
  const G = d.nGrids;
  const total = Math.max(0, Math.round(p.workersPerGrid * G));
  const base = Math.floor(total / G);
  let extra = total - base * G;
  const order = Array.from({ length: G }, (_, g) => g).sort((a, b) => d.gridResidents[b] - d.gridResidents[a] || a - b);
  const count = new Int32Array(G).fill(base);
  for (let k = 0; k < G && extra > 0; k++, extra--) count[order[k]]++;
  const gridFirstPost = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) gridFirstPost[g + 1] = gridFirstPost[g] + count[g];
  const postGrid = new Int32Array(total);
  for (let g = 0; g < G; g++) for (let i = gridFirstPost[g]; i < gridFirstPost[g + 1]; i++) postGrid[i] = g;
  const skills = new Int32Array(total);
  // Experienced workers start with most skills: each post lacks a few sub-items in a fixed pattern.
  for (let i = 0; i < total; i++) skills[i] = ALL_SKILLS & ~(1 << (i % SUB_ITEM_COUNT)) & ~(1 << ((i * 7 + 3) % SUB_ITEM_COUNT));
  const surgeCap = Math.ceil(p.surgeCap * total) + 1;
  const admin = p.adminShare * (p.oneApp ? 0.5 : 1);
  return {
    nPosts: total, postGrid,
    status: new Uint8Array(total), morale: new Float64Array(total).fill(0.75), skills,
    hired: new Int32Array(total).fill(-1000), until: new Int32Array(total).fill(-1), newcomer: new Uint8Array(total),
    gridFirstPost,
    gridActive: new Float64Array(G), gridSkills: new Int32Array(G), lent: new Float64Array(G), patrolCoverage: new Float64Array(G).fill(1),
    loadSum: new Float64Array(G), overtimeWeek: new Float64Array(G),
    surgeGrid: new Int32Array(surgeCap), surgeUntil: new Int32Array(surgeCap), surgeArrive: new Int32Array(surgeCap),
    surgeCount: 0, surgePending: 0,
    payShare: 1, incentiveShare: 1, hiringAllowed: true,
    quitsToday: 0, hiresToday: 0, overtimeToday: 0, trainingsStarted: 0, trainingsSkipped: 0,
    caseShare: Math.max(0.05, 1 - admin - p.patrolShare - 0.15),
    staffFilled: new Float64Array(ROLES).fill(1),
    closedMonth: new Float64Array(G), onTimeMonth: new Float64Array(G), onTimeShare: new Float64Array(G).fill(1),
    gridMorale: new Float64Array(G).fill(REFERENCE_MORALE),
    backlog: 0, backlogMean: -1,
  };
}

/** A case of grid g was closed (on time or not): counts toward next month's incentives. */
export function noteClosure(w: World, g: number, onTime: boolean): void {
  const wf = w.workforce;
  wf.closedMonth[g]++;
  if (onTime) wf.onTimeMonth[g]++;
}

/**
 * Daily: who serves each grid, with which skills and hours, and how well it is patrolled.
 * A grid without an active worker is covered by a neighbour in the same community at 40 %.
 */
export function planGridHours(w: World, t: number): void {
  const p = w.params;
  const d = w.district;
  const wf = w.workforce;
  const u = w.units;
  const G = d.nGrids;
  const dayFactor = w.calendar[t] & WORKDAY ? 1 : 0.25;
  const perWorker = p.hoursPerDay * wf.caseShare * dayFactor;
  for (let g = 0; g < G; g++) {
    let active = 0;
    let sk = 0;
    let morale = 0;
    for (let i = wf.gridFirstPost[g]; i < wf.gridFirstPost[g + 1]; i++) {
      if (wf.status[i] === POST_ACTIVE) {
        active++;
        sk |= wf.skills[i];
        morale += wf.morale[i];
      }
    }
    wf.gridActive[g] = active;
    wf.gridSkills[g] = sk;
    wf.gridMorale[g] = active > 0 ? morale / active : REFERENCE_MORALE;
  }
  for (let k = 0; k < wf.surgeCount; k++) {
    const g = wf.surgeGrid[k];
    wf.gridActive[g] += 1;
    wf.gridSkills[g] |= ALL_SKILLS;
  }
  // Neighbour cover, decided before any hours: a grid without an active worker borrows 40 % of
  // one worker from the next grid of its community that can still lend. Each active worker
  // lends at most once (40 % of a day), and the lender loses the hours it lends: cover moves
  // hours between grids, it never creates them.
  const lent = wf.lent;
  lent.fill(0);
  for (let g = 0; g < G; g++) {
    if (wf.gridActive[g] !== 0) continue;
    const c = d.gridCommunity[g];
    const first = d.communityFirstGrid[c];
    const n = d.communityGridCount[c];
    for (let k = 1; k < n; k++) {
      const h = first + ((g - first + k) % n);
      if (lent[h] + 0.4 <= 0.4 * wf.gridActive[h] + 1e-9) {
        lent[h] += 0.4;
        lent[g] -= 0.4;
        wf.gridSkills[g] = wf.gridSkills[h];
        break;
      }
    }
  }
  for (let g = 0; g < G; g++) {
    const planned = Math.max(1, wf.gridFirstPost[g + 1] - wf.gridFirstPost[g]);
    const workers = Math.max(0, wf.gridActive[g] - lent[g]) + 0.3 * p.helpersPerGrid;
    const base = perWorker * workers;
    const load = u.queuedHours[g] / Math.max(0.1, perWorker * planned);
    // Overtime: up to 1.5 h a worker when the queue is longer than a day's work.
    const overtime = load > 1 ? Math.min(1.5 * Math.max(workers, 0), (u.queuedHours[g] - base) * 0.5) : 0;
    u.hours[g] = base + Math.max(0, overtime);
    u.baseHours[g] = perWorker * planned;
    wf.overtimeToday += Math.max(0, overtime);
    wf.overtimeWeek[g] += Math.max(0, overtime);
    wf.loadSum[g] += load;
    const staffing = Math.min(1.3, workers / planned);
    wf.patrolCoverage[g] = (staffing * moraleFactor(wf.gridMorale[g])) / (1 + 0.5 * Math.max(0, load - 1));
  }
  // Backlog for surge decisions: the grids' queued hours and their 30-day running mean.
  let backlog = 0;
  for (let g = 0; g < G; g++) backlog += u.queuedHours[g];
  wf.backlog = backlog;
  wf.backlogMean = wf.backlogMean < 0 ? backlog : wf.backlogMean + (backlog - wf.backlogMean) / 30;
}

/** Weekly: morale, quits, hires, training, surge. */
export function updateWorkforce(w: World, t: number): void {
  const p = w.params;
  const wf = w.workforce;
  const r = w.streams.workforce;
  const frozen = freezeOn(p, t);
  const payGap = (p.pay * wf.payShare - p.referenceWage) / p.referenceWage;
  for (let i = 0; i < wf.nPosts; i++) {
    const g = wf.postGrid[i];
    const st = wf.status[i];
    if (st === POST_VACANT) {
      if (wf.until[i] < 0 && !frozen) wf.until[i] = t + p.hiringLagDays;
      if (wf.until[i] >= 0 && wf.until[i] <= t && !frozen && wf.hiringAllowed) {
        wf.status[i] = POST_ACTIVE;
        wf.morale[i] = 0.75;
        wf.hired[i] = t;
        wf.newcomer[i] = 1;
        // A newcomer knows half the sub-items (a fixed half per post).
        wf.skills[i] = (i & 1 ? 0x2aaaaaaa : 0x15555555) & ALL_SKILLS;
        wf.until[i] = -1;
        wf.hiresToday++;
      }
      continue;
    }
    if (st === POST_TRAINING) {
      if (wf.until[i] <= t) {
        wf.status[i] = POST_ACTIVE;
        wf.skills[i] = ALL_SKILLS;
        wf.newcomer[i] = 0;
        wf.morale[i] = Math.min(1, wf.morale[i] + 0.05);
      }
      continue;
    }
    if (wf.newcomer[i] && t - wf.hired[i] >= NEWCOMER_DAYS) {
      wf.newcomer[i] = 0;
      wf.skills[i] = ALL_SKILLS & ~(1 << (i % SUB_ITEM_COUNT)) & ~(1 << ((i * 7 + 3) % SUB_ITEM_COUNT));
    }
    const load = wf.loadSum[g] / 7;
    // Incentives as earned: the grid's on-time share last month, as far as the district paid them.
    const incentive = Math.min(1, (p.incentive * wf.incentiveShare * wf.onTimeShare[g]) / 500);
    const target = 0.75 - 0.25 * Math.min(2, Math.max(0, load - 1)) + 0.8 * payGap + 0.15 * incentive
      - 0.01 * wf.overtimeWeek[g] - (wf.payShare < 1 ? 0.2 : 0);
    let m = wf.morale[i] + 0.15 * (target - wf.morale[i]);
    if (m < 0) m = 0;
    if (m > 1) m = 1;
    wf.morale[i] = m;
    const weekly = (p.baseQuitRate / 52) * (1 + 2 * Math.min(1, Math.max(0, (0.75 - m) / 0.75)));
    const uQuit = r();
    const uTrain = r();
    if (uQuit < weekly) {
      wf.status[i] = POST_VACANT;
      wf.until[i] = frozen ? -1 : t + p.hiringLagDays;
      wf.quitsToday++;
    } else if (uTrain < p.trainingRate / 52) {
      if (payTraining(w, t, TRAINING_COST_YUAN)) {
        wf.status[i] = POST_TRAINING;
        wf.until[i] = t + p.trainingDays;
        wf.trainingsStarted++;
      } else wf.trainingsSkipped++;
    }
  }
  wf.loadSum.fill(0);
  wf.overtimeWeek.fill(0);
  updateSurge(w, t);
}

function updateSurge(w: World, t: number): void {
  const p = w.params;
  const wf = w.workforce;
  const u = w.units;
  const G = w.district.nGrids;
  // Expire contracts (keep the list compact, order preserved).
  let k = 0;
  for (let i = 0; i < wf.surgeCount; i++) {
    if (wf.surgeUntil[i] > t) {
      wf.surgeGrid[k] = wf.surgeGrid[i];
      wf.surgeUntil[k] = wf.surgeUntil[i];
      k++;
    }
  }
  wf.surgeCount = k;
  // Arrivals: each goes to the grid with the longest queue (relative to its hours).
  let arrived = 0;
  const here = wf.surgePending > 0 ? new Float64Array(G) : wf.lent;
  if (wf.surgePending > 0) for (let i = 0; i < wf.surgeCount; i++) here[wf.surgeGrid[i]]++;
  for (let i = 0; i < wf.surgePending; i++) {
    if (wf.surgeArrive[i] <= t && wf.surgeCount < wf.surgeGrid.length) {
      let best = 0;
      let bestLoad = -1;
      for (let g = 0; g < G; g++) {
        const l = u.queuedHours[g] / Math.max(0.1, u.baseHours[g]) / (1 + here[g]);
        if (l > bestLoad) { bestLoad = l; best = g; }
      }
      here[best]++;
      wf.surgeGrid[wf.surgeCount] = best;
      wf.surgeUntil[wf.surgeCount] = t + SURGE_DAYS;
      wf.surgeCount++;
      arrived++;
    } else {
      wf.surgeArrive[i - arrived] = wf.surgeArrive[i];
    }
  }
  wf.surgePending -= arrived;
  // Requests: when the grids' queued work passes twice its 30-day mean, enough contract workers
  // to clear the excess in about ten working days, up to the cap, if the district can pay them.
  const cap = Math.floor(p.surgeCap * wf.nPosts);
  if (t >= 30 && wf.backlogMean > 0 && wf.backlog > 2 * wf.backlogMean) {
    const perWorker = Math.max(0.5, p.hoursPerDay * wf.caseShare);
    const need = Math.ceil((wf.backlog - wf.backlogMean) / (perWorker * 10));
    let want = Math.min(cap - wf.surgeCount - wf.surgePending, need);
    while (want > 0 && !surgeAffordable(w, wf.surgePending + want)) want--;
    for (let i = 0; i < want && wf.surgePending < wf.surgeArrive.length; i++) wf.surgeArrive[wf.surgePending++] = t + p.surgeLeadDays;
  }
}

/** Posts by status, for the recorder. */
export function postCounts(wf: Workforce): { active: number; training: number; vacant: number; morale: number } {
  let active = 0, training = 0, vacant = 0, morale = 0;
  for (let i = 0; i < wf.nPosts; i++) {
    if (wf.status[i] === POST_ACTIVE) { active++; morale += wf.morale[i]; }
    else if (wf.status[i] === POST_TRAINING) training++;
    else vacant++;
  }
  return { active, training, vacant, morale: active > 0 ? morale / active : 0 };
}
