// Size limits of a district, in a module of their own so that both the schema (sim/schema: the
// per-street maxima) and the rules beyond it (sim/scenario.ts: all streets together) read the
// one set of numbers without either loading the other.
export const DISTRICT_LIMITS = { maxStreets: 64, maxGridsPerStreet: 5000, maxPopulation: 5_000_000, maxCommunitiesPerStreet: 500 } as const;
