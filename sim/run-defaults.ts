// The one set of run defaults, wherever a run is asked for: `govsim run` and the experiment
// commands, the HTTP API, and the sandbox (its first screen and its share links). A leaf with no
// imports, so the sandbox's page can read it without the schemas or the engine.
export const RUN_DEFAULTS = {
  /** Seed of a run (of replication 0: replication k uses seed + k). */
  seed: 1,
  /** Days simulated. */
  days: 365,
  /** Replications of one scenario in a run request (the experiment commands default to more). */
  replications: 1,
  /** The scenario preset a fresh sandbox opens with. */
  preset: 'training',
} as const;
