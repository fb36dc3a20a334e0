// Integrated street enforcement (综合执法, MODEL.md §10.1 and data/parameters.md "Enforcement
// merger"). Enforcement officers exist whether or not the streets integrate: before the reform
// they sit in district department squads (urban management, market supervision, work safety,
// police and fire for the sub-items they lead); integration MOVES `staffing.enforcementTeam`
// officers per street out of those squads into the street's team, and the departments keep only
// a residual for district-wide work. No officer is created or lost by the switch: departments
// shrink by exactly what the streets gain.
//
// The team takes the enforcement sub-items whose penalty powers were devolved
// (`enforcement.powersDevolved`): powers and people move together, so integration changes who
// handles those sub-items even when the authority levers stay at 'department'.
import type { Params } from './params.ts';
import { DEPARTMENT_COUNT, SUB_ITEMS, departmentIndex } from './taxonomy.ts';

/** Officers per street's territory that stay in district squads after integration (about 60 in Qinhuai). Guess. */
export const RESIDUAL_OFFICERS_PER_STREET = 5;
/** Share of a working day an enforcement officer spends on cases (the rest: patrol, admin). Same wherever the officer sits. */
export const OFFICER_CASE_SHARE = 0.6;

/**
 * Each department's share of the district's enforcement officers: by the enforcement work it
 * leads (base rate × hours of the enforcement sub-items, lead department first).
 */
export const ENFORCEMENT_DEPARTMENT_SHARE: Float64Array = (() => {
  const share = new Float64Array(DEPARTMENT_COUNT);
  let total = 0;
  for (const s of SUB_ITEMS) {
    if (!s.enforcement || s.departments.length === 0) continue;
    const w = s.rate * s.hours;
    share[departmentIndex(s.departments[0])] += w;
    total += w;
  }
  for (let k = 0; k < DEPARTMENT_COUNT; k++) share[k] /= total;
  return share;
})();

/** All enforcement officers of a district with `streets` streets (conserved by every enforcement lever). */
export function enforcementOfficers(p: Params, streets: number): number {
  return (p.enforcementTeam + RESIDUAL_OFFICERS_PER_STREET) * streets;
}

/**
 * Officers in the integrated team of a street holding `popShare` of the district's residents (0
 * before integration): the squads were organised by territory, so officers move with the
 * population they served; `staffing.enforcementTeam` is the average per street.
 */
export function streetTeamOfficers(p: Params, streets: number, popShare: number): number {
  return p.enforcementIntegrated ? p.enforcementTeam * streets * popShare : 0;
}

/** Officers left in the district squads of department `dept`. */
export function departmentOfficers(p: Params, streets: number, dept: number): number {
  const inSquads = enforcementOfficers(p, streets) - (p.enforcementIntegrated ? p.enforcementTeam * streets : 0);
  return inSquads * ENFORCEMENT_DEPARTMENT_SHARE[dept];
}
