// Determinism and common random numbers (MODEL.md section 7): same scenario and seed give the
// same digest; different seeds differ; the emerged-issue stream does not depend on staffing,
// funding or authority levers; a run stepped in pieces equals one run straight through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, finish, run, stepDays, type LeverValues } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { createCases } from '../../sim/world.ts';
import { arbDistrict, arbLeverValue, arbLevers, scenarioOf } from './helpers.ts';

function emergedFingerprint(district: Parameters<typeof scenarioOf>[0], levers: LeverValues, seed: number, days: number) {
  const sim = createSimulation(scenarioOf(district, levers), { seed, days });
  stepDays(sim, days);
  return { hash: sim.emergence.streamHash, emerged: sim.counters.emerged };
}

describe('run(scenario, { seed, days })', () => {
  it('gives the identical digest for the same scenario and seed', () => {
    fc.assert(
      fc.property(arbDistrict, arbLevers, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (district, levers, seed) => {
        const a = run(scenarioOf(district, levers), { seed, days: 40 });
        const b = run(scenarioOf(district, levers), { seed, days: 40 });
        expect(b.manifest.digest).toBe(a.manifest.digest);
        expect(b.summary).toEqual(a.summary);
      }),
      { numRuns: 15, seed: 1 },
    );
  });

  it('gives different digests for different seeds', () => {
    fc.assert(
      fc.property(arbDistrict, fc.integer({ min: 0, max: 2 ** 31 }), (district, seed) => {
        const a = run(scenarioOf(district), { seed, days: 40 });
        const b = run(scenarioOf(district), { seed: seed + 1, days: 40 });
        expect(b.manifest.digest).not.toBe(a.manifest.digest);
      }),
      { numRuns: 15, seed: 2 },
    );
  });

  it('stepping in pieces equals running straight through', () => {
    const s = getScenario('training')!;
    const whole = run(s, { seed: 3, days: 90 });
    const sim = createSimulation(s, { seed: 3, days: 90 });
    for (const n of [1, 6, 23, 30, 30]) stepDays(sim, n);
    expect(finish(sim).manifest.digest).toBe(whole.manifest.digest);
  });
});

describe('common random numbers', () => {
  // Each lever over its whole catalogue range (arbLeverValue), not a hand-copied one.
  const staffingAndAuthority = fc.record(Object.fromEntries([
    'staffing.gridWorkersPerGrid', 'staffing.departmentStaff', 'staffing.communityWorkers', 'staffing.callOperatorsPer100k',
    'authority.stalls', 'authority.garbage', 'whistle.street', 'enforcement.integrated',
    'money.budgetPerCapitaYuan', 'money.fundsFollowTasks', 'workforce.payYuan', 'smart.systemsIntegrated',
  ].map((id) => [id, arbLeverValue(id)])));

  it('the emerged-issue stream is identical when only staffing, funding or authority levers change', () => {
    fc.assert(
      fc.property(arbDistrict, staffingAndAuthority, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (district, levers, seed) => {
        const base = emergedFingerprint(district, {}, seed, 60);
        const reform = emergedFingerprint(district, levers, seed, 60);
        expect(reform).toEqual(base);
      }),
      { numRuns: 20, seed: 3 },
    );
  });

  it('1,000 or 2,000 grid workers in the full district see the same issues', () => {
    const q = getScenario('qinhuai-2021')!;
    const perGrid = (n: number) => ({ ...q.levers, 'staffing.gridWorkersPerGrid': n / 1026 });
    const a = createSimulation({ ...q, levers: perGrid(1000) }, { seed: 9, days: 20 });
    const b = createSimulation({ ...q, levers: perGrid(2000) }, { seed: 9, days: 20 });
    stepDays(a, 20);
    stepDays(b, 20);
    expect(a.workforce.nPosts).toBe(1000);
    expect(b.workforce.nPosts).toBe(2000);
    expect(b.emergence.streamHash).toBe(a.emergence.streamHash);
    expect(b.counters.emerged).toBe(a.counters.emerged);
    // …while what happens to them does differ.
    expect(finish(b).manifest.digest).not.toBe(finish(a).manifest.digest);
  });

  it('a policy that acts on emergence (red-property coverage) does change the stream', () => {
    const s = getScenario('training')!;
    const a = emergedFingerprint(s.district, { 'redProperty.coverage': 0 }, 5, 120);
    const b = emergedFingerprint(s.district, { 'redProperty.coverage': 1 }, 5, 120);
    expect(b.hash).not.toBe(a.hash);
    expect(b.emerged).toBeLessThan(a.emerged);
  });
});

describe('growth of preallocated storage', () => {
  it('a tiny case pool, event heap and series buffer grow without changing the result', () => {
    const s = getScenario('training')!;
    const normal = run(s, { seed: 8, days: 120 });
    const sim = createSimulation(s, { seed: 8, days: 1 });
    sim.cases = createCases(2);
    sim.heap.time = sim.heap.time.slice(0, 1);
    sim.heap.order = sim.heap.order.slice(0, 1);
    sim.heap.item = sim.heap.item.slice(0, 1);
    sim.heap.kind = sim.heap.kind.slice(0, 1);
    stepDays(sim, 120);
    expect(sim.cases.capacity).toBeGreaterThan(2);
    expect(sim.recorder.capacity).toBeGreaterThanOrEqual(120);
    expect(finish(sim).manifest.digest).toBe(normal.manifest.digest);
  });
});
