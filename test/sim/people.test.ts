// Conservation of people (MODEL.md §10.1): a policy switch never creates staff or hours.
// Both properties recount from the outside instead of reading the engine's own staff counters:
//  - people: the headcount behind every unit is recovered from the hours the unit is given
//    (hours ÷ the case hours one person gives a day, from docs/ODD.md §7), plus the grid posts;
//    it must equal the staffing levers' headcount, whatever the enforcement, whistle,
//    red-property and smart levers say;
//  - hours: every day, the hours each group of units works must fit in the hours its people
//    have, recounted from the staffing levers (and, for grids, from the posts' status).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, stepDays, type DistrictSpec, type LeverValues } from '../../sim/index.ts';
import { WORKDAY } from '../../sim/calendar.ts';
import { POST_ACTIVE } from '../../sim/workforce.ts';
import { ROLE_COMMUNITY, ROLE_STREET } from '../../sim/payroll.ts';
import { KIND_COMMUNITY, KIND_DEPARTMENT, KIND_ENFORCEMENT, KIND_GRID, KIND_PROPERTY, KIND_STREET, type World } from '../../sim/world.ts';
import { arbDistrict, arbLeverValue, scenarioOf } from './helpers.ts';

/** docs/ODD.md §7: case hours a person gives a working day, by unit kind. */
const CASE_HOURS = { [KIND_COMMUNITY]: 8 * 0.4, [KIND_STREET]: 8 * 0.6, [KIND_ENFORCEMENT]: 8 * 0.6, [KIND_PROPERTY]: 8 * 0.6, [KIND_DEPARTMENT]: 8 * 0.6 } as Record<number, number>;
const SOCIAL_ORG_HOURS = 0.5;
/** data/parameters.md: enforcement officers per street's territory that stay in district squads. */
const RESIDUAL_OFFICERS = 5;
const DEPARTMENTS = 16;

/** The levers a policy switch may move without changing anyone's headcount. */
const SWITCHES = [
  'enforcement.integrated', 'enforcement.powersDevolved',
  'whistle.street', 'whistle.community', 'whistle.scope', 'whistle.signHours', 'whistle.contactHours', 'whistle.reportDaysOrdinary',
  'whistle.reportDaysComplex', 'whistle.coordinationHours', 'whistle.assessmentPenalty', 'whistle.departmentPriority',
  'redProperty.coverage', 'redProperty.subsidyYuan', 'smart.systemsIntegrated', 'smart.oneApp',
];
/** Staffing levers, drawn over their whole ranges, shared by both sides of a switch. */
const STAFFING = ['staffing.communityWorkers', 'staffing.streetStaff', 'staffing.enforcementTeam', 'staffing.departmentStaff', 'cogov.socialOrgsPerCommunity'];
/** The preset money regime (realistic pay, budget and community funds), so coverage can decay when unpaid. */
const MONEY: LeverValues = { 'workforce.payYuan': 3500, 'money.budgetPerCapitaYuan': 210, 'money.communityFundsYuan': 200000 };

const arbValues = (ids: string[]): fc.Arbitrary<LeverValues> =>
  fc.tuple(...ids.map((id) => arbLeverValue(id))).map((vals) => Object.fromEntries(ids.map((id, i) => [id, vals[i]])));

/**
 * Headcount recovered from the hours each unit is given (not from the engine's staff array).
 * `activity` is the co-governance activity the day was planned with (trust moves it at the
 * week's end, after the day's hours are set).
 */
function peopleFromHours(w: World, activity: number): number {
  const u = w.units;
  // Posts the budget leaves vacant are explicit (MODEL.md §8): count them beside the people.
  const p = w.params;
  const d = w.district;
  const filled = w.workforce.staffFilled;
  let people = w.workforce.nPosts + p.communityWorkers * d.nCommunities * (1 - filled[ROLE_COMMUNITY]) + p.streetStaff * d.nStreets * (1 - filled[ROLE_STREET]);
  for (let k = u.firstCommunity; k < u.n; k++) {
    // Social organisations are volunteers, not staff: their hours follow co-governance activity (trust).
    const orgs = u.kind[k] === KIND_COMMUNITY ? w.params.socialOrgs * activity * SOCIAL_ORG_HOURS : 0;
    people += (u.baseHours[k] - orgs) / CASE_HOURS[u.kind[k]];
  }
  return people;
}

/** Headcount the staffing levers say the district has. */
function peopleFromLevers(w: World, v: LeverValues): number {
  const d = w.district;
  const n = (id: string) => v[id] as number;
  return w.workforce.nPosts + n('staffing.communityWorkers') * d.nCommunities + n('staffing.streetStaff') * d.nStreets
    + (n('staffing.enforcementTeam') + RESIDUAL_OFFICERS) * d.nStreets + n('staffing.departmentStaff') * DEPARTMENTS * (d.population / 740000);
}

/**
 * Hours worked today beyond the hours people have, per group of units (empty when none):
 * communities + property centres share the community workers; streets their staff; teams +
 * departments share the department staff and every enforcement officer; each community's
 * grids share their active posts, surge workers and helpers (neighbour cover moves hours inside
 * a community, it must not add any).
 */
function overworked(w: World, v: LeverValues, day: number, activity: number): string[] {
  const u = w.units;
  const d = w.district;
  const p = w.params;
  const n = (id: string) => v[id] as number;
  const workday = (w.calendar[day] & WORKDAY) !== 0;
  const duty = workday ? 1 : 0.3;
  const sum = (pred: (k: number) => boolean) => { let s = 0; for (let k = 0; k < u.n; k++) if (pred(k)) s += u.used[k]; return s; };
  const bad: string[] = [];
  const check = (what: string, worked: number, have: number) => { if (worked > have + 1e-6) bad.push(`day ${day}: ${what} worked ${worked.toFixed(2)} h > ${have.toFixed(2)} h people have`); };
  const share = 8 * 0.6 * duty;
  check('communities + property centres', sum((k) => u.kind[k] === KIND_COMMUNITY || u.kind[k] === KIND_PROPERTY),
    (n('staffing.communityWorkers') * d.nCommunities * share) + p.socialOrgs * activity * SOCIAL_ORG_HOURS * d.nCommunities * duty);
  check('streets', sum((k) => u.kind[k] === KIND_STREET), n('staffing.streetStaff') * d.nStreets * share);
  const officers = (n('staffing.enforcementTeam') + RESIDUAL_OFFICERS) * d.nStreets;
  const deptStaff = n('staffing.departmentStaff') * DEPARTMENTS * (d.population / 740000);
  check('teams + departments', sum((k) => u.kind[k] === KIND_ENFORCEMENT || u.kind[k] === KIND_DEPARTMENT), (officers + deptStaff) * share);
  // Grids: a worker gives at most a full day plus 1.5 h overtime; helpers 0.3 of a worker.
  const wf = w.workforce;
  const dayFactor = workday ? 1 : 0.25;
  const perWorker = p.hoursPerDay * wf.caseShare * dayFactor;
  const workers = new Float64Array(d.nCommunities);
  for (let i = 0; i < wf.nPosts; i++) if (wf.status[i] === POST_ACTIVE) workers[d.gridCommunity[wf.postGrid[i]]]++;
  for (let s = 0; s < wf.surgeCount; s++) workers[d.gridCommunity[wf.surgeGrid[s]]]++;
  const worked = new Float64Array(d.nCommunities);
  const helpers = new Float64Array(d.nCommunities);
  for (let g = 0; g < d.nGrids; g++) {
    if (u.kind[g] !== KIND_GRID) continue;
    worked[d.gridCommunity[g]] += u.used[g];
    helpers[d.gridCommunity[g]] += 0.3 * p.helpersPerGrid;
  }
  for (let c = 0; c < d.nCommunities; c++) {
    const people = workers[c] + helpers[c];
    check(`grids of community ${c}`, worked[c], people * perWorker + 1.5 * workers[c] + 1.5 * helpers[c]);
  }
  return bad;
}

/** A stressed district: more issues than usual, so units use all their hours and free hours would show. */
const arbCase = fc.record({
  district: arbDistrict as fc.Arbitrary<DistrictSpec>,
  staffing: arbValues(STAFFING),
  a: arbValues(SWITCHES),
  b: arbValues(SWITCHES),
  scale: fc.double({ min: 1.5, max: 3, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe('conservation of people', () => {
  it('total staff is unchanged by any switch of the enforcement, whistle, red-property or smart levers', () => {
    fc.assert(
      fc.property(arbCase, ({ district, staffing, a, b, scale, seed }) => {
        const common = { ...MONEY, ...staffing, 'model.emergenceScale': scale };
        for (const sw of [a, b]) {
          const levers = { ...common, ...sw };
          const sim = createSimulation(scenarioOf(district, levers), { seed, days: 400 });
          for (const day of [1, 45, 400]) {
            stepDays(sim, day - 1 - sim.day);
            const activity = sim.cogovActivity;
            stepDays(sim, 1);
            const want = peopleFromLevers(sim, levers);
            const got = peopleFromHours(sim, activity);
            if (Math.abs(got - want) > 1e-6 * Math.max(1, want)) throw new Error(`day ${day}: ${got} people behind the hours, ${want} on the staffing levers (${JSON.stringify(sw)})`);
          }
        }
        return true;
      }),
      { numRuns: 6, seed: 20261202 },
    );
  });

  it('hours worked never exceed the hours people have, recounted every day', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 20, max: 60 }), ({ district, staffing, a, scale, seed }, days) => {
        const levers = { ...MONEY, ...staffing, ...a, 'model.emergenceScale': scale, 'staffing.gridWorkersPerGrid': 0.6 };
        const sim = createSimulation(scenarioOf(district, levers), { seed, days });
        for (let day = 0; day < days; day++) {
          const activity = sim.cogovActivity;
          stepDays(sim, 1);
          const bad = overworked(sim, levers, day, activity);
          if (bad.length) throw new Error(bad.slice(0, 3).join('; '));
        }
        return true;
      }),
      { numRuns: 12, seed: 20261203 },
    );
  });

  it('the recounts can fail: hours added to a unit show as people and as overwork', () => {
    const district = fc.sample(arbDistrict, { numRuns: 1, seed: 11 })[0];
    const levers: LeverValues = { 'staffing.communityWorkers': 10, 'staffing.streetStaff': 25, 'staffing.enforcementTeam': 50, 'staffing.departmentStaff': 80, 'cogov.socialOrgsPerCommunity': 3 };
    const sim = createSimulation(scenarioOf(district, levers), { seed: 1, days: 10 });
    let day = 0;
    while (!(sim.calendar[day] & WORKDAY)) day++;
    stepDays(sim, day);
    const activity = sim.cogovActivity;
    stepDays(sim, 1);
    expect(peopleFromHours(sim, activity)).toBeCloseTo(peopleFromLevers(sim, levers), 6);
    expect(overworked(sim, levers, day, activity)).toEqual([]);
    const team = sim.units.firstEnforcement;
    sim.units.baseHours[team] += 8 * 0.6 * 50; // fifty officers from nowhere
    sim.units.used[team] += 1e6;
    expect(peopleFromHours(sim, activity) - peopleFromLevers(sim, levers)).toBeCloseTo(50, 6);
    expect(overworked(sim, levers, day, activity).some((b) => b.includes('teams + departments'))).toBe(true);
  });
});
