// Results arrive at least once, not exactly once: a worker that was thought dead finishes
// anyway, a job re-submitted after its result was dropped runs again, and the event stream and
// the state check can both report one completion. Runs are deterministic, so a repeat is
// harmless if it is identical: the ledger keeps the first result of each job id, ignores repeats
// with the same digests, and raises DigestMismatchError on a repeat that differs — that means two
// machines computed different results for the same input (a different engine build, a
// non-determinism bug), and no experiment may quietly pick one of them.

export class DigestMismatchError extends Error {
  constructor(readonly jobId: string, readonly first: { digests: string[]; worker?: string }, readonly second: { digests: string[]; worker?: string }) {
    super(`job ${jobId} returned two different results: digests ${first.digests.join(', ')}${first.worker ? ` (from ${first.worker})` : ''}` +
      ` and ${second.digests.join(', ')}${second.worker ? ` (from ${second.worker})` : ''}; the same run must give the same digest everywhere —` +
      ' check that every worker runs the same govsim version (govsim --version) and report this');
    this.name = 'DigestMismatchError';
  }
}

export type LedgerVerdict = 'new' | 'repeat';

export interface ResultLedger {
  /** Record a result: 'new' the first time, 'repeat' for an identical one; throws DigestMismatchError otherwise. */
  accept(jobId: string, digests: string[], worker?: string): LedgerVerdict;
  has(jobId: string): boolean;
  digests(jobId: string): string[] | undefined;
  readonly size: number;
}

/** A ledger of the latest `maxEntries` jobs (a long-lived API server forgets the oldest). */
export function createResultLedger(o: { maxEntries?: number } = {}): ResultLedger {
  const maxEntries = o.maxEntries ?? 200_000;
  const seen = new Map<string, { digests: string[]; worker?: string }>();
  return {
    accept(jobId, digests, worker) {
      const first = seen.get(jobId);
      if (!first) {
        seen.set(jobId, { digests: [...digests], worker });
        if (seen.size > maxEntries) seen.delete(seen.keys().next().value!);
        return 'new';
      }
      const same = first.digests.length === digests.length && first.digests.every((d, i) => d === digests[i]);
      if (!same) throw new DigestMismatchError(jobId, first, { digests, worker });
      return 'repeat';
    },
    has: (jobId) => seen.has(jobId),
    digests: (jobId) => seen.get(jobId)?.digests,
    get size() {
      return seen.size;
    },
  };
}
