// Seeds for replications under common random numbers: replication k of every scenario (and of
// every design point) runs with the same seed, so differences between scenarios are paired.
// Seed k is `baseSeed + k` (mod 2^32): plain enough that `govsim run --seed` reproduces any
// single replication by hand.

export const MAX_SEED = 0xffffffff;

export function replicationSeed(baseSeed: number, replication: number): number {
  return (baseSeed + replication) % (MAX_SEED + 1);
}

export function replicationSeeds(baseSeed: number, reps: number): number[] {
  return Array.from({ length: reps }, (_, k) => replicationSeed(baseSeed, k));
}
