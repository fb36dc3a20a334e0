// Money (MODEL.md section 3, step 9): accounts for the district, money in transit, the
// departments' budgets, each street (general, earmarked, and task funds that followed devolved
// tasks) and each community; a monthly budget inflow; payroll of every paid role (grid workers
// and the roles in payroll.ts) and incentives tied to on-time closure; transfers by formula with
// a disbursement lag; funds follow tasks (费随事转); the red-property subsidy that pays the
// property centres (property-centre.ts); community working funds, operations and repairs. All
// amounts are integer fen held in Float64Array (exact below 2^53). Every movement goes into the
// ledger; the sum of balances plus all spending equals all inflows at every step.
//
// Money first (parameters.md): the budget pays every paid role; a cut freezes hiring first (the
// payroll must fit this month's budget), then the pool sent to streets shrinks so repairs and
// the property centres wait, then unpaid staff leave (posts vacant, fewer hours).
import { MONTH_START } from './calendar.ts';
import type { District } from './district.ts';
import type { Params } from './params.ts';
import {
  EMPLOYER_COST, PAY_COMMUNITY_WORKER, PAY_PROPERTY_CENTRE, POST_ACTIVE, POST_TRAINING, ROLES, ROLE_COMMUNITY, ROLE_STREET, departmentStaffCost,
  freezeOn, grassrootsStaffCost, staffPlan, type StaffPlan,
} from './payroll.ts';
import { gridBaseRate, meanSeasonFactor } from './expected-rates.ts';
import { COVERAGE_STEP, coveredHouseholdsByStreet, refreshCoverage } from './property-centre.ts';
import { centreStaff } from './property.ts';
import { LEVEL_DEPARTMENT, LEVEL_STREET, SUB_ITEMS, SUB_ITEM_COUNT } from './taxonomy.ts';
import { grown } from './typed.ts';
import type { World } from './world.ts';

/**
 * Spending purposes. 'payroll' is every salaried role (grid workers, community workers, street
 * staff, enforcement officers, department case staff, 12345 operators); 'subsidy' is the
 * property centres' staff (paid from the subsidy-fed earmarked accounts); 'repairs' is materials
 * and the working expenses of formerly departmental tasks.
 */
export const PURPOSES = ['payroll', 'incentives', 'training', 'surge', 'subsidy', 'repairs', 'operations'] as const;
export const P_PAYROLL = 0;
export const P_INCENTIVES = 1;
export const P_TRAINING = 2;
export const P_SURGE = 3;
export const P_SUBSIDY = 4;
export const P_REPAIRS = 5;
export const P_OPERATIONS = 6;
/** Ledger codes for the outside world: the grassroots budget, and the departments' budgets. */
export const OUTSIDE_BUDGET = -2;
export const OUTSIDE_DEPARTMENTS = -3;
export const SPENT = -1;
export const PURPOSE_TRANSFER = 100;
export const PURPOSE_INFLOW = 101;

/**
 * Working expenses (yuan) of a case of a task that departments held in 2019 (inspection,
 * third-party services, transport), wherever it is handled: the money that follows a devolved
 * task (guess).
 */
export const TASK_CASE_EXPENSE = 150;
/** Money a case needs before work starts: materials plus, for formerly departmental tasks, working expenses. */
/** Months of the property centre's pay the subsidy keeps reserved for it (guess). */
export const CENTRE_RESERVE_MONTHS = 3;
/** Months of working funds a community with discretion over surpluses may carry over (guess). */
export const COMMUNITY_CARRY_MONTHS = 3;
export const CASE_COST = new Float64Array(SUB_ITEMS.map((s) => s.cost + (s.authorityBefore === 'department' ? TASK_CASE_EXPENSE : 0)));

export interface Money {
  nAccounts: number;
  district: number;
  transit: number;
  /** The departments' budgets (one pooled account): department staff, enforcement officers, operators, departmental cases. */
  departments: number;
  firstStreetGeneral: number;
  firstStreetEarmarked: number;
  /** Task funds: ring-fenced for the cases of tasks devolved from departments. */
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
  /** The departments' monthly budget: their staff, their own cases, and the budgets of devolved tasks. */
  plannedDepartments: number;
  /** Yuan a month for the cases of devolved tasks, by street and by community. */
  taskFundsStreet: Float64Array;
  taskFundsCommunity: Float64Array;
  needIndex: Float64Array;
  caseloadMonth: Float64Array;
  caseloadLast: Float64Array;
  coveredHouseholds: Float64Array; // per street
  /** Share of the lever's red-property coverage each street's centre still serves (1 = all). */
  coverageShare: Float64Array;
  /**
   * Per street, the part of the earmarked balance that came from the red-property subsidy and is
   * reserved for the centre's staff (fen); the subsidy scheduled to arrive, by slot and street.
   */
  centreFunds: Float64Array;
  subsidyPending: Float64Array;
  /** Months a street's property centre could not be paid (all streets). */
  centreUnpaidMonths: number;
  streetPopulation: Float64Array;
  monthInflow: number;
  staff: StaffPlan;
  /** The district's payroll due last month (fen). */
  lastPayroll: number;
}

const fen = (yuan: number): number => Math.round(yuan * 100);

/**
 * Monthly employer cost (yuan) of the community workers seconded to the property centres
 * (property.ts): their pay moves from the district's payroll to the subsidy-fed earmarked
 * accounts while they serve there, so the district neither budgets nor pays it.
 */
function secondedCost(staff: Float64Array): number {
  let heads = 0;
  for (let s = 0; s < staff.length; s++) heads += staff[s];
  return heads * PAY_COMMUNITY_WORKER * EMPLOYER_COST;
}

/**
 * Ledger entries a run is expected to write per resident-day (the presets write 0.96 to 1.03 per
 * thousand): createWorld sizes the ledger for the run's first year up front, so a district-sized
 * run does not copy it through seven doublings (longer runs grow from there).
 */
export const LEDGER_ENTRIES_PER_RESIDENT_DAY = 1.25e-3;

/** The money accounts at day 0; `ledgerCapacity` entries are allocated up front (the ledger grows past it). */
export function createMoney(d: District, p: Params, ledgerCapacity = 4096): Money {
  const S = d.nStreets;
  const C = d.nCommunities;
  const district = 0;
  const transit = 1;
  const departments = 2;
  const firstStreetGeneral = 3;
  const firstStreetEarmarked = 3 + S;
  const firstStreetTask = 3 + 2 * S;
  const firstCommunity = 3 + 3 * S;
  const nAccounts = firstCommunity + C;
  const taskFundsStreet = new Float64Array(S);
  const taskFundsCommunity = new Float64Array(C);
  const needIndex = new Float64Array(S);
  const coverageShare = new Float64Array(S).fill(1);
  const coveredHouseholds = coveredHouseholdsByStreet(d, p, coverageShare);
  const streetPop = new Float64Array(S);
  let departmentCases = 0;
  for (let g = 0; g < d.nGrids; g++) {
    const s = d.gridStreet[g];
    streetPop[s] += d.gridResidents[g];
    needIndex[s] += d.gridResidents[g] * (0.5 * d.gridOldShare[g] + 0.5 * d.gridElderlyShare[g] / 0.25);
    const covered = d.gridCoverageKey[g] < p.coverage;
    const tourist = d.gridTourist[g] !== 0;
    // The expected yearly cost of formerly departmental tasks: departments budget for it from
    // the caseload where it arises (the same rates emergence draws from, with the tourist and
    // commerce multipliers and the recurring seasons: expected-rates.ts); funds follow tasks
    // sends the devolved part down with the authority.
    for (let k = 0; k < SUB_ITEM_COUNT; k++) {
      const it = SUB_ITEMS[k];
      if (it.authorityBefore !== 'department' || CASE_COST[k] <= 0) continue;
      const level = p.effectiveAuthority[k];
      let rate = gridBaseRate(d, p, g, k) * 365 * meanSeasonFactor(p, k, tourist);
      if (it.oldCompoundOnly && covered) rate *= 0.5;
      const yearly = rate * CASE_COST[k] * 1.1;
      if (level === LEVEL_DEPARTMENT) departmentCases += yearly / 12;
      else if (level === LEVEL_STREET) taskFundsStreet[s] += yearly / 12;
      else taskFundsCommunity[d.gridCommunity[g]] += yearly / 12;
    }
  }
  let posts = Math.round(p.workersPerGrid * d.nGrids);
  if (posts < 0) posts = 0;
  const staff = staffPlan(d, p);
  let tasks = 0;
  for (let s = 0; s < S; s++) tasks += taskFundsStreet[s];
  for (let c = 0; c < C; c++) tasks += taskFundsCommunity[c];
  // The grassroots budget: the payroll of the posts the staffing levers set (grid workers,
  // community workers, street staff, with incentives and training), plus the operating budget
  // per resident, plus the red-property subsidy line (planned for the coverage the lever sets;
  // paid monthly for the households the centres still cover).
  let coveredAll = 0;
  for (let s = 0; s < S; s++) coveredAll += coveredHouseholds[s];
  const seconded = secondedCost(centreStaff(d, p, coveredHouseholds, 1));
  const plannedDistrict = fen(posts * (p.pay * EMPLOYER_COST + p.incentive) + (posts * p.trainingRate * 1500) / 12 + grassrootsStaffCost(staff, 1, 1) - seconded);
  const plannedInflow = fen((p.budgetPerCapita * d.population) / 12 + coveredAll * p.subsidy) + plannedDistrict;
  const plannedDepartments = fen(departmentStaffCost(staff) + departmentCases + tasks);
  const slots = p.disbursementLagMonths + 1;
  const ledgerCap = Math.max(1, Math.ceil(ledgerCapacity));
  return {
    nAccounts, district, transit, departments, firstStreetGeneral, firstStreetEarmarked, firstStreetTask, firstCommunity,
    balance: new Float64Array(nAccounts), inflowTotal: 0, spent: new Float64Array(PURPOSES.length), transferred: 0,
    shortfall: new Float64Array(nAccounts), pending: new Float64Array(slots * nAccounts), pendingSlots: slots, month: 0,
    waitHead: new Int32Array(nAccounts).fill(-1), waitTail: new Int32Array(nAccounts).fill(-1), waitCount: new Int32Array(nAccounts),
    unfundedCaseDays: 0,
    ledgerN: 0, ledgerDay: new Int32Array(ledgerCap), ledgerFrom: new Int32Array(ledgerCap), ledgerTo: new Int32Array(ledgerCap),
    ledgerAmount: new Float64Array(ledgerCap), ledgerPurpose: new Uint8Array(ledgerCap),
    plannedInflow, plannedPool: Math.max(0, plannedInflow - plannedDistrict), plannedDistrict, plannedDepartments,
    taskFundsStreet, taskFundsCommunity, needIndex,
    caseloadMonth: new Float64Array(S), caseloadLast: streetPop.slice(), coveredHouseholds, coverageShare,
    centreFunds: new Float64Array(S), subsidyPending: new Float64Array(slots * S), centreUnpaidMonths: 0,
    streetPopulation: streetPop, monthInflow: plannedInflow, staff, lastPayroll: plannedDistrict,
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

function inflow(m: Money, day: number, from: number, to: number, amount: number): void {
  if (amount <= 0) return;
  m.balance[to] += amount;
  m.inflowTotal += amount;
  record(m, day, from, to, amount, PURPOSE_INFLOW);
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

/**
 * Can the district pay `n` more surge workers next month, with the ones it has? Surge contracts
 * are paid right after the payroll, before the pool for the streets (they displace it), so they
 * must fit in last month's budget less its payroll.
 */
export function surgeAffordable(w: World, n: number): boolean {
  const m = w.money;
  return m.monthInflow - m.lastPayroll >= fen((w.workforce.surgeCount + n) * w.params.surgeCost);
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
  for (let s = 0; s < S; s++) {
    m.centreFunds[s] += m.subsidyPending[slot * S + s];
    m.subsidyPending[slot * S + s] = 0;
  }
  for (let a = 0; a < m.nAccounts; a++) {
    const amt = m.pending[slot * m.nAccounts + a];
    if (amt > 0) {
      transfer(m, t, m.transit, a, amt);
      m.pending[slot * m.nAccounts + a] = 0;
    }
  }
  // 2. The budgets arrive: the grassroots budget (which a cut reduces) and the departments'.
  const cut = budgetCutOn(p, t) ? p.budgetCutShare : 0;
  let coveredAll = 0;
  for (let s = 0; s < S; s++) coveredAll += m.coveredHouseholds[s];
  const budget = Math.round((fen((p.budgetPerCapita * d.population) / 12 + coveredAll * p.subsidy) + m.plannedDistrict) * (1 - cut));
  inflow(m, t, OUTSIDE_BUDGET, m.district, budget);
  m.monthInflow = budget;
  inflow(m, t, OUTSIDE_DEPARTMENTS, m.departments, m.plannedDepartments);
  // 3. Payroll first: grid workers (active and training posts), surge contracts, community
  // workers and street staff from the district; department-paid roles from their budgets.
  let paidPosts = 0;
  for (let i = 0; i < wf.nPosts; i++) if (wf.status[i] === POST_ACTIVE || wf.status[i] === POST_TRAINING) paidPosts++;
  const filled = wf.staffFilled;
  // Community workers seconded to the property centres are paid there (step 6), not here.
  const centre = centreStaff(d, p, m.coveredHouseholds, filled[ROLE_COMMUNITY]);
  const seconded = secondedCost(centre);
  const payroll = fen(paidPosts * p.pay * EMPLOYER_COST + grassrootsStaffCost(m.staff, filled[ROLE_COMMUNITY], filled[ROLE_STREET]) - seconded);
  const paid = spend(m, t, m.district, payroll, P_PAYROLL);
  m.lastPayroll = payroll;
  wf.payShare = payroll > 0 ? paid / payroll : 1;
  spend(m, t, m.departments, fen(departmentStaffCost(m.staff)), P_PAYROLL);
  spend(m, t, m.district, fen(wf.surgeCount * p.surgeCost), P_SURGE);
  // 4. Transfers to streets, shrinking with the inflow and scheduled after the lag: the
  // red-property subsidy for the households each centre covers, then the rest by formula.
  // The pool is what the district holds after payroll, less this month's incentives and
  // training, at least one training course (savings from vacancies flow down too).
  const scale = 1 - cut;
  const reserve = fen(wf.nPosts * p.incentive + (p.trainingRate > 0 ? Math.max(1500, (wf.nPosts * p.trainingRate * 1500) / 12) : 0));
  const pool = Math.max(0, m.balance[m.district] - reserve);
  const dest = ((slot + p.disbursementLagMonths) % m.pendingSlots) * m.nAccounts;
  let subsidyDue = 0;
  for (let s = 0; s < S; s++) subsidyDue += fen(m.coveredHouseholds[s] * p.subsidy);
  const subsidyShare = subsidyDue > 0 ? Math.min(1, pool / subsidyDue) : 0;
  const subsidyDest = ((slot + p.disbursementLagMonths) % m.pendingSlots) * S;
  let scheduled = 0;
  for (let s = 0; s < S; s++) {
    const a = Math.floor(fen(m.coveredHouseholds[s] * p.subsidy) * subsidyShare);
    m.pending[dest + m.firstStreetEarmarked + s] += a;
    m.subsidyPending[subsidyDest + s] += a;
    scheduled += a;
  }
  const rest = Math.max(0, pool - scheduled);
  const wSum = p.weightPerCapita + p.weightCaseload + p.weightNeed + p.weightEqual || 1;
  const streetPop = m.streetPopulation;
  let pop = 0, load = 0, need = 0;
  for (let s = 0; s < S; s++) { pop += streetPop[s]; load += m.caseloadLast[s]; need += m.needIndex[s]; }
  for (let s = 0; s < S; s++) {
    const share = (p.weightPerCapita * (pop > 0 ? streetPop[s] / pop : 0)
      + p.weightCaseload * (load > 0 ? m.caseloadLast[s] / load : 1 / S)
      + p.weightNeed * (need > 0 ? m.needIndex[s] / need : 1 / S)
      + p.weightEqual / S) / wSum;
    const amount = Math.floor(rest * share);
    const general = Math.floor(amount * p.generalShare);
    m.pending[dest + m.firstStreetGeneral + s] += general;
    m.pending[dest + m.firstStreetEarmarked + s] += amount - general;
    scheduled += amount;
  }
  const affordable = Math.min(scheduled, Math.max(0, m.balance[m.district]));
  if (affordable < scheduled) {
    // Not enough: scale this month's scheduled amounts down (whole fen), record the shortfall.
    const f = scheduled > 0 ? affordable / scheduled : 0;
    for (let s = 0; s < S; s++) m.subsidyPending[subsidyDest + s] = Math.floor(m.subsidyPending[subsidyDest + s] * f);
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
  // move down with the authority (after the same lag). Without it the money stays with the
  // departments and the street or community pays devolved cases from its own general money.
  if (p.fundsFollowTasks) {
    let tasks = 0;
    for (let s = 0; s < S; s++) {
      const a = fen(m.taskFundsStreet[s]);
      m.pending[dest + m.firstStreetTask + s] += a;
      tasks += a;
    }
    for (let c = 0; c < C; c++) {
      const a = fen(m.taskFundsCommunity[c]);
      m.pending[dest + m.firstCommunity + c] += a;
      tasks += a;
    }
    transfer(m, t, m.departments, m.transit, tasks);
  }
  if (p.disbursementLagMonths === 0) {
    for (let s = 0; s < S; s++) {
      m.centreFunds[s] += m.subsidyPending[subsidyDest + s];
      m.subsidyPending[subsidyDest + s] = 0;
    }
    for (let a = 0; a < m.nAccounts; a++) {
      const amt = m.pending[dest + a];
      if (amt > 0) {
        transfer(m, t, m.transit, a, amt);
        m.pending[dest + a] = 0;
      }
    }
  }
  // 5. Incentives from what is left, tied to on-time closure: each grid's workers earn the
  // incentive in proportion to the share of its cases closed on time last month.
  let incentives = 0;
  for (let g = 0; g < d.nGrids; g++) {
    let active = 0;
    for (let i = wf.gridFirstPost[g]; i < wf.gridFirstPost[g + 1]; i++) if (wf.status[i] === POST_ACTIVE) active++;
    const closed = wf.closedMonth[g];
    wf.onTimeShare[g] = closed > 0 ? wf.onTimeMonth[g] / closed : 1;
    incentives += fen(active * p.incentive * wf.onTimeShare[g]);
  }
  wf.closedMonth.fill(0);
  wf.onTimeMonth.fill(0);
  const paidInc = spend(m, t, m.district, incentives, P_INCENTIVES);
  wf.incentiveShare = incentives > 0 ? paidInc / incentives : 1;
  // Hiring restraint (the first thing a cut does): posts are refilled only while the payroll
  // at today's staffing fits the district's share of this month's budget; then unpaid staff
  // leave, and under a freeze nobody is replaced.
  const committed = fen(paidPosts * (p.pay * EMPLOYER_COST + p.incentive) + grassrootsStaffCost(m.staff, filled[ROLE_COMMUNITY], filled[ROLE_STREET]) - seconded);
  const frozen = freezeOn(p, t);
  wf.hiringAllowed = wf.payShare >= 1 && committed < m.plannedDistrict * scale && !frozen;
  for (let r = 0; r < ROLES; r++) {
    if (wf.payShare < 1) filled[r] *= 1 - 0.5 * (1 - wf.payShare);
    else if (wf.hiringAllowed) filled[r] = Math.min(1, filled[r] + 30 / Math.max(30, p.hiringLagDays));
    else filled[r] *= 1 - p.baseQuitRate / 12;
  }
  // 6. Streets pay community funds from the earmarked account first (the ring-fenced part of
  // the transfers; the subsidy's part stays reserved for the centre), then from general money,
  // which pays the street's own repairs; then the property centres' staff (the seconded
  // community workers, at the centre's rate) from the subsidy's part of the earmarked account;
  // an unpaid centre gives up 2 % of its coverage.
  const perCommunity = fen(p.communityFunds / 12);
  for (let c = 0; c < C; c++) {
    const s = d.communityStreet[c];
    const e = m.firstStreetEarmarked + s;
    const g = m.firstStreetGeneral + s;
    const fromE = Math.min(perCommunity, Math.max(0, m.balance[e] - m.centreFunds[s]));
    transfer(m, t, e, m.firstCommunity + c, fromE);
    const fromG = Math.min(perCommunity - fromE, Math.max(0, m.balance[g]));
    transfer(m, t, g, m.firstCommunity + c, fromG);
    if (fromE + fromG < perCommunity) m.shortfall[e] += perCommunity - fromE - fromG;
  }
  let coverageChanged = false;
  for (let s = 0; s < S; s++) {
    if (p.coverage <= 0) continue;
    const due = fen(centre[s] * PAY_PROPERTY_CENTRE);
    const e = m.firstStreetEarmarked + s;
    // Only the subsidy pays the centre's staff (the part of the earmarked balance it brought).
    const payable = Math.min(due, m.centreFunds[s], Math.max(0, m.balance[e]));
    const paidC = spend(m, t, e, payable, P_SUBSIDY);
    m.centreFunds[s] -= paidC;
    // The subsidy beyond three months of the centre's pay is the "plus materials" part: it is
    // released to the street's earmarked money (community funds, repairs) rather than hoarded.
    m.centreFunds[s] = Math.min(m.centreFunds[s], CENTRE_RESERVE_MONTHS * due);
    if (paidC < due) m.shortfall[e] += due - paidC;
    const before = m.coverageShare[s];
    if (paidC < due) {
      m.coverageShare[s] = Math.max(0, before - COVERAGE_STEP);
      m.centreUnpaidMonths++;
    } else m.coverageShare[s] = Math.min(1, before + COVERAGE_STEP);
    if (m.coverageShare[s] !== before) coverageChanged = true;
  }
  if (coverageChanged) refreshCoverage(w);
  // 7. Communities run: half of a month's working funds goes on operations; money above two
  // months of funds goes back to the street's general account, above six months with discretion
  // over surpluses (they may carry savings over for urgent repairs, not hoard them while the
  // street's own repairs wait for money).
  const carryOver = (p.communityDiscretion ? COMMUNITY_CARRY_MONTHS : 2) * perCommunity;
  for (let c = 0; c < C; c++) {
    const a = m.firstCommunity + c;
    spend(m, t, a, Math.min(Math.floor(perCommunity / 2), Math.max(0, m.balance[a])), P_OPERATIONS);
    const excess = m.balance[a] - carryOver;
    if (excess > 0) transfer(m, t, a, m.firstStreetGeneral + d.communityStreet[c], excess);
  }
  // 8. Caseload for next month's formula.
  for (let s = 0; s < S; s++) {
    m.caseloadLast[s] = m.caseloadMonth[s];
    m.caseloadMonth[s] = 0;
  }
  m.month++;
}

/**
 * The account that pays the materials and expenses of a case handled at unit `k` for grid `g`:
 * a department from the departments' budgets, a street's own units from its task funds (then its
 * general account), a property centre from the street's earmarked account, a community or grid
 * from the community's funds.
 */
export function payerForUnit(w: World, k: number, g: number): number {
  const m = w.money;
  const u = w.units;
  const d = w.district;
  if (k >= u.firstDepartment) return m.departments;
  if (k >= u.firstProperty) return m.firstStreetEarmarked + d.gridStreet[g];
  if (k >= u.firstStreet) return m.firstStreetTask + d.gridStreet[g];
  return m.firstCommunity + d.gridCommunity[g];
}

/**
 * Pay a case's money now if the paying account can: a street pays from its task funds, then its
 * general account, then the earmarked money not reserved for the property centre's staff (after
 * community funds: step 6 of the month); any other payer from its own account. True if paid.
 */
export function payRepair(w: World, t: number, payer: number, yuan: number): boolean {
  const m = w.money;
  const due = fen(yuan);
  if (due <= 0) return true;
  const task = payer >= m.firstStreetTask && payer < m.firstCommunity;
  const S = w.district.nStreets;
  const second = task ? payer - 2 * S : -1;
  // Last, the street's earmarked money beyond what the subsidy reserved for the centre's staff.
  const third = task ? payer - S : -1;
  const free = third >= 0 ? Math.max(0, m.balance[third] - m.centreFunds[payer - m.firstStreetTask]) : 0;
  const avail = Math.max(0, m.balance[payer]) + (second >= 0 ? Math.max(0, m.balance[second]) : 0) + free;
  if (avail < due) return false;
  const take = Math.min(due, Math.max(0, m.balance[payer]));
  if (take > 0) spend(m, t, payer, take, P_REPAIRS);
  const take2 = second >= 0 ? Math.min(due - take, Math.max(0, m.balance[second])) : 0;
  if (take2 > 0) spend(m, t, second, take2, P_REPAIRS);
  if (due - take - take2 > 0) spend(m, t, third, due - take - take2, P_REPAIRS);
  return true;
}

/**
 * Opening balances, so a run starts mid-stream rather than from empty accounts: one month of
 * the district budget and of the departments' budgets, of each street's planned transfers
 * (with its subsidy) and task funds, and of each community's working funds. Recorded as inflow
 * ('opening balance') like the budgets.
 */
export function openAccounts(w: World): void {
  const m = w.money;
  const p = w.params;
  const d = w.district;
  const S = d.nStreets;
  const give = (a: number, amount: number, from = OUTSIDE_BUDGET) => inflow(m, 0, from, a, amount);
  give(m.district, m.plannedInflow);
  let tasks = 0;
  for (let s = 0; s < S; s++) tasks += fen(m.taskFundsStreet[s]);
  for (let c = 0; c < d.nCommunities; c++) tasks += fen(m.taskFundsCommunity[c]);
  give(m.departments, m.plannedDepartments - (p.fundsFollowTasks ? tasks : 0), OUTSIDE_DEPARTMENTS);
  let pop = 0;
  for (let s = 0; s < S; s++) pop += m.streetPopulation[s];
  for (let s = 0; s < S; s++) {
    const amount = Math.floor(m.plannedPool * (pop > 0 ? m.streetPopulation[s] / pop : 1 / S));
    const general = Math.floor(amount * p.generalShare);
    give(m.firstStreetGeneral + s, general);
    give(m.firstStreetEarmarked + s, amount - general);
    if (p.fundsFollowTasks) give(m.firstStreetTask + s, fen(m.taskFundsStreet[s]), OUTSIDE_DEPARTMENTS);
  }
  for (let c = 0; c < d.nCommunities; c++) {
    give(m.firstCommunity + c, fen(p.communityFunds / 12));
    if (p.fundsFollowTasks) give(m.firstCommunity + c, fen(m.taskFundsCommunity[c]), OUTSIDE_DEPARTMENTS);
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
