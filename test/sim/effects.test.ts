// Directional effects (issue 3), each checked under common random numbers over three seeds on
// a three-street sample of Qinhuai (so each is deterministic and runs in seconds): the
// mechanism must move the outcome the stated way for every seed.
import { describe, expect, it } from 'vitest';
import {
  applyPatches, createSimulation, run, stepDays, withLevers, type LeverValues, type RunResult, type Scenario,
} from '../../sim/index.ts';
import { checkInvariants } from './helpers.ts';
import { getPatch, getScenario } from '../../scenarios/index.ts';

const SEEDS = [1, 2, 3];
function sample(preset: string): Scenario {
  const s = getScenario(preset)!;
  return { ...s, district: { ...s.district, streets: [0, 4, 8].map((i) => s.district.streets[i]) } };
}
const reform = sample('qinhuai-2021');
const year = (s: Scenario, seed: number): RunResult => run(s, { seed, days: 365 });
const set = (levers: LeverValues): Scenario => withLevers(reform, levers);

describe('directional effects under common random numbers', () => {
  it('more grid workers shorten the median resolution time', () => {
    for (const seed of SEEDS) {
      const few = year(set({ 'staffing.gridWorkersPerGrid': 0.6 }), seed).summary['time.median'];
      const many = year(set({ 'staffing.gridWorkersPerGrid': 1.6 }), seed).summary['time.median'];
      expect(many, `seed ${seed}`).toBeLessThan(few);
    }
  });

  it('the whistle cuts bounces and the resolution time of multi-department cases', () => {
    for (const seed of SEEDS) {
      const on = year(reform, seed).summary;
      const off = year(set({ 'whistle.street': false }), seed).summary;
      expect(on['cases.bouncesPer100'], `seed ${seed}`).toBeLessThan(off['cases.bouncesPer100']);
      expect(on['time.median.multiDepartment'], `seed ${seed}`).toBeLessThan(off['time.median.multiDepartment']);
    }
  });

  it('devolving authority without funds following tasks raises unfunded case-days; with funds it does not', () => {
    const devolve = { 'authority.roadsLights': 'street', 'authority.drains': 'street', 'authority.greenery': 'community' };
    for (const seed of SEEDS) {
      const kept = year(reform, seed).summary['money.unfundedCaseDays'];
      const unfunded = year(set({ ...devolve, 'money.fundsFollowTasks': false }), seed).summary['money.unfundedCaseDays'];
      const funded = year(set({ ...devolve, 'money.fundsFollowTasks': true }), seed).summary['money.unfundedCaseDays'];
      expect(unfunded, `seed ${seed}`).toBeGreaterThan(kept + 1000);
      expect(funded, `seed ${seed}`).toBeLessThanOrEqual(kept);
    }
  });

  it('a 20 % budget cut raises vacancies within a year', () => {
    for (const seed of SEEDS) {
      const base = year(reform, seed).summary;
      const cut = year(applyPatches(reform, [getPatch('shock-budget-cut')!]), seed).summary;
      expect(cut['workforce.vacantEnd'], `seed ${seed}`).toBeGreaterThan(base['workforce.vacantEnd']);
      expect(cut['workforce.vacantMean'], `seed ${seed}`).toBeGreaterThan(base['workforce.vacantMean']);
    }
  });

  it('red-property coverage lowers old-compound facility issues', () => {
    for (const seed of SEEDS) {
      const none = year(set({ 'redProperty.coverage': 0 }), seed).emergedBySubItem.oldCompoundFacilities;
      const full = year(set({ 'redProperty.coverage': 1 }), seed).emergedBySubItem.oldCompoundFacilities;
      expect(full, `seed ${seed}`).toBeLessThan(none * 0.7);
    }
  });

  it('pay below the reference wage raises quits', () => {
    for (const seed of SEEDS) {
      const low = year(set({ 'workforce.payYuan': 2500 }), seed).summary['workforce.quitsPerYear'];
      const high = year(set({ 'workforce.payYuan': 4500 }), seed).summary['workforce.quitsPerYear'];
      expect(low, `seed ${seed}`).toBeGreaterThan(high);
    }
  });
});

describe('levers at the edges of their ranges', () => {
  it('without an enforcement team, enforcement cases go to departments instead of waiting forever', () => {
    const sim = createSimulation(withLevers(getScenario('training')!, { 'staffing.enforcementTeam': 0 }), { seed: 3, days: 200 });
    stepDays(sim, 200);
    for (let k = sim.units.firstEnforcement; k < sim.units.firstProperty; k++) expect(sim.units.queued[k]).toBe(0);
    expect(checkInvariants(sim)).toEqual([]);
  });

  it('the deadline to sign for a whistle matters when departments give whistles priority', () => {
    const tight = run(withLevers(reform, { 'whistle.signHours': 0.25 }), { seed: 1, days: 120 }).summary['whistle.onTime'];
    const loose = run(withLevers(reform, { 'whistle.signHours': 24 }), { seed: 1, days: 120 }).summary['whistle.onTime'];
    expect(tight).toBeLessThan(loose);
  });
});
