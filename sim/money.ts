// Money (MODEL.md section 3, step 9): accounts for the district, money in transit, each
// street (general, earmarked, and task funds that followed devolved tasks) and each community; a monthly budget inflow; payroll and
// incentives; transfers by formula with a disbursement lag; funds follow tasks (费随事转);
// community working funds, red-property subsidy, community operations and repairs. All amounts
// are integer fen held in Float64Array (exact below 2^53). Every movement goes into the
// ledger; the sum of balances plus all spending equals all inflows at every step.
import { MONTH_START } from './calendar.ts';
import type { District } from './district.ts';
import type { Params } from './params.ts';
import { LEVEL_COMMUNITY, LEVEL_STREET, SUB_ITEMS, SUB_ITEM_COUNT } from './taxonomy.ts';
import { POST_ACTIVE, POST_TRAINING } from './workforce.ts';
import { grown } from './typed.ts';
import type { World } from './world.ts';

export const PURPOSES = ['payroll', 'incentives', 'training', 'surge', 'subsidy', 'repairs', 'operations'] as const;
export const P_PAYROLL = 0;
export const P_INCENTIVES = 1;
export const P_TRAINING = 2;
export const P_SURGE = 3;
export const P_SUBSIDY = 4;
export const P_REPAIRS = 5;
export const P_OPERATIONS = 6;
/** Ledger codes for the outside world: the grassroots budget, and departments' budgets that follow devolved tasks. */
export const OUTSIDE_BUDGET = -2;
export const OUTSIDE_DEPARTMENTS = -3;
export const SPENT = -1;
export const PURPOSE_TRANSFER = 100;
export const PURPOSE_INFLOW = 101;

const EMPLOYER_COST = 1.3;

export interface Money {
  nAccounts: number;
  district: number;
  transit: number;
  firstStreetGeneral: number;
  firstStreetEarmarked: number;
  /** Task funds: ring-fenced for the repairs of tasks devolved from departments. */
  firstStreetTask: number;
  firstCommunity: number;
  balance: Float64Array;
  inflowTotal: number;
  spent: Float64Array; // by purpose
  transferred: number;
  shortfall: Float64Array; // per account, cumulative unpaid obligations (fen)
  /** Scheduled arrivals: ring of (lag + 1) months × accounts. */
  pending: Float64Array;
  pendingSlots: number;
  month: number;
  /** Cases waiting for money, FIFO per paying account (through cases.next). */
  waitHead: Int32Array;
  waitTail: Int32Array;
  waitCount: Int32Array;
  unfundedCaseDays: number;
  /** Ledger (growable): day, from, to, amount (fen), purpose. */
  ledgerN: number;
  ledgerDay: Int32Array;
  ledgerFrom: Int32Array;
  ledgerTo: Int32Array;
  ledgerAmount: Float64Array;
  ledgerPurpose: Uint8Array;
  /** Planning figures (fen a month). */
  plannedInflow: number;
  plannedPool: number;
  plannedDistrict: number;
  taskFundsStreet: Float64Array;
  taskFundsCommunity: Float64Array;
  needIndex: Float64Array;
  caseloadMonth: Float64Array;
  caseloadLast: Float64Array;
  coveredHouseholds: Float64Array; // per street
  streetPopulation: Float64Array;
  monthInflow: number;
}

const fen = (yuan: number): number => Math.round(yuan * 100);

export function createMoney(d: District, p: Params): Money {
  const S = d.nStreets;
  const C = d.nCommunities;
  const firstStreetGeneral = 2;
  const firstStreetEarmarked = 2 + S;
  const firstStreetTask = 2 + 2 * S;
  const firstCommunity = 2 + 3 * S;
  const nAccounts = firstCommunity + C;
  const taskFundsStreet = new Float64Array(S);
  const taskFundsCommunity = new Float64Array(C);
  const needIndex = new Float64Array(S);
  const coveredHouseholds = new Float64Array(S);
  const streetPop = new Float64Array(S);
  for (let g = 0; g < d.nGrids; g++) {
    const s = d.gridStreet[g];
    streetPop[s] += d.gridResidents[g];
    needIndex[s] += d.gridResidents[g] * (0.5 * d.gridOldShare[g] + 0.5 * d.gridElderlyShare[g] / 0.25);
    const covered = d.gridCoverageKey[g] < p.coverage;
    if (covered) coveredHouseholds[s] += d.gridHouseholds[g] * d.gridOldShare[g];
    // Funds follow tasks: the expected yearly repair cost of devolved sub-items goes with them.
    for (let k = 0; k < SUB_ITEM_COUNT; k++) {
      const it = SUB_ITEMS[k];
      if (!p.devolved[k] || it.cost <= 0) continue;
      const level = p.effectiveAuthority[k];
      let rate = (it.rate / 1000) * d.gridResidents[g] * p.emergenceScale;
      if (it.touristOnly && !d.gridTourist[g]) rate = 0;
      if (it.oldCompoundOnly) rate *= d.gridOldShare[g] * (covered ? 0.5 : 1);
      // Covered old-compound facility cases go to the property centre, paid by the subsidy.
      if (covered && it.id === 'oldCompoundFacilities') rate = 0;
      const yearly = rate * it.cost * 1.1;
      if (level === LEVEL_COMMUNITY) taskFundsCommunity[d.gridCommunity[g]] += yearly / 12;
      else if (level === LEVEL_STREET) taskFundsStreet[s] += yearly / 12;
    }
  }
  let posts = Math.round(p.workersPerGrid * d.nGrids);
  if (posts < 0) posts = 0;
  const plannedInflow = fen((p.budgetPerCapita * d.population) / 12);
  const plannedDistrict = fen(posts * (p.pay * EMPLOYER_COST + p.incentive) + (posts * p.trainingRate * 1500) / 12);
  const slots = p.disbursementLagMonths + 1;
  return {
    nAccounts, district: 0, transit: 1, firstStreetGeneral, firstStreetEarmarked, firstStreetTask, firstCommunity,
    balance: new Float64Array(nAccounts), inflowTotal: 0, spent: new Float64Array(PURPOSES.length), transferred: 0,
    shortfall: new Float64Array(nAccounts), pending: new Float64Array(slots * nAccounts), pendingSlots: slots, month: 0,
    waitHead: new Int32Array(nAccounts).fill(-1), waitTail: new Int32Array(nAccounts).fill(-1), waitCount: new Int32Array(nAccounts),
    unfundedCaseDays: 0,
    ledgerN: 0, ledgerDay: new Int32Array(4096), ledgerFrom: new Int32Array(4096), ledgerTo: new Int32Array(4096),
    ledgerAmount: new Float64Array(4096), ledgerPurpose: new Uint8Array(4096),
    plannedInflow, plannedPool: Math.max(0, plannedInflow - plannedDistrict), plannedDistrict,
    taskFundsStreet, taskFundsCommunity, needIndex,
    caseloadMonth: new Float64Array(S), caseloadLast: streetPop.slice(), coveredHouseholds, streetPopulation: streetPop, monthInflow: plannedInflow,
  };
}

function record(m: Money, day: number, from: number, to: number, amount: number, purpose: number): void {
  if (m.ledgerN === m.ledgerDay.length) {
    const cap = m.ledgerN * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => grown(a, cap);
    m.ledgerDay = g(m.ledgerDay); m.ledgerFrom = g(m.ledgerFrom); m.ledgerTo = g(m.ledgerTo);
    m.ledgerAmount = g(m.ledgerAmount); m.ledgerPurpose = g(m.ledgerPurpose);
  }
  const i = m.ledgerN++;
  m.ledgerDay[i] = day; m.ledgerFrom[i] = from; m.ledgerTo[i] = to; m.ledgerAmount[i] = amount; m.ledgerPurpose[i] = purpose;
}

function transfer(m: Money, day: number, from: number, to: number, amount: number): void {
  if (amount <= 0) return;
  m.balance[from] -= amount;
  m.balance[to] += amount;
  m.transferred += amount;
  record(m, day, from, to, amount, PURPOSE_TRANSFER);
}

/** Spend up to `due` from `account`; the unpaid rest is a recorded shortfall. Returns what was paid. */
function spend(m: Money, day: number, account: number, due: number, purpose: number): number {
  if (due <= 0) return 0;
  const paid = Math.min(due, Math.max(0, m.balance[account]));
  if (paid > 0) {
    m.balance[account] -= paid;
    m.spent[purpose] += paid;
    record(m, day, account, SPENT, paid, purpose);
  }
  if (paid < due) m.shortfall[account] += due - paid;
  return paid;
}

function budgetCutOn(p: Params, t: number): boolean {
  return p.budgetCutStart >= 0 && t >= p.budgetCutStart;
}

/** Training is paid by the district when it starts; no money, no training. */
export function payTraining(w: World, t: number, yuan: number): boolean {
  const m = w.money;
  const due = fen(yuan);
  if (m.balance[m.district] < due) return false;
  spend(m, t, m.district, due, P_TRAINING);
  return true;
}

/** The monthly money step (on the first day of each month). */
export function monthlyMoney(w: World, t: number): void {
  if (!(w.calendar[t] & MONTH_START)) return;
  const m = w.money;
  const p = w.params;
  const d = w.district;
  const wf = w.workforce;
  const S = d.nStreets;
  const C = d.nCommunities;
  // 1. Transfers scheduled for this month arrive.
  const slot = m.month % m.pendingSlots;
  for (let a = 0; a < m.nAccounts; a++) {
    const amt = m.pending[slot * m.nAccounts + a];
    if (amt > 0) {
      transfer(m, t, m.transit, a, amt);
      m.pending[slot * m.nAccounts + a] = 0;
    }
  }
  // 2. The budget arrives.
  const cut = budgetCutOn(p, t) ? p.budgetCutShare : 0;
  const inflow = fen((p.budgetPerCapita * d.population * (1 - cut)) / 12);
  m.balance[m.district] += inflow;
  m.inflowTotal += inflow;
  m.monthInflow = inflow;
  record(m, t, OUTSIDE_BUDGET, m.district, inflow, PURPOSE_INFLOW);
  // 3. Payroll first: active and training posts, and surge contracts.
  let paidPosts = 0;
  for (let i = 0; i < wf.nPosts; i++) if (wf.status[i] === POST_ACTIVE || wf.status[i] === POST_TRAINING) paidPosts++;
  const payroll = fen(paidPosts * p.pay * EMPLOYER_COST);
  const paid = spend(m, t, m.district, payroll, P_PAYROLL);
  wf.payShare = payroll > 0 ? paid / payroll : 1;
  spend(m, t, m.district, fen(wf.surgeCount * p.surgeCost), P_SURGE);
  // 4. Transfers to streets by formula, cut in proportion to the inflow; scheduled after the lag.
  const scale = m.plannedInflow > 0 ? inflow / m.plannedInflow : 0;
  const pool = Math.min(Math.max(0, m.balance[m.district]), Math.round(m.plannedPool * scale));
  const wSum = p.weightPerCapita + p.weightCaseload + p.weightNeed + p.weightEqual || 1;
  const streetPop = m.streetPopulation;
  let pop = 0, load = 0, need = 0;
  for (let s = 0; s < S; s++) { pop += streetPop[s]; load += m.caseloadLast[s]; need += m.needIndex[s]; }
  const dest = ((slot + p.disbursementLagMonths) % m.pendingSlots) * m.nAccounts;
  let scheduled = 0;
  for (let s = 0; s < S; s++) {
    const share = (p.weightPerCapita * (pop > 0 ? streetPop[s] / pop : 0)
      + p.weightCaseload * (load > 0 ? m.caseloadLast[s] / load : 1 / S)
      + p.weightNeed * (need > 0 ? m.needIndex[s] / need : 1 / S)
      + p.weightEqual / S) / wSum;
    const amount = Math.floor(pool * share);
    const general = Math.floor(amount * p.generalShare);
    m.pending[dest + m.firstStreetGeneral + s] += general;
    m.pending[dest + m.firstStreetEarmarked + s] += amount - general;
    scheduled += amount;
  }
  const affordable = Math.min(scheduled, Math.max(0, m.balance[m.district]));
  if (affordable < scheduled) {
    // Not enough: scale this month's scheduled amounts down (whole fen), record the shortfall.
    const f = scheduled > 0 ? affordable / scheduled : 0;
    let total = 0;
    for (let a = 0; a < m.nAccounts; a++) {
      const v = Math.floor(m.pending[dest + a] * f);
      m.pending[dest + a] = v;
      total += v;
    }
    m.shortfall[m.district] += scheduled - total;
    scheduled = total;
  }
  transfer(m, t, m.district, m.transit, scheduled);
  // Funds follow tasks: the departments' budgets for tasks devolved to streets and communities
  // move down with the authority (money from outside the grassroots budget, after the same lag).
  if (p.fundsFollowTasks) {
    let tasks = 0;
    for (let s = 0; s < S; s++) {
      const a = Math.round(m.taskFundsStreet[s] * 100);
      m.pending[dest + m.firstStreetTask + s] += a;
      tasks += a;
    }
    for (let c = 0; c < C; c++) {
      const a = Math.round(m.taskFundsCommunity[c] * 100);
      m.pending[dest + m.firstCommunity + c] += a;
      tasks += a;
    }
    if (tasks > 0) {
      m.balance[m.transit] += tasks;
      m.inflowTotal += tasks;
      record(m, t, OUTSIDE_DEPARTMENTS, m.transit, tasks, PURPOSE_INFLOW);
    }
  }
  if (p.disbursementLagMonths === 0) {
    for (let a = 0; a < m.nAccounts; a++) {
      const amt = m.pending[dest + a];
      if (amt > 0) {
        transfer(m, t, m.transit, a, amt);
        m.pending[dest + a] = 0;
      }
    }
  }
  // 5. Incentives from what is left.
  let activePosts = 0;
  for (let i = 0; i < wf.nPosts; i++) if (wf.status[i] === POST_ACTIVE) activePosts++;
  const incentives = fen(activePosts * p.incentive);
  const paidInc = spend(m, t, m.district, incentives, P_INCENTIVES);
  wf.incentiveShare = incentives > 0 ? paidInc / incentives : 1;
  // Hiring restraint: posts are refilled only while the payroll fits the district's share of this
  // month's budget (a cut shrinks it; vacancies then stay open).
  const perPost = fen(p.pay * EMPLOYER_COST + p.incentive);
  const maxPosts = perPost > 0 ? Math.floor((m.plannedDistrict * scale) / perPost + 1e-9) : wf.nPosts;
  wf.hiringAllowed = wf.payShare >= 1 && paidPosts < maxPosts;
  // 6. Streets pay community funds and the red-property subsidy from earmarked money first.
  const perCommunity = fen(p.communityFunds / 12);
  for (let c = 0; c < C; c++) {
    const s = d.communityStreet[c];
    const e = m.firstStreetEarmarked + s;
    const g = m.firstStreetGeneral + s;
    const fromE = Math.min(perCommunity, Math.max(0, m.balance[e]));
    transfer(m, t, e, m.firstCommunity + c, fromE);
    const fromG = Math.min(perCommunity - fromE, Math.max(0, m.balance[g]));
    transfer(m, t, g, m.firstCommunity + c, fromG);
    if (fromE + fromG < perCommunity) m.shortfall[e] += perCommunity - fromE - fromG;
  }
  for (let s = 0; s < S; s++) {
    const due = fen(m.coveredHouseholds[s] * p.subsidy);
    const e = m.firstStreetEarmarked + s;
    const paidE = spend(m, t, e, Math.min(due, Math.max(0, m.balance[e])), P_SUBSIDY);
    if (paidE < due) spend(m, t, m.firstStreetGeneral + s, due - paidE, P_SUBSIDY);
  }
  // 7. Communities run: half of a month's working funds goes on operations; without
  // discretion over surpluses, money above two months of funds goes back to the street.
  for (let c = 0; c < C; c++) {
    const a = m.firstCommunity + c;
    spend(m, t, a, Math.min(Math.floor(perCommunity / 2), Math.max(0, m.balance[a])), P_OPERATIONS);
    if (!p.communityDiscretion) {
      const excess = m.balance[a] - 2 * perCommunity;
      if (excess > 0) transfer(m, t, a, m.firstStreetGeneral + d.communityStreet[c], excess);
    }
  }
  // 8. Caseload for next month's formula.
  for (let s = 0; s < S; s++) {
    m.caseloadLast[s] = m.caseloadMonth[s];
    m.caseloadMonth[s] = 0;
  }
  m.month++;
}

/** The account that pays repairs for a case handled at a unit of `level` in `street`/`community`; -1: none. */
export function payerFor(m: Money, level: number, street: number, community: number): number {
  if (level === LEVEL_COMMUNITY) return m.firstCommunity + community;
  if (level === LEVEL_STREET) return m.firstStreetTask + street;
  return -1;
}

/**
 * Pay a repair now if the paying account can: a street pays from its task funds, then its
 * earmarked, then its general account; a community from its own. True if paid.
 */
export function payRepair(w: World, t: number, payer: number, yuan: number): boolean {
  const m = w.money;
  const due = fen(yuan);
  const S = w.district.nStreets;
  const steps = payer >= m.firstStreetTask && payer < m.firstCommunity ? 3 : 1;
  let avail = 0;
  for (let k = 0; k < steps; k++) avail += Math.max(0, m.balance[payer - k * S]);
  if (avail < due) return false;
  let left = due;
  for (let k = 0; k < steps && left > 0; k++) {
    const a = payer - k * S;
    const take = Math.min(left, Math.max(0, m.balance[a]));
    if (take > 0) spend(m, t, a, take, P_REPAIRS);
    left -= take;
  }
  return true;
}

/**
 * Opening balances, so a run starts mid-stream rather than from empty accounts: one month of
 * the district budget, of each street's planned transfers and task funds, and of each
 * community's working funds. Recorded as inflow ('opening balance') like the budget.
 */
export function openAccounts(w: World): void {
  const m = w.money;
  const p = w.params;
  const d = w.district;
  const S = d.nStreets;
  const give = (a: number, amount: number, from = OUTSIDE_BUDGET) => {
    if (amount <= 0) return;
    m.balance[a] += amount;
    m.inflowTotal += amount;
    record(m, 0, from, a, amount, PURPOSE_INFLOW);
  };
  give(m.district, m.plannedInflow);
  let pop = 0;
  for (let s = 0; s < S; s++) pop += m.streetPopulation[s];
  for (let s = 0; s < S; s++) {
    const amount = Math.floor(m.plannedPool * (pop > 0 ? m.streetPopulation[s] / pop : 1 / S));
    const general = Math.floor(amount * p.generalShare);
    give(m.firstStreetGeneral + s, general);
    give(m.firstStreetEarmarked + s, amount - general);
    if (p.fundsFollowTasks) give(m.firstStreetTask + s, Math.round(m.taskFundsStreet[s] * 100), OUTSIDE_DEPARTMENTS);
  }
  for (let c = 0; c < d.nCommunities; c++) {
    give(m.firstCommunity + c, fen(p.communityFunds / 12));
    if (p.fundsFollowTasks) give(m.firstCommunity + c, Math.round(m.taskFundsCommunity[c] * 100), OUTSIDE_DEPARTMENTS);
  }
}

/** Money that entered minus (balances + spending): zero when money is conserved. */
export function moneyImbalance(m: Money): number {
  let b = 0;
  for (let a = 0; a < m.nAccounts; a++) b += m.balance[a];
  let s = 0;
  for (let k = 0; k < m.spent.length; k++) s += m.spent[k];
  return m.inflowTotal - (b + s);
}
