// Warm-start forks: a snapshot continued with no lever change equals the straight run; a
// branch with changed levers keeps the trunk's issues (common random numbers), rebuilds what
// depends on the levers, and keeps every invariant.
import { describe, expect, it } from 'vitest';
import { createSimulation, finish, restore, run, snapshot, stepDays, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { checkInvariants } from './helpers.ts';

const base = getScenario('training')!;

describe('snapshot(world) and restore(snapshot, scenario?)', () => {
  it('continuing a snapshot equals running straight through', () => {
    const straight = run(base, { seed: 4, days: 200 });
    const sim = createSimulation(base, { seed: 4, days: 200 });
    stepDays(sim, 90);
    const snap = snapshot(sim);
    const a = restore(snap);
    const b = restore(snap, base);
    stepDays(a, 110);
    stepDays(b, 110);
    expect(finish(a).manifest.digest).toBe(straight.manifest.digest);
    expect(finish(b).manifest.digest).toBe(straight.manifest.digest);
  });

  it('a reform branch keeps the trunk\'s issues, changes the outcome and keeps the invariants', () => {
    const sim = createSimulation(base, { seed: 5, days: 240 });
    stepDays(sim, 120);
    const snap = snapshot(sim);
    const trunk = restore(snap);
    const reform = withLevers(base, {
      'staffing.gridWorkersPerGrid': 2.5, 'redProperty.coverage': 0.6, 'money.disbursementLagMonths': 0,
      'smart.oneApp': false, 'authority.drains': 'street', 'money.fundsFollowTasks': true,
    });
    const branch = restore(snap, reform);
    expect(branch.workforce.nPosts).toBe(Math.round(2.5 * branch.district.nGrids));
    for (let d = 0; d < 120; d++) {
      stepDays(trunk, 1);
      stepDays(branch, 1);
      const bad = checkInvariants(branch);
      if (bad.length) throw new Error(`day ${branch.day}: ${bad.slice(0, 3).join('; ')}`);
    }
    expect(finish(branch).manifest.digest).not.toBe(finish(trunk).manifest.digest);
    expect(finish(branch).manifest.scenarioHash).not.toBe(finish(trunk).manifest.scenarioHash);
  });

  it('the issues stay the same when only staffing changes in the branch', () => {
    const sim = createSimulation(base, { seed: 6, days: 200 });
    stepDays(sim, 60);
    const snap = snapshot(sim);
    const trunk = restore(snap);
    const branch = restore(snap, withLevers(base, { 'staffing.gridWorkersPerGrid': 0.5, 'staffing.departmentStaff': 200 }));
    stepDays(trunk, 140);
    stepDays(branch, 140);
    expect(branch.emergence.streamHash).toBe(trunk.emergence.streamHash);
  });

  it('levers built into the world at its start (volunteers, trust half-life) take effect at a fork', () => {
    const sim = createSimulation(base, { seed: 7, days: 200 });
    stepDays(sim, 60);
    const snap = snapshot(sim);
    const trunk = restore(snap);
    const branch = restore(snap, withLevers(base, { 'cogov.volunteerRate': 0.1, 'model.trustHalfLifeDays': 20 }));
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(branch.volunteers)).toBeGreaterThan(sum(trunk.volunteers));
    expect(branch.trustDecayPerDay).toBeLessThan(trunk.trustDecayPerDay);
    stepDays(trunk, 100);
    stepDays(branch, 100);
    expect(checkInvariants(branch)).toEqual([]);
    expect(finish(branch).manifest.digest).not.toBe(finish(trunk).manifest.digest);
  });

  it('a branch that withdraws enforcement or red property hands queued cases back to the street', () => {
    const sim = createSimulation(getScenario('qinhuai-2021')!, { seed: 3, days: 60 });
    stepDays(sim, 40);
    const u = sim.units;
    const atTeams = () => { let n = 0; for (let k = u.firstEnforcement; k < u.firstDepartment; k++) n += branch.units.queued[k]; return n; };
    const branch = restore(snapshot(sim), withLevers(getScenario('qinhuai-2021')!, { 'enforcement.integrated': false, 'redProperty.coverage': 0 }));
    expect(atTeams()).toBe(0);
    expect(checkInvariants(branch)).toEqual([]);
    stepDays(branch, 20);
    expect(atTeams()).toBe(0);
    expect(checkInvariants(branch)).toEqual([]);
  });

  it('refuses a branch with another district or start date', () => {
    const sim = createSimulation(base, { seed: 1, days: 30 });
    stepDays(sim, 10);
    const snap = snapshot(sim);
    const other = { ...base, district: { ...base.district, householdSize: 3 } };
    expect(() => restore(snap, other)).toThrow(/district/);
    expect(() => restore(snap, withLevers(base, { 'calendar.startDate': '2020-01-01' }))).toThrow(/start date/);
  });
});
