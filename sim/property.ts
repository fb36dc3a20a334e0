// The street property service centre (红色物业), handling side (MODEL.md §10.1; data/parameters.md
// "Property centre"). The centre is staffed at one person per 400 covered old-compound households,
// and those people are real: they are community workers of the same street seconded to the
// centre (the community party organisations run red property), so every covered household takes
// hours away from the street's communities. Coverage itself (and its decay when the subsidy is
// not paid) lives with the money (sim/money.ts); the centre's pay is on the ledger there.
import { HOUSEHOLDS_PER_CENTRE_STAFF, ROLE_COMMUNITY } from './payroll.ts';
import type { World } from './world.ts';

/** A community keeps at least this many of its own workers; the centre cannot take more. */
export const MIN_COMMUNITY_WORKERS = 1;

/**
 * Today's headcount of each street's centre (`units.staff` of the property units) and of each
 * community after it lends workers to the centre (`units.staff` of the community units), from
 * the covered households. A street's communities lend equally.
 */
export function planPropertyStaff(w: World): void {
  const d = w.district;
  const p = w.params;
  const u = w.units;
  const covered = w.money.coveredHouseholds;
  // Community workers in post (a budget cut leaves some posts vacant: sim/money.ts).
  const workers = p.communityWorkers * w.workforce.staffFilled[ROLE_COMMUNITY];
  const spare = Math.max(0, workers - MIN_COMMUNITY_WORKERS);
  for (let s = 0; s < d.nStreets; s++) {
    let nc = 0;
    for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === s) nc++;
    const staff = Math.min(covered[s] / HOUSEHOLDS_PER_CENTRE_STAFF, spare * nc);
    u.staff[u.firstProperty + s] = staff;
    const each = nc > 0 ? staff / nc : 0;
    for (let c = 0; c < d.nCommunities; c++) if (d.communityStreet[c] === s) u.staff[u.firstCommunity + c] = workers - each;
  }
}
