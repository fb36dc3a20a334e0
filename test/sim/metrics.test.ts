// Metric definitions (MODEL.md section 6) on small hand-built worlds: the recorder's hooks are
// driven directly with hand-made work orders, and every expected value is worked out by hand
// in the comments beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, type DistrictSpec } from '../../sim/index.ts';
import { buildResult } from '../../sim/result.ts';
import { cohortCounts, contactDeadline, dueDay, noteClosed, noteContact, registerOrder, resolutionDeadline, threeRates } from '../../sim/cohort.ts';
import { exactQuantile, recordDay, recordResolution, SERIES_INDEX } from '../../sim/recorder.ts';
import { measurementWindow, summarize } from '../../sim/summary.ts';
import { CATEGORIES, SUB_ITEMS, categoryIndex } from '../../sim/taxonomy.ts';
import type { World } from '../../sim/world.ts';
import { scenarioOf } from './helpers.ts';

const TINY: DistrictSpec = {
  name: { zh: '小区', en: 'Tiny' },
  householdSize: 2.45,
  streets: [{
    id: 's0', zh: '街道', en: 'Street', population: 60, grids: 1, communities: 1,
    housing: { oldCompound: 0, commodity: 1, resettlement: 0 }, elderlyShare: 0.1, touristGridShare: 0, commerce: 0,
  }],
};

/** An emergency sub-item: contact within 2 hours, resolution within twice 1 day, calendar time. */
const S = SUB_ITEMS.findIndex((s) => s.urgency === 'emergency');
const CAT = categoryIndex(SUB_ITEMS[S].category);

function tinyWorld(days: number, warmupDays: number): World {
  return createSimulation(scenarioOf(TINY, { 'observe.warmupDays': warmupDays }), { seed: 1, days });
}

/** A hotline order closed on the day in hand: what closure.ts does for the rates. */
function closeOrder(w: World, dsc: number, solved: boolean, satisfied: boolean, closedAt: number): void {
  const today = w.recorder.today;
  today.hotlineClosed++;
  if (satisfied) today.hotlineSatisfied++;
  noteClosed(w, S, dsc, solved);
  recordResolution(w, CAT, false, 0, closedAt - dsc, satisfied);
}

describe('deadlines', () => {
  it('an emergency order is due for contact 2 hours and for resolution 2 days after it is reported', () => {
    const w = tinyWorld(5, 0);
    expect(contactDeadline(w, S, 10.1)).toBeCloseTo(10.1 + 2 / 24, 12);
    expect(resolutionDeadline(w, S, 10.1)).toBeCloseTo(12.1, 12);
    // an instant falls on the day it is in; midnight (integer) ends the day before
    expect(dueDay(12.1)).toBe(12);
    expect(dueDay(13)).toBe(12);
    expect(dueDay(0)).toBe(0);
  });
});

describe('the three rates on the cohort of orders due', () => {
  it('count open and late orders against the rates (worked by hand)', () => {
    const w = tinyWorld(30, 0);
    // A: reported 10.1 → contact due day 10, resolution due 12.1 (day 12); contacted 10.15, resolved in time
    registerOrder(w, S, 10.1);
    noteContact(w, S, 10.1, -1, 10.15);
    noteClosed(w, S, 10.1, true);
    // B: reported 10.5 → contact due day 10 (10.58), resolution due day 12; contacted late (10.9), closed unresolved
    registerOrder(w, S, 10.5);
    noteContact(w, S, 10.5, -1, 10.9);
    noteClosed(w, S, 10.5, false);
    // C: reported 11.0 → contact due day 11, resolution due 13.0 = midnight ending day 12; contacted, never closed
    registerOrder(w, S, 11.0);
    noteContact(w, S, 11.0, -1, 11.05);
    // D: reported 20.2 → everything due after the window
    registerOrder(w, S, 20.2);
    const k = cohortCounts(w.recorder.cohort, 10, 15);
    expect(k).toEqual({ contactDue: 3, contacted: 2, resolveDue: 3, resolved: 1, overdueOpen: 1 });
    // two ratings in the window, one satisfied; C is open and overdue
    const r = threeRates(k, 2, 1);
    expect(r.response).toBeCloseTo(2 / 3, 12);
    expect(r.resolution).toBeCloseTo(1 / 3, 12);
    expect(r.satisfaction).toBeCloseTo(1 / 3, 12); // 1 / (2 ratings + 1 overdue open)
    // a window with nothing due has no rates (NaN), not zero
    const empty = threeRates(cohortCounts(w.recorder.cohort, 0, 10), 0, 0);
    expect(empty.response).toBeNaN();
    expect(empty.resolution).toBeNaN();
    expect(empty.satisfaction).toBeNaN();
  });

  it('a contact moved earlier counts once, and only when it lands by the deadline', () => {
    const w = tinyWorld(30, 0);
    registerOrder(w, S, 5.0); // contact due 5.083 (day 5)
    noteContact(w, S, 5.0, -1, 5.5); // planned late: no count
    expect(cohortCounts(w.recorder.cohort, 5, 6).contacted).toBe(0);
    noteContact(w, S, 5.0, 5.5, 5.05); // moved into time: counts
    noteContact(w, S, 5.0, 5.05, 5.02); // moved earlier again: already counted
    expect(cohortCounts(w.recorder.cohort, 5, 6)).toMatchObject({ contactDue: 1, contacted: 1 });
  });

  it('a backlog never scores better: holding orders open lowers all three rates (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ dsc: fc.double({ min: 0, max: 20, noNaN: true }), ok: fc.boolean(), sat: fc.boolean() }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 40 }),
      (orders, held) => {
        // world A closes every order; world B leaves the first `held` open
        const a = tinyWorld(40, 0), b = tinyWorld(40, 0);
        let ratingsA = 0, satA = 0, ratingsB = 0, satB = 0;
        orders.forEach((o, i) => {
          for (const w of [a, b]) { registerOrder(w, S, o.dsc); noteContact(w, S, o.dsc, -1, o.dsc); }
          noteClosed(a, S, o.dsc, o.ok); ratingsA++; if (o.sat) satA++;
          if (i >= held) { noteClosed(b, S, o.dsc, o.ok); ratingsB++; if (o.sat) satB++; }
        });
        const ra = threeRates(cohortCounts(a.recorder.cohort, 0, 40), ratingsA, satA);
        const rb = threeRates(cohortCounts(b.recorder.cohort, 0, 40), ratingsB, satB);
        expect(rb.resolution).toBeLessThanOrEqual(ra.resolution);
        if (rb.satisfaction === rb.satisfaction) expect(rb.satisfaction).toBeLessThanOrEqual(ra.satisfaction + 1e-12);
        // world C leaves every order open: both rates are 0, with no floor
        const c = tinyWorld(40, 0);
        for (const o of orders) registerOrder(c, S, o.dsc);
        const none = threeRates(cohortCounts(c.recorder.cohort, 0, 40), 0, 0);
        expect(none.resolution).toBe(0);
        expect(none.satisfaction).toBe(0);
      },
    ), { numRuns: 40 });
  });
});

describe('exact quantiles', () => {
  it('median and p90 between order statistics (type 7), with no cap', () => {
    const q = (xs: number[], p: number) => exactQuantile(Float64Array.from(xs), xs.length, p);
    expect(q([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(q([5, 1, 4, 2, 3], 0.9)).toBeCloseTo(4.6, 12); // h = 3.6: 4 + 0.6·(5 − 4)
    expect(q([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(q([1, 200, 300], 0.9)).toBeCloseTo(280, 12); // h = 1.8: 200 + 0.8·100, past the histogram's 100 days
    expect(q([7], 0.9)).toBe(7);
    expect(q([], 0.5)).toBeNaN();
  });

  it('agrees with sorting (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
      const s = xs.slice().sort((a, b) => a - b);
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      const want = lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
      expect(exactQuantile(Float64Array.from(xs), xs.length, p)).toBeCloseTo(want, 9);
    }));
  });
});

describe('a five-day hand-built run through the recorder and the summary', () => {
  // warm-up 2 days: the window is days 2, 3, 4
  function build(): World {
    const w = tinyWorld(5, 2);
    const day = (t: number, f: () => void) => { w.day = t; f(); recordDay(w, t); };
    day(0, () => {
      registerOrder(w, S, 0.2); // A: contact due day 0, resolution due 2.2 (day 2)
      noteContact(w, S, 0.2, -1, 0.25); // in time
    });
    day(1, () => {
      registerOrder(w, S, 1.5); // B: contact due day 1, resolution due day 3; never contacted in time
      recordResolution(w, CAT, false, 0, 7, true); // a grid case closed in the warm-up: not measured
    });
    day(2, () => {
      closeOrder(w, 0.2, true, true, 2.2); // A resolved in time and satisfied: 2.0 days
      registerOrder(w, S, 2.5); // D: contact due day 2, resolution due day 4; never contacted, never closed
    });
    day(3, () => {
      registerOrder(w, S, 3.1); // C: contact due day 3 (in time below), resolution due 5.1 (day 5, after the run)
      noteContact(w, S, 3.1, -1, 3.12);
      noteContact(w, S, 1.5, -1, 3.3); // B contacted two days late: no count
    });
    day(4, () => {
      recordResolution(w, CAT, false, 0, 150, false); // a case that took 150 days
    });
    return w;
  }

  it('summary rates: open orders count against them', () => {
    const w = build();
    const s = summarize(w);
    // contact due in days 2–4: D (missed), C (in time) → 1/2
    expect(s['rate.response']).toBeCloseTo(1 / 2, 12);
    // resolution due in days 2–4: A (resolved), B (open), D (open) → 1/3
    expect(s['rate.resolution']).toBeCloseTo(1 / 3, 12);
    // one satisfied rating (A) over 1 rating + 2 overdue open (B, D) → 1/3
    expect(s['rate.satisfaction']).toBeCloseTo(1 / 3, 12);
    // resolution times in the window: 2 and 150 (the warm-up's 7 is left out)
    expect(s['time.median']).toBeCloseTo(76, 12);
    expect(s['time.p90']).toBeCloseTo(2 + 0.9 * 148, 12);
    expect(s[`time.median.${CATEGORIES[CAT].id}`]).toBeCloseTo(76, 12);
  });

  it('daily series: the same rates over the trailing window, as known that day', () => {
    const w = build();
    const v = (name: string, t: number) => w.recorder.values[SERIES_INDEX[name]][t];
    // day 1: contact due A (in time), B (missed) → 1/2; nothing due for resolution yet → NaN
    expect(v('rate.response', 1)).toBeCloseTo(1 / 2, 12);
    expect(v('rate.resolution', 1)).toBeNaN();
    expect(v('rate.satisfaction', 1)).toBeNaN();
    // day 4 (window days 0–4): contact due A, B, D, C → 2/4; resolution due A, B, D → 1/3; sat 1/(1 + 2)
    expect(v('rate.response', 4)).toBeCloseTo(2 / 4, 12);
    expect(v('rate.resolution', 4)).toBeCloseTo(1 / 3, 12);
    expect(v('rate.satisfaction', 4)).toBeCloseTo(1 / 3, 12);
    // trailing-window p90 on day 4 over 7, 2, 150: h = 1.8 → 7 + 0.8·143 (past the histogram: exact, no cap)
    expect(v('time.p90', 4)).toBeCloseTo(7 + 0.8 * 143, 9);
  });

  it('the result states its window and has an open-ended last histogram bin', () => {
    const w = build();
    const r = buildResult(w);
    expect(r.window).toMatchObject({ from: 2, to: 5, warmupDays: 2 });
    expect(r.window.note).toContain('warm-up of 2 days');
    expect(r.histogram.openFromDays).toBe(100);
    const all = r.histogram.all;
    expect(all.length).toBe(401);
    expect(all[8]).toBe(1); // 2 days / 0.25
    expect(all[400]).toBe(1); // 150 days: the open-ended bin
    expect(all.reduce((a, b) => a + b, 0)).toBe(2);
    // by category: both cases are of category CAT; every other category's row is empty
    for (const c of CATEGORIES) {
      const row = r.histogram.byCategory[c.id];
      expect(row.length).toBe(401);
      expect(row).toEqual(c.id === CATEGORIES[CAT].id ? all : new Array(401).fill(0));
    }
  });

  it('a run not longer than its warm-up says so, and measures the whole run', () => {
    const w = tinyWorld(3, 30);
    for (let t = 0; t < 3; t++) { w.day = t; recordDay(w, t); }
    const win = measurementWindow(w);
    expect(win).toMatchObject({ from: 0, to: 3, warmupDays: 30 });
    expect(win.note).toMatch(/not longer than the warm-up/);
  });
});
