// createResultLedger(): a job's first result is kept, an identical repeat is ignored, and a
// repeat with a different digest is a loud DigestMismatchError naming the job, both digests and
// where each came from.
import { describe, expect, it } from 'vitest';
import { createResultLedger, DigestMismatchError } from '../../api/queue/result-ledger.ts';

describe('createResultLedger().accept(jobId, digests, worker)', () => {
  it('keeps the first result and calls an identical one a repeat', () => {
    const ledger = createResultLedger();
    expect(ledger.accept('run-a', ['d1'], 'host1:1')).toBe('new');
    expect(ledger.accept('run-b', ['d2', 'd3'])).toBe('new');
    expect(ledger.accept('run-a', ['d1'], 'host2:7')).toBe('repeat');
    expect(ledger.accept('run-b', ['d2', 'd3'])).toBe('repeat');
    expect(ledger.size).toBe(2);
    expect(ledger.digests('run-a')).toEqual(['d1']);
    expect(ledger.has('run-c')).toBe(false);
  });

  it('throws DigestMismatchError for a repeat with a different digest', () => {
    const ledger = createResultLedger();
    ledger.accept('run-a', ['aaaa'], 'host1:1');
    let error: unknown;
    try {
      ledger.accept('run-a', ['bbbb'], 'host2:7');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DigestMismatchError);
    const e = error as DigestMismatchError;
    expect(e.jobId).toBe('run-a');
    expect(e.message).toMatch(/job run-a returned two different results: digests aaaa \(from host1:1\) and bbbb \(from host2:7\)/);
    // The first result stays the one on record.
    expect(ledger.digests('run-a')).toEqual(['aaaa']);
  });

  it('forgets the oldest jobs beyond maxEntries', () => {
    const ledger = createResultLedger({ maxEntries: 2 });
    ledger.accept('a', ['1']);
    ledger.accept('b', ['2']);
    ledger.accept('c', ['3']);
    expect([ledger.has('a'), ledger.has('b'), ledger.has('c')]).toEqual([false, true, true]);
    expect(ledger.accept('a', ['other'])).toBe('new');
  });

  it('compares every output of a fork, in order', () => {
    const ledger = createResultLedger();
    ledger.accept('fork', ['trunk', 'branch']);
    expect(() => ledger.accept('fork', ['trunk'])).toThrow(DigestMismatchError);
    expect(() => ledger.accept('fork', ['branch', 'trunk'])).toThrow(DigestMismatchError);
    expect(ledger.accept('fork', ['trunk', 'branch'])).toBe('repeat');
  });
});
