// The lever contract (issue 10): the probe values and the small world every lever is tried on.
// (a) a fork at day 0 (create, snapshot, restore with the lever changed) equals a fresh run with
//     it, unless FORK_EXCEPTIONS names the lever with the reason;
// (b) moving the lever from its low to its high probe changes at least one summary metric,
//     unless the catalogue marks it `inert` with the reason.
import { LEVERS, type Lever, type LeverValue, type LeverValues, type Scenario } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';

/**
 * Training preset levers on a smaller district (two streets, 7,000 residents): cheap, every level
 * present. Street staff, enforcement team and community workers are per unit, the budget per
 * resident: they are scaled to the small streets so that the budget pays them as it does in
 * the presets (otherwise money, not the lever under test, decides everything).
 */
const training = getScenario('training')!;
export const CONTRACT_BASE: Scenario = {
  ...training,
  id: 'lever-contract',
  levers: { ...training.levers, 'staffing.streetStaff': 4, 'staffing.enforcementTeam': 6, 'staffing.communityWorkers': 5 },
  district: {
    ...training.district,
    streets: [
      { ...training.district.streets[0], id: 'a', population: 4000, grids: 5, communities: 2 },
      { ...training.district.streets[0], id: 'b', en: 'Street B', zh: '乙街道', population: 3000, grids: 4, communities: 1, touristGridShare: 0 },
    ],
  },
};
export const CONTRACT_DAYS = 120;
export const CONTRACT_SEED = 7;
/** The day shocks start when a probe switches them on (after the warm-up, inside the run). */
const SHOCK_DAY = 40;

/** Surge answers a backlog that doubles its 30-day mean: a demand shock (×3 for 30 days) makes one. */
const SURGE: LeverValues = { 'shock.demand.startDay': SHOCK_DAY, 'shock.demand.multiplier': 3, 'shock.demand.days': 30 };

/**
 * Other levers a probe sets on both sides, so that the lever under test can act at all (a shock's
 * size or length only matters once the shock starts).
 */
export const CONTEXT: Record<string, LeverValues> = {
  'shock.heatWave.days': { 'shock.heatWave.startDay': SHOCK_DAY },
  'shock.epidemic.days': { 'shock.epidemic.startDay': SHOCK_DAY },
  'shock.budgetCut.share': { 'shock.budgetCut.startDay': SHOCK_DAY },
  'shock.demand.days': { 'shock.demand.startDay': SHOCK_DAY },
  'shock.demand.multiplier': { 'shock.demand.startDay': SHOCK_DAY },
  // vacancies must arise, and be filled quickly without a freeze, for a freeze to matter
  'shock.hiringFreeze.days': { 'shock.hiringFreeze.startDay': SHOCK_DAY, 'workforce.baseQuitRate': 0.6, 'workforce.hiringLagDays': 7 },
  'shock.hiringFreeze.startDay': { 'workforce.baseQuitRate': 0.6, 'workforce.hiringLagDays': 7 },
  'workforce.hiringLagDays': { 'workforce.baseQuitRate': 0.6 },
  // the plum rains fall in June and July
  'season.plumRain': { 'calendar.startDate': '2021-05-01' },
  // push-backs of multi-department cases happen where no whistle brings the departments in
  'model.pushbackPerExtraDept': { 'whistle.street': false },
  'money.generalShare': { 'money.fundsFollowTasks': false },
  // the transfer formula decides who waits for money only when the street pool is short
  'money.weightPerCapita': { 'money.budgetPerCapitaYuan': 20 },
  'money.weightCaseload': { 'money.budgetPerCapitaYuan': 20 },
  'money.weightNeed': { 'money.budgetPerCapitaYuan': 20 },
  'money.weightEqual': { 'money.budgetPerCapitaYuan': 20 },
  // surge workers are hired when the backlog jumps
  'workforce.surgeCostYuan': SURGE,
  'workforce.surgeCap': SURGE,
  'workforce.surgeLeadDays': SURGE,
  // whistle deadlines are only missed when departments are short of hands
  'whistle.contactHours': { 'staffing.departmentStaff': 2 },
  'whistle.reportDaysOrdinary': { 'staffing.departmentStaff': 2 },
  'whistle.reportDaysComplex': { 'staffing.departmentStaff': 2 },
  'whistle.assessmentPenalty': { 'staffing.departmentStaff': 2 },
  // trainings must happen for their length to matter
  'workforce.trainingDays': { 'workforce.trainingRate': 2 },
};

/**
 * Low and high probe values: the catalogue's minimum and maximum, except for run-day levers,
 * whose maximum (day 3650) lies past any test run: there the high probe is a day inside the run.
 */
export function probes(l: Lever): [LeverValue, LeverValue] {
  switch (l.kind) {
    case 'boolean': return [false, true];
    case 'choice': return [l.choices[0].value, l.choices[l.choices.length - 1].value];
    case 'date': return [l.min, l.max];
    default:
      if (l.min === -1 && l.max >= 3650) return [-1, SHOCK_DAY];
      // a warm-up past the run's end measures the whole run, like none: probe one inside the run
      if (l.id === 'observe.warmupDays') return [l.min, SHOCK_DAY];
      return [l.min, l.max];
  }
}

export function scenarioWith(levers: LeverValues): Scenario {
  return { ...CONTRACT_BASE, levers: { ...CONTRACT_BASE.levers, ...levers } };
}

export { LEVERS };

/**
 * Levers whose fork at day 0 is meant to differ from a fresh run, with the reason. Everything
 * else must give the fresh run's digest exactly.
 */
export const FORK_EXCEPTIONS: Record<string, string> = {
  'calendar.startDate': 'a branch keeps its trunk\'s calendar: applyScenario refuses a different start date (checked below)',
  'staffing.gridWorkersPerGrid': 'posts added at a fork start vacant and are hired after workforce.hiringLagDays; a fresh run starts with every post filled',
  'model.trustStart': 'residents keep the trust they have at the fork; a new baseline only changes where trust drifts back to (a fresh run draws trust around it)',
};

/** Low and high probes with their context: the scenario on each side. */
export function sides(l: Lever): [Scenario, Scenario] {
  const [lo, hi] = probes(l);
  const ctx = CONTEXT[l.id] ?? {};
  return [scenarioWith({ ...ctx, [l.id]: lo }), scenarioWith({ ...ctx, [l.id]: hi })];
}
