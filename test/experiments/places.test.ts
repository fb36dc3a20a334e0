// Per-place outputs: streets are sums of their communities and add up exactly to the district's
// own figures over the same measurement window (resolved cases, unfunded case-days, spending with
// the district-level accounts), and on the last day (backlog, hidden issues, residents, mean trust).
import { describe, expect, it } from 'vitest';
import { exactQuantile } from '../../sim/recorder.ts';
import { run, withLevers } from '../../sim/index.ts';
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
  it('per-street figures sum exactly to the district totals over the measurement window', () => {
    // 120 days with a 30-day warm-up, so the window leaves days out; a budget tight enough that cases wait for money.
    const r = run(withLevers(twoStreets, { 'money.budgetPerCapitaYuan': 20 }), { seed: 4, days: 120 });
    expect(r.window.from).toBe(30);
    const p = r.places;
    expect(p.streets.map((s) => s.id)).toEqual(['a', 'b']);
    expect(p.communities).toHaveLength(5);
    const sum = (k: 'closed' | 'backlog' | 'hidden' | 'residents' | 'rated' | 'satisfied' | 'unfundedCaseDays' | 'spend') => p.streets.reduce((a, s) => a + s[k], 0);
    expect(sum('residents')).toBe(15000);
    // Resolved cases: the window's, exactly the cases of the result's histogram (duplicates excluded).
    const histTotal = r.histogram.all.reduce((a, b) => a + b, 0);
    expect(histTotal).toBeGreaterThan(0);
    expect(sum('closed')).toBe(histTotal);
    // Unfunded case-days: exactly the summary's (the window's), and some there are.
    expect(r.summary['money.unfundedCaseDays']).toBeGreaterThan(0);
    expect(sum('unfundedCaseDays')).toBe(r.summary['money.unfundedCaseDays']);
    // Spending: the streets' own accounts and their communities', plus the district-level accounts, is the total (yuan, sums of fen).
    expect(sum('spend')).toBeGreaterThan(0);
    expect(p.districtSpend).toBeGreaterThan(0);
    expect(sum('spend') + p.districtSpend).toBeCloseTo(r.summary['money.spendTotal'], 6);
    expect(sum('backlog')).toBe(r.summary['cases.open.end']);
    const hidden = r.series.values['cases.hidden'];
    expect(sum('hidden')).toBe(hidden[hidden.length - 1]);
    // Each street is the sum of its communities.
    for (const s of p.streets) {
      const cs = p.communities.filter((c) => c.street === s.id);
      for (const k of ['closed', 'backlog', 'hidden', 'residents', 'rated', 'satisfied', 'unfundedCaseDays'] as const) expect(cs.reduce((a, c) => a + c[k], 0)).toBe(s[k]);
      // A street's spend holds its communities' and its own accounts'.
      expect(s.spend).toBeGreaterThanOrEqual(cs.reduce((a, c) => a + c.spend, 0));
      expect(s.meanDays!).toBeCloseTo(s.daysSum / s.closed, 12);
      expect(s.costPerCase!).toBeCloseTo(s.spend / s.closed, 9);
    }
    // With one street the street's median is the district's time.median; with two it lies between the communities' medians.
    const one = run(getScenario('training')!, { seed: 4, days: 120 });
    expect(one.places.streets).toHaveLength(1);
    expect(one.places.streets[0].medianDays).toBe(one.summary['time.median']);
    expect(one.places.streets[0].closed).toBe(one.histogram.all.reduce((a, b) => a + b, 0));
    for (const s of p.streets) {
      const ms = p.communities.filter((c) => c.street === s.id && c.medianDays !== null).map((c) => c.medianDays!);
      expect(s.medianDays!).toBeGreaterThanOrEqual(Math.min(...ms));
      expect(s.medianDays!).toBeLessThanOrEqual(Math.max(...ms));
    }
    // The median is the exact one of the community's own times (a fixed small case checks exactQuantile's convention).
    expect(exactQuantile(Float64Array.from([3, 1, 2, 10]), 4, 0.5)).toBe(2.5);
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

  it('a run no longer than the warm-up counts its whole length, as the summary does', () => {
    const r = run(twoStreets, { seed: 5, days: 20 });
    expect(r.window.from).toBe(0);
    const p = r.places;
    expect(p.streets.reduce((a, s) => a + s.closed, 0)).toBe(r.histogram.all.reduce((a, b) => a + b, 0));
    expect(p.streets.reduce((a, s) => a + s.spend, 0) + p.districtSpend).toBeCloseTo(r.summary['money.spendTotal'], 6);
  });
});
