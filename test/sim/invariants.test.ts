// Property tests of the model's invariants (MODEL.md section 8) over generated districts,
// seeds and lever values within the catalogue's ranges, checked after every simulated day.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, stepDays } from '../../sim/index.ts';
import { arbDistrict, arbLevers, checkInvariants, scenarioOf } from './helpers.ts';

describe('invariants', () => {
  it('hold at every step for generated scenarios (cases, money, people, rates)', () => {
    fc.assert(
      fc.property(arbDistrict, arbLevers, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 20, max: 70 }), (district, levers, seed, days) => {
        const sim = createSimulation(scenarioOf(district, levers), { seed, days });
        for (let d = 0; d < days; d++) {
          stepDays(sim, 1);
          const bad = checkInvariants(sim);
          if (bad.length) throw new Error(`day ${d}: ${bad.slice(0, 5).join('; ')}`);
        }
        return true;
      }),
      { numRuns: 30, seed: 20261126 },
    );
  });

  it('checkInvariants catches a broken count (the checker itself can fail)', () => {
    const district = fc.sample(arbDistrict, { numRuns: 1, seed: 7 })[0];
    const sim = createSimulation(scenarioOf(district), { seed: 1, days: 10 });
    stepDays(sim, 10);
    expect(checkInvariants(sim)).toEqual([]);
    sim.counters.closed += 1;
    sim.money.balance[0] += 1;
    const bad = checkInvariants(sim);
    expect(bad.some((b) => b.startsWith('conservation'))).toBe(true);
    expect(bad.some((b) => b.startsWith('money imbalance'))).toBe(true);
  });
});
