// Which runs have pinned digests (see golden.test.ts and scripts/update-golden.ts).
export const GOLDEN_CASES = [
  { preset: 'training', seed: 1, days: 365 },
  { preset: 'training', seed: 2, days: 365 },
  { preset: 'qinhuai-2021', seed: 1, days: 365 },
  { preset: 'qinhuai-2021', seed: 2, days: 365 },
];
