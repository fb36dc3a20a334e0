// The district generator: from a compact description (streets with population, grids,
// communities, housing mix) build communities, grids and residents deterministically, as
// structure-of-arrays. Everything random here draws from the `generator` stream, so the same
// district comes out whatever the policy levers say.
import { normal, normalQuantile, createStream, type Stream } from './rng.ts';
import { REFERENCE_POPULATION, type DistrictSpec } from './scenario.ts';

export interface District {
  /** The description it was generated from. */
  spec: DistrictSpec;
  nStreets: number;
  nCommunities: number;
  nGrids: number;
  nResidents: number;
  population: number;
  /** Street of each community; first grid and grid count of each community. */
  communityStreet: Int32Array;
  communityFirstGrid: Int32Array;
  communityGridCount: Int32Array;
  /** Community and street of each grid; residents are contiguous per grid. */
  gridCommunity: Int32Array;
  gridStreet: Int32Array;
  gridFirstResident: Int32Array;
  gridResidents: Int32Array;
  gridHouseholds: Int32Array;
  /** Shares of residents in old compounds, aged 60+; tourist flag; commerce intensity. */
  gridOldShare: Float64Array;
  gridElderlyShare: Float64Array;
  gridTourist: Uint8Array;
  gridCommerce: Float64Array;
  /** A fixed uniform per grid: a grid is covered by red property when this is below the coverage lever. */
  gridCoverageKey: Float64Array;
  /** Residents: grid, age band (0 <18, 1 adult, 2 elderly), housing (0 old, 1 commodity, 2 resettlement). */
  residentGrid: Int32Array;
  residentAge: Uint8Array;
  residentHousing: Uint8Array;
  /** Reporting propensity (mean 1): who calls 12345 (reporting bias by housing type and age). */
  residentPropensity: Float32Array;
  /** A fixed uniform per resident, used for the volunteer flag (monotone in the volunteer rate). */
  residentVolunteerKey: Float32Array;
  /** Starting trust (before the scenario's trustStart shift): a standard normal per resident. */
  residentTrustZ: Float32Array;
  /**
   * Residents of each grid grouped by class (housing type × elderly or not: class = 2 × housing
   * + elderly): grid g's class c runs from gridClassStart[g × 7 + c] to gridClassStart[g × 7 + c + 1].
   */
  gridClassStart: Int32Array;
}

/**
 * The district's population over the population the department staff lever refers to
 * (spec.referencePopulation, default Qinhuai's REFERENCE_POPULATION). The one place that reads
 * the reference: department case staff (handling.ts, daily plan and monthly review) and their
 * pay (payroll.ts) all scale by it.
 */
export function departmentScale(d: District): number {
  return d.population / (d.spec.referencePopulation ?? REFERENCE_POPULATION);
}

/** Resident classes: 2 × housing (0 old compound, 1 commodity, 2 resettlement) + 1 if aged 60+. */
export const CLASSES = 6;
export function residentClass(housing: number, age: number): number {
  return 2 * housing + (age === 2 ? 1 : 0);
}

/** Build the district. Deterministic in (spec, seed). */
export function generateDistrict(spec: DistrictSpec, seed: number): District {
  const r: Stream = createStream(seed, 'generator');
  const streets = spec.streets;
  const nStreets = streets.length;
  let nCommunities = 0;
  let nGrids = 0;
  let population = 0;
  for (const s of streets) {
    nCommunities += s.communities;
    nGrids += s.grids;
    population += s.population;
  }
  const communityStreet = new Int32Array(nCommunities);
  const communityFirstGrid = new Int32Array(nCommunities);
  const communityGridCount = new Int32Array(nCommunities);
  const gridCommunity = new Int32Array(nGrids);
  const gridStreet = new Int32Array(nGrids);
  const gridResidents = new Int32Array(nGrids);
  const gridFirstResident = new Int32Array(nGrids);
  const gridHouseholds = new Int32Array(nGrids);
  const gridOldShare = new Float64Array(nGrids);
  const gridElderlyShare = new Float64Array(nGrids);
  const gridTourist = new Uint8Array(nGrids);
  const gridCommerce = new Float64Array(nGrids);
  const gridCoverageKey = new Float64Array(nGrids);
  const gridType = new Uint8Array(nGrids);

  let c0 = 0;
  let g0 = 0;
  for (let si = 0; si < nStreets; si++) {
    const s = streets[si];
    // Communities get grids as evenly as possible, in order.
    for (let k = 0; k < s.communities; k++) {
      const c = c0 + k;
      communityStreet[c] = si;
      const first = Math.floor((k * s.grids) / s.communities);
      const last = Math.floor(((k + 1) * s.grids) / s.communities);
      communityFirstGrid[c] = g0 + first;
      communityGridCount[c] = last - first;
      for (let g = first; g < last; g++) gridCommunity[g0 + g] = c;
    }
    // Grid sizes vary (log-normal weights), then are scaled to the street's population exactly.
    const weights = new Float64Array(s.grids);
    let wsum = 0;
    for (let g = 0; g < s.grids; g++) {
      const z = normal(r);
      const w = 1 + 0.25 * Math.max(-2.5, Math.min(2.5, z));
      weights[g] = w;
      wsum += w;
    }
    let assigned = 0;
    for (let g = 0; g < s.grids; g++) {
      const n = g === s.grids - 1 ? s.population - assigned : Math.max(1, Math.floor((s.population * weights[g]) / wsum));
      gridResidents[g0 + g] = n;
      assigned += n;
    }
    // Fix a possible overshoot from the max(1, ·) floor by taking from the largest grids.
    while (gridResidents[g0 + s.grids - 1] < 1) {
      let big = g0;
      for (let g = g0; g < g0 + s.grids; g++) if (gridResidents[g] > gridResidents[big]) big = g;
      gridResidents[big]--;
      gridResidents[g0 + s.grids - 1]++;
    }
    const hsum = s.housing.oldCompound + s.housing.commodity + s.housing.resettlement;
    const pOld = s.housing.oldCompound / hsum;
    const pCom = s.housing.commodity / hsum;
    for (let g = 0; g < s.grids; g++) {
      const gi = g0 + g;
      gridStreet[gi] = si;
      // Each grid is dominated by one housing type (80 %), drawn by the street's mix.
      const u = r();
      gridType[gi] = u < pOld ? 0 : u < pOld + pCom ? 1 : 2;
      const elderlyJitter = 0.8 + 0.4 * r();
      gridElderlyShare[gi] = Math.min(0.9, s.elderlyShare * elderlyJitter * (gridType[gi] === 0 ? 1.15 : 0.9));
      gridTourist[gi] = r() < s.touristGridShare ? 1 : 0;
      gridCommerce[gi] = Math.min(1, s.commerce * (0.5 + r()));
      gridCoverageKey[gi] = r();
    }
    c0 += s.communities;
    g0 += s.grids;
  }

  const nResidents = population;
  const residentGrid = new Int32Array(nResidents);
  const residentAge = new Uint8Array(nResidents);
  const residentHousing = new Uint8Array(nResidents);
  const residentPropensity = new Float32Array(nResidents);
  const residentVolunteerKey = new Float32Array(nResidents);
  const residentTrustZ = new Float32Array(nResidents);
  let i = 0;
  // Residents of a grid are stored grouped by class (housing × elderly or not), so that picking
  // a resident weighted toward the elderly or toward old compounds needs no per-resident table.
  const gridClassStart = new Int32Array(nGrids * (CLASSES + 1));
  let maxN = 1;
  for (let g = 0; g < nGrids; g++) maxN = Math.max(maxN, gridResidents[g]);
  const tmpHousing = new Uint8Array(maxN);
  const tmpAge = new Uint8Array(maxN);
  // A grid's draws in one go: two per resident for housing and age, then three per resident
  // (propensity, volunteer key, trust), in the same order as one call per draw.
  const draws = new Float64Array(3 * maxN);
  const next = new Int32Array(CLASSES);
  for (let g = 0; g < nGrids; g++) {
    gridFirstResident[g] = i;
    const n = gridResidents[g];
    gridHouseholds[g] = Math.max(1, Math.round(n / spec.householdSize));
    const dominant = gridType[g];
    const elderly = gridElderlyShare[g];
    const count = new Int32Array(CLASSES);
    r.fill(draws, 2 * n);
    for (let k = 0; k < n; k++) {
      const u = draws[2 * k];
      const h = u < 0.8 ? dominant : u < 0.9 ? (dominant + 1) % 3 : (dominant + 2) % 3;
      const a = draws[2 * k + 1];
      const age = a < elderly ? 2 : a < elderly + 0.15 ? 0 : 1;
      tmpHousing[k] = h;
      tmpAge[k] = age;
      count[residentClass(h, age)]++;
    }
    let at = i;
    for (let c = 0; c < CLASSES; c++) {
      gridClassStart[g * (CLASSES + 1) + c] = at;
      next[c] = at;
      at += count[c];
    }
    gridClassStart[g * (CLASSES + 1) + CLASSES] = at;
    r.fill(draws, 3 * n);
    for (let k = 0; k < n; k++) {
      const h = tmpHousing[k];
      const age = tmpAge[k];
      const j = next[residentClass(h, age)]++;
      residentGrid[j] = g;
      residentHousing[j] = h;
      residentAge[j] = age;
      // Reporting bias (Kontokosta et al. 2017): commodity-housing residents call more, elderly less.
      const base = h === 1 ? 1.25 : h === 0 ? 0.85 : 0.9;
      const ageF = age === 2 ? 0.8 : age === 0 ? 0.3 : 1.1;
      residentPropensity[j] = base * ageF * (0.5 + draws[3 * k]);
      residentVolunteerKey[j] = draws[3 * k + 1];
      residentTrustZ[j] = Math.max(-3, Math.min(3, normalQuantile(draws[3 * k + 2])));
    }
    gridOldShare[g] = n > 0 ? (count[0] + count[1]) / n : 0;
    i += n;
  }
  return {
    spec: structuredClone(spec),
    nStreets, nCommunities, nGrids, nResidents, population,
    communityStreet, communityFirstGrid, communityGridCount,
    gridCommunity, gridStreet, gridFirstResident, gridResidents, gridHouseholds,
    gridOldShare, gridElderlyShare, gridTourist, gridCommerce, gridCoverageKey,
    residentGrid, residentAge, residentHousing, residentPropensity, residentVolunteerKey, residentTrustZ,
    gridClassStart,
  };
}
