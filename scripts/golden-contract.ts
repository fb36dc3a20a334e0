// The determinism contract as data: test/sim/golden.json lists the golden cases (runs) and the
// golden analyses (small fixed experiments, scripts/golden-analyses.ts, keyed "analysis/…") and,
// for every engine version, the digests those cases gave. A version's digests are recorded once and never
// change (scripts/update-golden.ts refuses); the golden test checks that the current engine
// reproduces the digests recorded for the current ENGINE_VERSION (sim/version.ts explains why).

export interface GoldenCase {
  preset: string;
  seed: number;
  days: number;
}

export interface GoldenFile {
  cases: GoldenCase[];
  /** Keys of the golden analyses (scripts/golden-analyses.ts), whose analysis digests are recorded too. */
  analyses?: string[];
  /** engine version → case key → digest */
  versions: Record<string, Record<string, string>>;
}

export function caseKey(c: GoldenCase): string {
  return `${c.preset}/seed=${c.seed}/days=${c.days}`;
}

/** Every key a version records: the run cases', then the analyses'. */
export function goldenKeys(golden: GoldenFile): string[] {
  return [...golden.cases.map(caseKey), ...(golden.analyses ?? [])];
}

/**
 * What is wrong with these digests for this version against the golden file: [] when the
 * version is recorded and every case reproduces. A digest that differs under an unchanged
 * version is a change of engine output without a version bump.
 */
export function contractProblems(golden: GoldenFile, version: string, actual: Record<string, string>): string[] {
  const recorded = golden.versions[version];
  if (!recorded) return [`engine version ${version} has no recorded golden digests: run npm run golden:update (after bumping ENGINE_VERSION)`];
  const problems: string[] = [];
  for (const k of goldenKeys(golden)) {
    if (!(k in recorded)) problems.push(`${k}: no digest recorded for engine ${version}`);
    else if (k in actual && actual[k] !== recorded[k]) {
      problems.push(`${k}: digest ${actual[k].slice(0, 16)}… differs from the one recorded for engine ${version} (${recorded[k].slice(0, 16)}…): ` +
        'the engine\'s output changed without a version bump: bump ENGINE_VERSION in sim/version.ts, then npm run golden:update');
    }
  }
  return problems;
}

/**
 * The golden file with these digests recorded for this version; throws when the version is
 * already recorded with different digests (a version's digests never change).
 */
export function recordVersion(golden: GoldenFile, version: string, actual: Record<string, string>): GoldenFile {
  const recorded = golden.versions[version];
  if (recorded) {
    const changed = Object.keys(actual).filter((k) => k in recorded && recorded[k] !== actual[k]);
    if (changed.length) {
      throw new Error(`engine ${version} already has golden digests and they differ for ${changed.join(', ')}: ` +
        'bump ENGINE_VERSION in sim/version.ts first (a version\'s results never change)');
    }
  }
  return { ...golden, versions: { ...golden.versions, [version]: { ...recorded, ...actual } } };
}
