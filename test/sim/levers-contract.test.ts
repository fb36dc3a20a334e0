// The lever contract (issue 10), over every lever in the catalogue (see levers-contract-setup.ts
// for the small world, the probes and the contexts):
// (a) a fork at day 0 (create under the low probe, snapshot, restore under the high probe)
//     equals a fresh run under the high probe, digest for digest — or the lever is in
//     FORK_EXCEPTIONS with the reason;
// (b) moving it from its low probe to its high probe (its minimum and maximum) changes at least
//     one summary metric, or the catalogue marks it `inert` with the reason.
import { describe, expect, it } from 'vitest';
import { createSimulation, finish, restore, run, snapshot, stepDays, type RunResult, type Scenario } from '../../sim/index.ts';
import { CONTRACT_DAYS, CONTRACT_SEED, FORK_EXCEPTIONS, LEVERS, sides } from './levers-contract-setup.ts';

const fresh = new Map<string, RunResult>();
function freshRun(key: string, s: Scenario): RunResult {
  let r = fresh.get(key);
  if (!r) {
    r = run(s, { seed: CONTRACT_SEED, days: CONTRACT_DAYS });
    fresh.set(key, r);
  }
  return r;
}

describe('lever contract', () => {
  it('covers the whole catalogue; exceptions and inert marks name real levers with reasons', () => {
    expect(LEVERS.length).toBeGreaterThanOrEqual(101);
    for (const [id, why] of Object.entries(FORK_EXCEPTIONS)) {
      expect(LEVERS.some((l) => l.id === id), id).toBe(true);
      expect(why.length, id).toBeGreaterThan(20);
    }
    for (const l of LEVERS) if (l.inert !== undefined) expect(l.inert.length, l.id).toBeGreaterThan(20);
  });

  describe('(a) a fork at day 0 equals a fresh run', () => {
    for (const l of LEVERS) {
      const exception = FORK_EXCEPTIONS[l.id];
      it(`${l.id}${exception ? ' (exception: differs as documented)' : ''}`, () => {
        const [lo, hi] = sides(l);
        const trunk = createSimulation(lo, { seed: CONTRACT_SEED, days: CONTRACT_DAYS });
        if (l.id === 'calendar.startDate') {
          expect(() => restore(snapshot(trunk), hi)).toThrow(/start date/);
          return;
        }
        const fork = restore(snapshot(trunk), hi);
        stepDays(fork, CONTRACT_DAYS);
        const same = finish(fork).manifest.digest === freshRun(`${l.id}:hi`, hi).manifest.digest;
        // an exception must still be one: if the fork came to equal the fresh run, drop it from the list
        expect(same, exception ?? 'fork at day 0 differs from the fresh run').toBe(!exception);
      });
    }
  });

  describe('(b) every lever moves an outcome, or the catalogue says why not', () => {
    for (const l of LEVERS) {
      it(`${l.id}${l.inert ? ' (marked inert)' : ''}`, () => {
        const [lo, hi] = sides(l);
        const a = run(lo, { seed: CONTRACT_SEED, days: CONTRACT_DAYS }).summary;
        const b = freshRun(`${l.id}:hi`, hi).summary;
        const changed = Object.keys(a).filter((k) => !Object.is(a[k], b[k]));
        if (l.inert) {
          // a lever marked inert that bites after all must lose its mark
          expect(changed, `${l.id} is marked inert but changes ${changed.join(', ')}`).toEqual([]);
        } else {
          expect(changed.length, `${l.id}: no summary metric moves from ${JSON.stringify(lo.levers[l.id])} to ${JSON.stringify(hi.levers[l.id])}`).toBeGreaterThan(0);
        }
      });
    }
  });
});
