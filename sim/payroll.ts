// Every paid role besides the grid workers (MODEL.md section 10.1: "every paid person is on the
// ledger"): how many people each role has under the scenario's levers, what a month of them
// costs, and which account pays them. Grid workers are counted post by post in workforce.ts;
// property-centre staff are community workers seconded to the centre (property.ts): while
// seconded, their pay comes from the street's subsidy-fed earmarked account at the centre's rate,
// not from the district's payroll (money.ts), so each person is paid once.
//
// Who pays (an assumption, docs/ODD.md §7.7 and §10.2):
// - the grassroots budget (district account) pays community workers and street staff, like the
//   grid workers; a budget cut reaches them;
// - the departments' own budgets pay department case staff, every enforcement officer (the
//   street teams and the residual district squads; their pay line moves with them when
//   enforcement is merged into the street teams, so a merger is money neutral) and the 12345 operators (run by the city's service office). Departments' budgets
//   are not cut by the grassroots budget-cut shock.
import { departmentScale, type District } from './district.ts';
import type { Params } from './params.ts';
import { enforcementOfficers } from './enforcement.ts';
import { DEPARTMENT_COUNT } from './taxonomy.ts';

/** Grid-worker post status (workforce.ts keeps the posts). */
export const POST_ACTIVE = 0;
export const POST_TRAINING = 1;
export const POST_VACANT = 2;

/** Is a hiring freeze (shock lever) on at day t? */
export function freezeOn(p: Params, t: number): boolean {
  return p.freezeStart >= 0 && t >= p.freezeStart && t < p.freezeStart + p.freezeDays;
}

/** Employer cost on top of pay (social insurance, housing fund). */
export const EMPLOYER_COST = 1.3;
/** Monthly pay (yuan) by role (guesses: Nanjing 2021 public-sector and community-worker pay). */
export const PAY_COMMUNITY_WORKER = 4500;
export const PAY_STREET_STAFF = 6000;
export const PAY_ENFORCEMENT = 6000;
export const PAY_DEPARTMENT = 6500;
export const PAY_OPERATOR = 4000;
/** Property service centre: one staff per 400 covered households at 4,000 yuan a month (parameters.md). */
export const PAY_PROPERTY_CENTRE = 4000;
export const HOUSEHOLDS_PER_CENTRE_STAFF = 400;

/** Roles paid from the grassroots budget whose filled share the money step tracks. */
export const ROLE_COMMUNITY = 0;
export const ROLE_STREET = 1;
export const ROLES = 2;

export interface StaffPlan {
  /** Planned heads by role. */
  community: number;
  street: number;
  enforcement: number;
  department: number;
  operators: number;
}

/** Planned heads of every non-grid role (fractional heads are allowed: a scaled-down district). */
export function staffPlan(d: District, p: Params): StaffPlan {
  return {
    community: p.communityWorkers * d.nCommunities,
    street: p.streetStaff * d.nStreets,
    // Every officer, in the street teams and the residual district squads (enforcement.ts).
    enforcement: enforcementOfficers(p, d.nStreets),
    department: p.departmentStaff * DEPARTMENT_COUNT * departmentScale(d),
    operators: (p.operatorsPer100k * d.population) / 100000,
  };
}

/** Monthly employer cost (yuan) of the grassroots-paid roles at the given filled shares. */
export function grassrootsStaffCost(plan: StaffPlan, filledCommunity: number, filledStreet: number): number {
  return (plan.community * filledCommunity * PAY_COMMUNITY_WORKER + plan.street * filledStreet * PAY_STREET_STAFF) * EMPLOYER_COST;
}

/** Monthly employer cost (yuan) of the roles the departments' budgets pay. */
export function departmentStaffCost(plan: StaffPlan): number {
  return (plan.enforcement * PAY_ENFORCEMENT + plan.department * PAY_DEPARTMENT + plan.operators * PAY_OPERATOR) * EMPLOYER_COST;
}
