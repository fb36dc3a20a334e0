// Red property (红色物业) coverage, money side (MODEL.md section 10.2; parameters.md "Property
// centre"). The lever sets the share of old-compound grids the street's property service centre
// is meant to cover; the centre keeps them only while it is paid: each month its staff (one per
// 400 covered households at 4,000 yuan) are paid from the street's earmarked account, which the
// red-property subsidy feeds. A month it cannot pay shrinks its coverage by 2 %; a fully paid
// month lets it grow back by 2 % toward the lever. The payment itself is in money.ts (step 6).
import type { District } from './district.ts';
import type { Params } from './params.ts';
import type { World } from './world.ts';

/** Monthly change of coverage (share of the lever's coverage) when unpaid (−) or paid (+). */
export const COVERAGE_STEP = 0.02;

/** Is grid g covered, given the street's share of the lever's coverage still in service? */
export function coveredBy(d: District, p: Params, coverageShare: Float64Array, g: number): boolean {
  return d.gridCoverageKey[g] < p.coverage * coverageShare[d.gridStreet[g]];
}

/** Is grid g covered by its street's property centre today? */
export function gridCovered(w: World, g: number): boolean {
  return coveredBy(w.district, w.params, w.money.coverageShare, g);
}

/** Old-compound households under each street's centre (the subsidy's base and the centre's size). */
export function coveredHouseholdsByStreet(d: District, p: Params, coverageShare: Float64Array): Float64Array {
  const out = new Float64Array(d.nStreets);
  for (let g = 0; g < d.nGrids; g++) {
    if (coveredBy(d, p, coverageShare, g)) out[d.gridStreet[g]] += d.gridHouseholds[g] * d.gridOldShare[g];
  }
  return out;
}

/**
 * After a change of coverage: households under each centre, and the emergence factors of every
 * grid (covered old compounds have half the facility issues and fewer property disputes).
 */
export function refreshCoverage(w: World): void {
  const d = w.district;
  const p = w.params;
  const m = w.money;
  const e = w.emergence;
  m.coveredHouseholds = coveredHouseholdsByStreet(d, p, m.coverageShare);
  for (let g = 0; g < d.nGrids; g++) {
    const covered = coveredBy(d, p, m.coverageShare, g);
    e.oldFacilityFactor[g] = covered ? 0.5 : 1;
    e.propertyDisputeFactor[g] = covered ? 1 / (1 + 0.5 * d.gridOldShare[g]) : 1;
  }
}
