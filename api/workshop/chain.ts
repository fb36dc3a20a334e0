// A group's simulation as a warm-start chain: one world built from (scenario, seed), then for
// each round the lever values in force are laid over the scenario (restore(snapshot(world),
// scenario): the engine's public way to continue a run under changed levers, as a fork does) and
// the world steps one round. The chain is a pure function of
// (scenario, seed, roundDays, levers per round): replaying it gives the same digests.
// All groups of a session share the seed (common random numbers).
import {
  createSimulation, ENGINE_VERSION, finish, readSeries, resolvedLevers, restore, snapshot, stepDays, withLevers, type LeverValue,
  type LeverValues, type Scenario, type Simulation,
} from '../../sim/index.ts';
import { communityStats } from '../../sim/inspect.ts';
import { CHART_SERIES, KPIS, type EventKind, type RoundOutcome } from './messages.ts';

export interface ChainConfig {
  scenario: Scenario;
  seed: number;
  roundDays: number;
  rounds: number;
}

export interface RoundInput {
  /** Lever values in force this round (over the scenario's own). */
  levers: LeverValues;
  /** Events that start with this round (recorded for the debrief; their levers are in `levers`). */
  events: EventKind[];
  /** Which role changed which lever this round. */
  changes: RoundOutcome['changes'];
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export class GroupChain {
  readonly config: ChainConfig;
  private world: Simulation;
  private round = 0;

  constructor(config: ChainConfig) {
    this.config = config;
    this.world = createSimulation(config.scenario, { seed: config.seed, days: config.rounds * config.roundDays });
  }

  get roundsDone(): number {
    return this.round;
  }

  /** Play the next round under `input.levers`; returns its outcome. */
  advance(input: RoundInput): RoundOutcome {
    if (this.round >= this.config.rounds) throw new Error(`the chain has played all ${this.config.rounds} rounds`);
    const from = this.world.day;
    this.world = restore(snapshot(this.world), withLevers(this.config.scenario, input.levers));
    stepDays(this.world, this.config.roundDays);
    this.round += 1;
    const result = finish(this.world);
    const kpis: Record<string, number | null> = {};
    for (const k of KPIS) if (k in result.summary) kpis[k] = num(result.summary[k]);
    const sat = Array.from(communityStats(this.world).satisfaction).filter((x) => Number.isFinite(x));
    kpis['worst.community.satisfaction'] = sat.length ? Math.min(...sat) : null;
    const read = readSeries(this.world, [...CHART_SERIES], from);
    const series: Record<string, (number | null)[]> = {};
    for (const [k, v] of Object.entries(read.values)) series[k] = Array.from(v, num);
    return {
      round: this.round, day: this.world.day, digest: result.manifest.digest, kpis, series,
      levers: { ...input.levers }, changes: input.changes, events: [...input.events],
    };
  }
}

/** The value of a lever in force under `levers` over `scenario`. */
export function leverValue(scenario: Scenario, levers: LeverValues, id: string): LeverValue {
  return id in levers ? levers[id] : resolvedLevers(scenario)[id];
}

/** A finished session as exported (`GET /workshop/api/sessions/:code/export`), replayable by `govsim workshop replay`. */
export interface SessionExport {
  format: 'govsim-workshop/1';
  engineVersion: string;
  code: string;
  title: string;
  preset: string;
  scenario: Scenario;
  seed: number;
  roundDays: number;
  rounds: number;
  roles: string[];
  /** groups[g] = the rounds played by group g, in order. */
  groups: { rounds: RoundOutcome[] }[];
}

export interface ReplayReport {
  engineVersion: string;
  sameEngine: boolean;
  groups: { group: number; rounds: { round: number; digest: string; expected: string; same: boolean }[] }[];
  allSame: boolean;
}

/** Replay every group's chain from the export's scenario, seed and levers; compare digests. */
export function replaySession(x: SessionExport): ReplayReport {
  const groups = x.groups.map((g, gi) => {
    const chain = new GroupChain({ scenario: x.scenario, seed: x.seed, roundDays: x.roundDays, rounds: x.rounds });
    const rounds = g.rounds.map((r) => {
      const out = chain.advance({ levers: r.levers, events: r.events, changes: r.changes });
      return { round: r.round, digest: out.digest, expected: r.digest, same: out.digest === r.digest };
    });
    return { group: gi + 1, rounds };
  });
  return {
    engineVersion: ENGINE_VERSION,
    sameEngine: x.engineVersion === ENGINE_VERSION,
    groups,
    allSame: groups.every((g) => g.rounds.every((r) => r.same)),
  };
}
