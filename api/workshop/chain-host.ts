// Where a workshop's group chains live: a map from key ("session id/group") to GroupChain, in a
// simulation thread (chain-worker.ts) or, with no threads, in the server's own process. The
// same code runs in both, so a round's outcome does not depend on where it was simulated.
import { ENGINE_VERSION, type Scenario } from '../../sim/index.ts';
import { GroupChain, type RoundInput } from './chain.ts';
import type { RoundOutcome } from './messages.ts';

/** What it takes to rebuild a chain: the world's recipe and the rounds already played. */
export interface ChainSpec {
  scenario: Scenario;
  seed: number;
  roundDays: number;
  rounds: number;
  /** The rounds played so far, in order (their inputs and the digests they must give again). */
  played: (RoundInput & { digest: string })[];
}

/** Thrown (by message) when the chain is not there at the expected round and no spec came. */
export const MISSING = 'workshop-chain-missing';

export interface ChainHostApi {
  engineVersion(): string;
  /** Play round `played + 1` of chain `key`; rebuild it from `spec` first when it is not at `played`. */
  advance(key: string, played: number, input: RoundInput, spec?: ChainSpec): RoundOutcome;
  /** Build (or rebuild) chain `key` from its spec, checking the stored digests. */
  prepare(key: string, spec: ChainSpec): void;
  /** Build a scratch world and play one round, so that the first real close finds the engine's code warm. */
  warmUp(spec: ChainSpec): void;
  /** Forget every chain whose key starts with `prefix`. */
  drop(prefix: string): void;
}

export class ChainHost implements ChainHostApi {
  private readonly chains = new Map<string, GroupChain>();
  private warm = false;

  engineVersion(): string {
    return ENGINE_VERSION;
  }

  prepare(key: string, spec: ChainSpec): void {
    this.chains.delete(key);
    const chain = new GroupChain({ scenario: spec.scenario, seed: spec.seed, roundDays: spec.roundDays, rounds: spec.rounds });
    for (const [i, r] of spec.played.entries()) {
      const again = chain.advance({ levers: r.levers, events: r.events, changes: r.changes });
      if (again.digest !== r.digest) throw new Error(`chain ${key} round ${i + 1}: replay digest ${again.digest} differs from the stored ${r.digest} (engine changed?)`);
    }
    this.chains.set(key, chain);
  }

  advance(key: string, played: number, input: RoundInput, spec?: ChainSpec): RoundOutcome {
    let chain = this.chains.get(key);
    if (!chain || chain.roundsDone !== played) {
      if (!spec) throw new Error(MISSING);
      if (spec.played.length !== played) throw new Error(`chain ${key}: the spec has ${spec.played.length} rounds played, the caller says ${played}`);
      this.prepare(key, spec);
      chain = this.chains.get(key)!;
    }
    return chain.advance(input);
  }

  warmUp(spec: ChainSpec): void {
    if (this.warm) return;
    this.warm = true;
    new GroupChain({ scenario: spec.scenario, seed: spec.seed, roundDays: spec.roundDays, rounds: 1 }).advance({ levers: {}, events: [], changes: [] });
  }

  drop(prefix: string): void {
    for (const k of [...this.chains.keys()]) if (k.startsWith(prefix)) this.chains.delete(k);
  }
}
