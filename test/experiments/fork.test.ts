// Warm-start forks: a branch continued from a snapshot with no lever change equals the same
// scenario run straight through; a branch with a change differs only after the rollout day.
import { describe, expect, it } from 'vitest';
import { run, withLevers } from '../../sim/index.ts';
import { executeJob } from '../../sim/experiments/index.ts';
import { getScenario } from '../../scenarios/index.ts';

const base = getScenario('training')!;

describe('executeJob with a fork', () => {
  it('continues an unchanged branch to the same digest as a straight run', () => {
    const straight = run(base, { seed: 9, days: 60 });
    const [trunk, branch] = executeJob({ scenario: base, seed: 9, days: 60, fork: { day: 25, branches: [base] } });
    expect(trunk.manifest.digest).toBe(straight.manifest.digest);
    expect(branch.manifest.digest).toBe(straight.manifest.digest);
    expect(branch.fork).toEqual({ day: 25, trunkScenarioHash: straight.manifest.scenarioHash });
  });

  it('keeps the shared history of a reform branch up to the rollout day', () => {
    const reform = withLevers(base, { 'staffing.streetStaff': 3, 'grid.discretion': 0.1 });
    const [trunk, branch] = executeJob({ scenario: base, seed: 9, days: 60, series: ['cases.emerged', 'cases.closed'], fork: { day: 25, branches: [reform] } });
    expect(branch.series.names).toEqual(['cases.emerged', 'cases.closed']);
    const a = trunk.series.values['cases.closed'];
    const b = branch.series.values['cases.closed'];
    expect(Array.from(b.subarray(0, 25))).toEqual(Array.from(a.subarray(0, 25)));
    expect(branch.manifest.digest).not.toBe(trunk.manifest.digest);
  });

  it('refuses a branch on another district and a fork day outside the run', () => {
    const other = getScenario('qinhuai-2019')!;
    expect(() => executeJob({ scenario: base, seed: 1, days: 10, fork: { day: 5, branches: [other] } })).toThrow(/different district/);
    expect(() => executeJob({ scenario: base, seed: 1, days: 10, fork: { day: 10, branches: [base] } })).toThrow(/fork day/);
  });
});
