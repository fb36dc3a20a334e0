// Money is conserved (MODEL.md section 10.1), checked by REPLAYING the ledger entry by entry
// from empty accounts, not by trusting the engine's own totals: the replayed balances must equal
// the engine's balances, the replayed spending by purpose its spending counters, and inflow must
// equal balances plus spending, in whole fen, with no account ever overdrawn on the way. Run over
// generated small districts with levers drawn over their whole ranges, and over the preset money
// regime (realistic pay, budget and community funds), for long enough to take at least twelve
// monthly money steps. Also: every paid role is on the ledger (payroll from the district and
// from the departments' budgets; the property centres when they are covered and paid).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, stepDays, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { OUTSIDE_BUDGET, OUTSIDE_DEPARTMENTS, PURPOSES, PURPOSE_INFLOW, PURPOSE_TRANSFER, P_PAYROLL, P_SUBSIDY, SPENT } from '../../sim/money.ts';
import type { World } from '../../sim/world.ts';
import { arbDistrict, arbLeverValue, arbLevers, scenarioOf } from './helpers.ts';

interface Replay {
  problems: string[];
  balance: Float64Array;
  spent: Float64Array;
  inflow: number;
  months: number;
  payrollFrom: Set<number>;
  subsidySpent: number;
}

/** Replay the ledger from empty accounts, checking every entry as it goes. */
function replay(w: World): Replay {
  const m = w.money;
  const problems: string[] = [];
  const balance = new Float64Array(m.nAccounts);
  const spent = new Float64Array(PURPOSES.length);
  const payrollFrom = new Set<number>();
  const inflowDays = new Set<number>();
  let inflow = 0;
  let subsidySpent = 0;
  for (let i = 0; i < m.ledgerN; i++) {
    const from = m.ledgerFrom[i];
    const to = m.ledgerTo[i];
    const amount = m.ledgerAmount[i];
    const purpose = m.ledgerPurpose[i];
    const where = `entry ${i} (day ${m.ledgerDay[i]}, ${from} -> ${to}, purpose ${purpose})`;
    if (!(amount > 0) || !Number.isInteger(amount)) problems.push(`${where}: amount ${amount} is not a positive whole number of fen`);
    if (from === OUTSIDE_BUDGET || from === OUTSIDE_DEPARTMENTS) {
      if (purpose !== PURPOSE_INFLOW) problems.push(`${where}: money from outside is not an inflow`);
      if (to < 0 || to >= m.nAccounts) { problems.push(`${where}: inflow to no account`); continue; }
      balance[to] += amount;
      inflow += amount;
      if (from === OUTSIDE_BUDGET && to === m.district) inflowDays.add(m.ledgerDay[i]);
      continue;
    }
    if (from < 0 || from >= m.nAccounts) { problems.push(`${where}: from no account`); continue; }
    balance[from] -= amount;
    if (to === SPENT) {
      if (purpose >= PURPOSES.length) { problems.push(`${where}: spending with no purpose`); continue; }
      spent[purpose] += amount;
      if (purpose === P_PAYROLL) payrollFrom.add(from);
      if (purpose === P_SUBSIDY) subsidySpent += amount;
    } else {
      if (purpose !== PURPOSE_TRANSFER) problems.push(`${where}: a move between accounts is not a transfer`);
      if (to < 0 || to >= m.nAccounts) { problems.push(`${where}: transfer to no account`); continue; }
      balance[to] += amount;
    }
    if (balance[from] < 0) problems.push(`${where}: account ${from} overdrawn to ${balance[from]}`);
  }
  return { problems, balance, spent, inflow, months: inflowDays.size - 1, payrollFrom, subsidySpent };
}

function checkReplay(w: World): void {
  const m = w.money;
  const r = replay(w);
  expect(r.problems.slice(0, 5)).toEqual([]);
  for (let a = 0; a < m.nAccounts; a++) expect(r.balance[a], `account ${a}`).toBe(m.balance[a]);
  for (let k = 0; k < PURPOSES.length; k++) expect(r.spent[k], `spending on ${PURPOSES[k]}`).toBe(m.spent[k]);
  let balances = 0;
  for (let a = 0; a < m.nAccounts; a++) balances += r.balance[a];
  let spending = 0;
  for (let k = 0; k < PURPOSES.length; k++) spending += r.spent[k];
  expect(r.inflow).toBe(balances + spending);
  expect(r.months).toBeGreaterThanOrEqual(12);
}

/** The preset money regime: pay, budget and community funds at realistic values; other levers anywhere. */
const arbRegime = fc.record({
  'workforce.payYuan': fc.integer({ min: 3200, max: 4000 }),
  'money.budgetPerCapitaYuan': fc.integer({ min: 40, max: 120 }),
  'money.communityFundsYuan': fc.integer({ min: 150000, max: 300000 }),
  'redProperty.coverage': fc.double({ min: 0, max: 1, noNaN: true }),
  'redProperty.subsidyYuan': fc.integer({ min: 0, max: 40 }),
  'money.fundsFollowTasks': fc.boolean(),
  'shock.budgetCut.startDay': fc.integer({ min: -1, max: 200 }),
  'shock.budgetCut.share': arbLeverValue('shock.budgetCut.share'),
});

const DAYS = 370; // twelve month starts at least, whatever the start date

describe('money conserved by replaying the ledger', () => {
  it('over generated districts with levers over their whole ranges', () => {
    fc.assert(
      fc.property(arbDistrict, arbLevers, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (district, levers, seed) => {
        const sim = createSimulation(scenarioOf(district, levers), { seed, days: DAYS });
        stepDays(sim, DAYS);
        checkReplay(sim);
      }),
      { numRuns: 10, seed: 1010 },
    );
  });

  it('over generated districts in the preset money regime, with every paid role on the ledger', () => {
    fc.assert(
      fc.property(arbDistrict, arbRegime, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (district, levers, seed) => {
        const sim = createSimulation(scenarioOf(district, levers), { seed, days: DAYS });
        stepDays(sim, DAYS);
        checkReplay(sim);
        const r = replay(sim);
        const m = sim.money;
        // Grid workers, community workers and street staff from the district; department staff,
        // enforcement officers and operators from the departments' budgets.
        expect(r.payrollFrom.has(m.district)).toBe(true);
        expect(r.payrollFrom.has(m.departments)).toBe(true);
        expect(m.staff.community).toBeGreaterThan(0);
        expect(m.staff.department).toBeGreaterThan(0);
        // The property centres are paid (from the earmarked accounts) whenever any is ever covered and funded.
        const everCovered = Array.from(m.coveredHouseholds).some((h) => h > 0);
        if (everCovered && levers['redProperty.subsidyYuan'] >= 20 && levers['shock.budgetCut.startDay'] < 0) expect(r.subsidySpent).toBeGreaterThan(0);
      }),
      { numRuns: 10, seed: 2020 },
    );
  });

  it('each person is paid once: seconded centre staff off the district payroll, every enforcement officer on the departments\'', () => {
    // Recounted from the levers and the district (pay rates: sim/payroll.ts; one centre staff per
    // 400 covered households, each community keeping one worker; five residual officers a street).
    const levers = { 'redProperty.coverage': 1, 'redProperty.subsidyYuan': 40, 'calendar.startDate': '2021-01-01' };
    const sim = createSimulation(withLevers(getScenario('training')!, levers), { seed: 3, days: 3 });
    stepDays(sim, 1);
    const d = sim.district;
    const p = sim.params;
    const m = sim.money;
    const paid = (from: number) => { let s = 0; for (let i = 0; i < m.ledgerN; i++) if (m.ledgerDay[i] === 0 && m.ledgerFrom[i] === from && m.ledgerPurpose[i] === P_PAYROLL) s += m.ledgerAmount[i]; return s; };
    let centre = 0;
    for (let st = 0; st < d.nStreets; st++) {
      let households = 0;
      let nc = 0;
      for (let g = 0; g < d.nGrids; g++) if (d.gridStreet[g] === st) households += d.gridHouseholds[g] * d.gridOldShare[g];
      for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === st) nc++;
      centre += Math.min(households / 400, (p.communityWorkers - 1) * nc);
    }
    expect(centre).toBeGreaterThan(1);
    const district = (sim.workforce.nPosts * p.pay + (p.communityWorkers * d.nCommunities - centre) * 4500 + p.streetStaff * d.nStreets * 6000) * 1.3;
    expect(paid(m.district)).toBe(Math.round(district * 100));
    const officers = (p.enforcementTeam + 5) * d.nStreets;
    const departments = (officers * 6000 + p.departmentStaff * 16 * (d.population / 740000) * 6500 + (p.operatorsPer100k * d.population / 100000) * 4000) * 1.3;
    expect(paid(m.departments)).toBe(Math.round(departments * 100));
  });

  it('replay catches a tampered ledger', () => {
    const district = fc.sample(arbDistrict, { numRuns: 1, seed: 5 })[0];
    const sim = createSimulation(scenarioOf(district, {}), { seed: 5, days: DAYS });
    stepDays(sim, DAYS);
    expect(replay(sim).problems).toEqual([]);
    sim.money.ledgerAmount[sim.money.ledgerN - 1] += 1;
    const r = replay(sim);
    let differs = false;
    for (let a = 0; a < sim.money.nAccounts; a++) if (r.balance[a] !== sim.money.balance[a]) differs = true;
    for (let k = 0; k < PURPOSES.length; k++) if (r.spent[k] !== sim.money.spent[k]) differs = true;
    expect(differs).toBe(true);
  });
});
