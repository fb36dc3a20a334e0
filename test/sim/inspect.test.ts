// Read-only views for maps and drill-downs agree with the engine's own counts.
import { describe, expect, it } from 'vitest';
import { createSimulation, finish, stepDays } from '../../sim/index.ts';
import { communityStats, flowsSoFar, gridQueue, gridStats } from '../../sim/inspect.ts';
import { getScenario } from '../../scenarios/index.ts';

describe('gridStats, communityStats, gridQueue, flowsSoFar', () => {
  const sim = createSimulation(getScenario('training')!, { seed: 2, days: 120 });
  stepDays(sim, 120);

  it('gridStats adds up to the district totals', () => {
    const g = gridStats(sim);
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
    const k = sim.counters;
    expect(sum(g.hidden)).toBe(k.hidden);
    expect(sum(g.open)).toBe(k.inCall + k.inTransit + k.waitingFunds + k.queuedByLevel.reduce((x, y) => x + y, 0));
    expect(sum(g.workers) + sum(g.vacant)).toBe(sim.workforce.nPosts);
    for (const t of g.trust) expect(t >= 0 && t <= 1).toBe(true);
  });

  it('communityStats counts the observed closures', () => {
    const c = communityStats(sim);
    expect(c.closed.length).toBe(sim.district.nCommunities);
    expect(c.closed.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    for (const s of c.satisfaction) expect(Number.isNaN(s) || (s >= 0 && s <= 1)).toBe(true);
  });

  it('gridQueue lists a grid\'s open cases oldest first, within the limit', () => {
    const open = gridStats(sim).open;
    const g = open.indexOf(Math.max(...open));
    const q = gridQueue(sim, g, 500);
    expect(q.length).toBe(open[g]);
    for (let i = 1; i < q.length; i++) expect(q[i - 1].ageDays).toBeGreaterThanOrEqual(q[i].ageDays);
    expect(gridQueue(sim, g, 2).length).toBe(Math.min(2, open[g]));
    expect(() => gridQueue(sim, -1)).toThrow(/grid must be an integer/);
  });

  it('flowsSoFar equals the flows of the finished result', () => {
    const r = finish(sim);
    expect(flowsSoFar(sim)).toEqual({ caseFlow: r.caseFlow, moneyFlow: r.moneyFlow, histogram: r.histogram });
  });
});
