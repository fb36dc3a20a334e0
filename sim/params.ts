// Resolve a scenario's lever values into the flat numeric parameters the daily step reads
// (no string look-ups in hot loops). Derived quantities (effective authority once
// enforcement powers are taken into account, routing accuracy, merge share) are computed here
// once, so every process sees the same numbers.
import { parseDate } from './calendar.ts';
import type { LeverValues } from './levers.ts';
import { DEPARTMENT_COUNT, LEVELS, LEVEL_DEPARTMENT, LEVEL_STREET, SUB_ITEMS, departmentIndex, type Level } from './taxonomy.ts';

export interface Params {
  /** Lowest level allowed to close each sub-item, as set by the authority levers. */
  authority: Uint8Array;
  /** Authority after taking into account whether the street can actually enforce (powers devolved). */
  effectiveAuthority: Uint8Array;
  /** Sub-items the integrated enforcement team may take. */
  enforcementCovers: Uint8Array;
  /** Sub-items in the whistle scope. */
  whistleScope: Uint8Array;
  /**
   * Each department's share of the department case staff: staff follow the work the scenario
   * leaves with departments (rate × hours of the sub-items they lead there), with a floor of a
   * tenth of an even share so that every department stays staffed.
   */
  departmentShare: Float64Array;
  /** Sub-items whose authority moved down relative to 2019 (for funds follow tasks). */
  devolved: Uint8Array;
  gridDiscretion: number;
  signOffDays: number;
  enforcementIntegrated: boolean;
  whistleStreet: boolean;
  whistleCommunity: boolean;
  signHours: number;
  contactHours: number;
  reportDaysOrdinary: number;
  reportDaysComplex: number;
  coordinationHours: number;
  assessmentPenalty: number;
  departmentPriority: boolean;
  workersPerGrid: number;
  helpersPerGrid: number;
  communityWorkers: number;
  streetStaff: number;
  enforcementTeam: number;
  departmentStaff: number;
  operatorsPer100k: number;
  pay: number;
  referenceWage: number;
  incentive: number;
  trainingRate: number;
  trainingDays: number;
  hiringLagDays: number;
  surgeCap: number;
  surgeLeadDays: number;
  surgeCost: number;
  hoursPerDay: number;
  adminShare: number;
  patrolShare: number;
  baseQuitRate: number;
  budgetPerCapita: number;
  generalShare: number;
  weightPerCapita: number;
  weightCaseload: number;
  weightNeed: number;
  weightEqual: number;
  fundsFollowTasks: boolean;
  disbursementLagMonths: number;
  communityDiscretion: boolean;
  communityFunds: number;
  coverage: number;
  subsidy: number;
  systemsIntegrated: number;
  oneApp: boolean;
  socialOrgs: number;
  volunteerRate: number;
  partyRegistration: boolean;
  springFestival: boolean;
  plumRain: boolean;
  heatStart: number;
  heatDays: number;
  epidemicStart: number;
  epidemicDays: number;
  budgetCutStart: number;
  budgetCutShare: number;
  freezeStart: number;
  freezeDays: number;
  /** Demand shock: every emergence rate × demandMultiplier on days [demandStart, demandStart + demandDays); −1 = off. */
  demandStart: number;
  demandDays: number;
  demandMultiplier: number;
  startDay: number;
  warmupDays: number;
  emergenceScale: number;
  patrolRate: number;
  directRate: number;
  hotlineRate: number;
  lapseDays: number;
  enquiriesPerAppeal: number;
  routingAccuracy: number;
  mergeShare: number;
  earlyWarning: number;
  pushback: number;
  pushbackPerExtraDept: number;
  whistlePushback: number;
  verifyHours: number;
  quality: number;
  satisfiedOnTime: number;
  satisfiedLate: number;
  trustStart: number;
  trustHalfLifeDays: number;
}

const num = (v: LeverValues, id: string): number => v[id] as number;
const flag = (v: LeverValues, id: string): boolean => v[id] as boolean;

/** Resolve lever values (already complete and validated) into Params. */
export function resolveParams(v: LeverValues): Params {
  const n = SUB_ITEMS.length;
  const authority = new Uint8Array(n);
  const effectiveAuthority = new Uint8Array(n);
  const enforcementCovers = new Uint8Array(n);
  const whistleScope = new Uint8Array(n);
  const devolved = new Uint8Array(n);
  const integrated = flag(v, 'enforcement.integrated');
  const powers = num(v, 'enforcement.powersDevolved');
  // The 162 devolved powers map onto the enforcement sub-items in catalogue order: the share
  // of powers devolved decides how many of those sub-items the team may take.
  const enforcementItems = SUB_ITEMS.map((s, i) => (s.enforcement ? i : -1)).filter((i) => i >= 0);
  const covered = Math.round((powers / 162) * enforcementItems.length);
  enforcementItems.forEach((i, k) => {
    if (integrated && v['staffing.enforcementTeam'] as number > 0 && k < covered) enforcementCovers[i] = 1;
  });
  const scopeAll = v['whistle.scope'] === 'all';
  for (let i = 0; i < n; i++) {
    const s = SUB_ITEMS[i];
    const a = LEVELS.indexOf(v[`authority.${s.id}`] as Level);
    authority[i] = a;
    // Enforcement sub-items can only stay in the street if the street holds the penalty power;
    // powers devolved to an integrated team bring the sub-item down to the street with the
    // officers who moved (sim/enforcement.ts), whatever the authority lever says.
    effectiveAuthority[i] = !s.enforcement ? a : enforcementCovers[i] ? Math.min(a, LEVEL_STREET) : a <= LEVEL_STREET ? LEVEL_DEPARTMENT : a;
    whistleScope[i] = scopeAll || s.departments.length > 1 ? 1 : 0; // 'all': any sub-item, when the situation calls for it
    // Tasks taken from departments (where they were in 2019) by a lower level.
    devolved[i] = effectiveAuthority[i] < LEVEL_DEPARTMENT && s.authorityBefore === 'department' ? 1 : 0;
  }
  const departmentShare = new Float64Array(DEPARTMENT_COUNT);
  let demand = 0;
  for (let i = 0; i < n; i++) {
    if (effectiveAuthority[i] !== LEVEL_DEPARTMENT) continue;
    const s = SUB_ITEMS[i];
    const d = s.rate * s.hours * (s.departments.length > 1 ? 1.3 : 1);
    departmentShare[departmentIndex(s.departments[0] ?? 'civilAffairs')] += d;
    demand += d;
  }
  for (let k = 0; k < DEPARTMENT_COUNT; k++) {
    departmentShare[k] = 0.1 / DEPARTMENT_COUNT + (demand > 0 ? (0.9 * departmentShare[k]) / demand : 0.9 / DEPARTMENT_COUNT);
  }
  const systems = num(v, 'smart.systemsIntegrated');
  return {
    authority, effectiveAuthority, enforcementCovers, whistleScope, devolved, departmentShare,
    gridDiscretion: num(v, 'grid.discretion'),
    signOffDays: num(v, 'grid.signOffDays'),
    enforcementIntegrated: integrated,
    whistleStreet: flag(v, 'whistle.street'),
    whistleCommunity: flag(v, 'whistle.community'),
    signHours: num(v, 'whistle.signHours'),
    contactHours: num(v, 'whistle.contactHours'),
    reportDaysOrdinary: num(v, 'whistle.reportDaysOrdinary'),
    reportDaysComplex: num(v, 'whistle.reportDaysComplex'),
    coordinationHours: num(v, 'whistle.coordinationHours'),
    assessmentPenalty: num(v, 'whistle.assessmentPenalty'),
    departmentPriority: flag(v, 'whistle.departmentPriority'),
    workersPerGrid: num(v, 'staffing.gridWorkersPerGrid'),
    helpersPerGrid: num(v, 'staffing.helpersPerGrid'),
    communityWorkers: num(v, 'staffing.communityWorkers'),
    streetStaff: num(v, 'staffing.streetStaff'),
    enforcementTeam: num(v, 'staffing.enforcementTeam'),
    departmentStaff: num(v, 'staffing.departmentStaff'),
    operatorsPer100k: num(v, 'staffing.callOperatorsPer100k'),
    pay: num(v, 'workforce.payYuan'),
    referenceWage: num(v, 'workforce.referenceWageYuan'),
    incentive: num(v, 'workforce.incentiveYuan'),
    trainingRate: num(v, 'workforce.trainingRate'),
    trainingDays: num(v, 'workforce.trainingDays'),
    hiringLagDays: num(v, 'workforce.hiringLagDays'),
    surgeCap: num(v, 'workforce.surgeCap'),
    surgeLeadDays: num(v, 'workforce.surgeLeadDays'),
    surgeCost: num(v, 'workforce.surgeCostYuan'),
    hoursPerDay: num(v, 'workforce.hoursPerDay'),
    adminShare: num(v, 'workforce.adminShare'),
    patrolShare: num(v, 'workforce.patrolShare'),
    baseQuitRate: num(v, 'workforce.baseQuitRate'),
    budgetPerCapita: num(v, 'money.budgetPerCapitaYuan'),
    generalShare: num(v, 'money.generalShare'),
    weightPerCapita: num(v, 'money.weightPerCapita'),
    weightCaseload: num(v, 'money.weightCaseload'),
    weightNeed: num(v, 'money.weightNeed'),
    weightEqual: num(v, 'money.weightEqual'),
    fundsFollowTasks: flag(v, 'money.fundsFollowTasks'),
    disbursementLagMonths: num(v, 'money.disbursementLagMonths'),
    communityDiscretion: flag(v, 'money.communityDiscretion'),
    communityFunds: num(v, 'money.communityFundsYuan'),
    coverage: num(v, 'redProperty.coverage'),
    subsidy: num(v, 'redProperty.subsidyYuan'),
    systemsIntegrated: systems,
    oneApp: flag(v, 'smart.oneApp'),
    socialOrgs: num(v, 'cogov.socialOrgsPerCommunity'),
    volunteerRate: num(v, 'cogov.volunteerRate'),
    partyRegistration: flag(v, 'cogov.partyRegistration'),
    springFestival: flag(v, 'season.springFestival'),
    plumRain: flag(v, 'season.plumRain'),
    heatStart: num(v, 'shock.heatWave.startDay'),
    heatDays: num(v, 'shock.heatWave.days'),
    epidemicStart: num(v, 'shock.epidemic.startDay'),
    epidemicDays: num(v, 'shock.epidemic.days'),
    budgetCutStart: num(v, 'shock.budgetCut.startDay'),
    budgetCutShare: num(v, 'shock.budgetCut.share'),
    freezeStart: num(v, 'shock.hiringFreeze.startDay'),
    freezeDays: num(v, 'shock.hiringFreeze.days'),
    demandStart: num(v, 'shock.demand.startDay'),
    demandDays: num(v, 'shock.demand.days'),
    demandMultiplier: num(v, 'shock.demand.multiplier'),
    startDay: parseDate(v['calendar.startDate'] as string),
    warmupDays: num(v, 'observe.warmupDays'),
    emergenceScale: num(v, 'model.emergenceScale'),
    patrolRate: num(v, 'model.patrolRate'),
    directRate: num(v, 'model.directRate'),
    hotlineRate: num(v, 'model.hotlineRate'),
    lapseDays: num(v, 'model.lapseDays'),
    enquiriesPerAppeal: num(v, 'model.enquiriesPerAppeal'),
    routingAccuracy: Math.min(0.995, num(v, 'model.routingBase') + (0.18 * systems) / 30),
    mergeShare: (0.9 * systems) / 30,
    earlyWarning: systems / 30,
    pushback: num(v, 'model.pushback'),
    pushbackPerExtraDept: num(v, 'model.pushbackPerExtraDept'),
    whistlePushback: num(v, 'model.whistlePushback'),
    verifyHours: num(v, 'model.verifyHours'),
    quality: num(v, 'model.quality'),
    satisfiedOnTime: num(v, 'model.satisfiedOnTime'),
    satisfiedLate: num(v, 'model.satisfiedLate'),
    trustStart: num(v, 'model.trustStart'),
    trustHalfLifeDays: num(v, 'model.trustHalfLifeDays'),
  };
}
