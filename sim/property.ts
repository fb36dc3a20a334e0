// The street property service centre (红色物业), handling side (MODEL.md §10.1; data/parameters.md
// "Property centre"). The centre is staffed at one person per 400 covered old-compound households,
// and those people are real: they are community workers of the same street seconded to the
// centre (the community party organisations run red property), so every covered household takes
// hours away from the street's communities. While seconded, a worker's pay comes from the
// street's earmarked account, which the red-property subsidy feeds, at the centre's rate, and
// leaves the district's community-worker payroll (money.ts): each person is paid once and works
// once. Coverage itself (and its decay when the centre is not paid) lives with the money.
import type { District } from './district.ts';
import { HOUSEHOLDS_PER_CENTRE_STAFF, ROLE_COMMUNITY } from './payroll.ts';
import type { Params } from './params.ts';
import type { World } from './world.ts';

/** A community keeps at least this many of its own workers; the centre cannot take more. */
export const MIN_COMMUNITY_WORKERS = 1;

/**
 * Heads of each street's centre: one per 400 covered households, at most the street's community
 * workers in post beyond the minimum each community keeps (fractional heads allowed).
 */
export function centreStaff(d: District, p: Params, covered: Float64Array, filledCommunity: number): Float64Array {
  const workers = p.communityWorkers * filledCommunity;
  const spare = Math.max(0, workers - MIN_COMMUNITY_WORKERS);
  const out = new Float64Array(d.nStreets);
  for (let s = 0; s < d.nStreets; s++) {
    let nc = 0;
    for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === s) nc++;
    out[s] = Math.min(covered[s] / HOUSEHOLDS_PER_CENTRE_STAFF, spare * nc);
  }
  return out;
}

/**
 * Today's headcount of each street's centre (`units.staff` of the property units) and of each
 * community after it lends workers to the centre (`units.staff` of the community units), from
 * the covered households. A street's communities lend equally.
 */
export function planPropertyStaff(w: World): void {
  const d = w.district;
  const u = w.units;
  const filled = w.workforce.staffFilled[ROLE_COMMUNITY];
  // Community workers in post (a budget cut leaves some posts vacant: sim/money.ts).
  const workers = w.params.communityWorkers * filled;
  const staff = centreStaff(d, w.params, w.money.coveredHouseholds, filled);
  for (let s = 0; s < d.nStreets; s++) {
    let nc = 0;
    for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === s) nc++;
    u.staff[u.firstProperty + s] = staff[s];
    const each = nc > 0 ? staff[s] / nc : 0;
    for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === s) u.staff[u.firstCommunity + c] = workers - each;
  }
}
