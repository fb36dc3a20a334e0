// Per-place outputs: streets are sums of their communities and add up to the district's own
// figures (closed cases, backlog and hidden issues on the last day, residents, mean trust).
import { describe, expect, it } from 'vitest';
import { run } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';

const twoStreets = {
  ...getScenario('training')!,
  id: 'two-streets',
  district: {
    ...getScenario('training')!.district,
    streets: [
      { ...getScenario('training')!.district.streets[0], id: 'a', population: 9000, grids: 12, communities: 3 },
      { ...getScenario('training')!.district.streets[0], id: 'b', population: 6000, grids: 8, communities: 2 },
    ],
  },
};

describe('places', () => {
  it('per-street figures sum to the district totals', () => {
    const r = run(twoStreets, { seed: 4, days: 60 });
    const p = r.places;
    expect(p.streets.map((s) => s.id)).toEqual(['a', 'b']);
    expect(p.communities).toHaveLength(5);
    const sum = (k: 'closed' | 'backlog' | 'hidden' | 'residents' | 'rated' | 'satisfied') => p.streets.reduce((a, s) => a + s[k], 0);
    expect(sum('residents')).toBe(15000);
    expect(sum('closed')).toBeGreaterThan(0);
    // Closed = resolutions over the whole run (duplicates excluded); model v2's histogram covers only the
    // measurement window, so it holds at most as many. (Known gap: per-place counts not yet windowed.)
    expect(sum('closed')).toBeGreaterThanOrEqual(r.histogram.all.reduce((a, b) => a + b, 0));
    expect(sum('backlog')).toBe(r.summary['cases.open.end']);
    const hidden = r.series.values['cases.hidden'];
    expect(sum('hidden')).toBe(hidden[hidden.length - 1]);
    // Each street is the sum of its communities.
    for (const s of p.streets) {
      const cs = p.communities.filter((c) => c.street === s.id);
      for (const k of ['closed', 'backlog', 'hidden', 'residents', 'rated', 'satisfied'] as const) expect(cs.reduce((a, c) => a + c[k], 0)).toBe(s[k]);
      expect(s.meanDays!).toBeCloseTo(s.daysSum / s.closed, 12);
    }
    // District mean trust = resident-weighted mean of the streets' (the trust.mean series' last day).
    const trust = p.streets.reduce((a, s) => a + s.trust! * s.residents, 0) / 15000;
    const tSeries = r.series.values['trust.mean'];
    expect(trust).toBeCloseTo(tSeries[tSeries.length - 1], 6);
    // Reporting view: counts are whole cases in the system on the last day.
    const inSystem = p.reporting.flat().reduce((a, b) => a + b, 0);
    expect(inSystem).toBe(sum('backlog') + sum('hidden'));
    // Survives JSON unchanged (no NaN).
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});
