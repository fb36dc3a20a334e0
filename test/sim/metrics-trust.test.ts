// Trust and co-governance respond to non-response and overdue orders (parameters.md "Trust",
// MODEL.md §10.2): hand-built cases with the expected trust worked out by hand, the volunteer
// count checked against an independent recount, and a backlog that moves trust visibly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, run, type DistrictSpec } from '../../sim/index.ts';
import { currentTrust, meanTrust, reportingShare, touchTrust, weeklyTrust } from '../../sim/residents.ts';
import { SUB_ITEMS } from '../../sim/taxonomy.ts';
import { getScenario } from '../../scenarios/index.ts';
import {
  CHANNEL_DIRECT, CHANNEL_HOTLINE, CHANNEL_PATROL, STAGE_QUEUED, allocCase, type World,
} from '../../sim/world.ts';
import { scenarioOf } from './helpers.ts';

const TINY: DistrictSpec = {
  name: { zh: '小区', en: 'Tiny' },
  householdSize: 2.45,
  streets: [{
    id: 's0', zh: '街道', en: 'Street', population: 300, grids: 3, communities: 1,
    housing: { oldCompound: 0.3, commodity: 0.6, resettlement: 0.1 }, elderlyShare: 0.2, touristGridShare: 0, commerce: 0.2,
  }],
};
/** An emergency sub-item: contact due 2 hours and resolution due 2 days after the report. */
const S = SUB_ITEMS.findIndex((s) => s.urgency === 'emergency');

function tiny(levers = {}): World {
  return createSimulation(scenarioOf(TINY, levers), { seed: 3, days: 30 });
}

/** An open case in a unit's queue (stage only: weeklyTrust reads stage, channel, times). */
function openCase(w: World, resident: number, channel: number, discovered: number, accepted: number): number {
  const c = w.cases;
  const id = allocCase(c);
  c.sub[id] = S;
  c.resident[id] = resident;
  c.grid[id] = w.district.residentGrid[resident];
  c.channel[id] = channel;
  c.stage[id] = STAGE_QUEUED;
  c.discovered[id] = discovered;
  c.emerged[id] = discovered;
  c.accepted[id] = accepted;
  return id;
}

function recountVolunteers(w: World): number[] {
  const d = w.district;
  const out = new Array<number>(d.nGrids).fill(0);
  for (let i = 0; i < d.nResidents; i++) {
    if (currentTrust(w, i, w.day) > w.params.trustStart && d.residentVolunteerKey[i] < w.params.volunteerRate * 2) out[d.residentGrid[i]]++;
  }
  return out;
}

describe('weekly trust: overdue and unanswered orders count like an unsatisfied rating', () => {
  it('moves exactly the reporters of overdue or unanswered orders, 0.1 of the way to 0 (worked by hand)', () => {
    const w = tiny();
    const t = 10; // end of day 10: deadlines at or before 11.0 have passed
    const before = (i: number) => currentTrust(w, i, t);
    // resident 0: hotline order reported 0.2, contacted, resolution due 2.2 → overdue
    openCase(w, 0, CHANNEL_HOTLINE, 0.2, 0.25);
    // resident 1: told directly at 5.0, due 7.0 → overdue
    openCase(w, 1, CHANNEL_DIRECT, 5.0, 5.1);
    // resident 2: hotline order reported 10.5, due 12.5 (not yet), contact due 10.58, nobody called → unanswered
    openCase(w, 2, CHANNEL_HOTLINE, 10.5, -1);
    // resident 3: hotline order reported 10.5, contact planned for 10.55 (in time), not due → untouched
    openCase(w, 3, CHANNEL_HOTLINE, 10.5, 10.55);
    // resident 4: found by patrol, long overdue: the resident reported nothing → untouched
    openCase(w, 4, CHANNEL_PATROL, 0.5, 0.6);
    const b = [0, 1, 2, 3, 4].map(before);
    weeklyTrust(w, t);
    expect(currentTrust(w, 0, t)).toBeCloseTo(b[0] * 0.9, 12);
    expect(currentTrust(w, 1, t)).toBeCloseTo(b[1] * 0.9, 12);
    expect(currentTrust(w, 2, t)).toBeCloseTo(b[2] * 0.9, 12);
    expect(currentTrust(w, 3, t)).toBe(b[3]);
    expect(currentTrust(w, 4, t)).toBe(b[4]);
    // a second week still overdue: another step
    weeklyTrust(w, t);
    expect(currentTrust(w, 0, t)).toBeCloseTo(b[0] * 0.81, 12);
  });

  it('social organisations follow mean trust: activity = mean trust / baseline after the weekly update', () => {
    const w = tiny();
    for (let i = 0; i < w.district.nResidents; i += 2) openCase(w, i, CHANNEL_HOTLINE, 0, 0.01);
    weeklyTrust(w, 20);
    expect(w.cogovActivity).toBeCloseTo(meanTrust(w, 20, -1) / w.params.trustStart, 12);
    expect(w.cogovActivity).toBeLessThan(0.97);
  });
});

describe('volunteers and reporting follow trust', () => {
  it('the volunteer count per grid always equals a recount from current trust (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ i: fc.nat(), day: fc.integer({ min: 0, max: 200 }), target: fc.constantFrom(0, 1), step: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 60 }),
      (touches) => {
        const w = tiny({ 'cogov.volunteerRate': 0.1 });
        expect(Array.from(w.volunteers)).toEqual(recountVolunteers(w));
        let day = 0;
        for (const x of touches) {
          day = Math.max(day, x.day);
          w.day = day;
          touchTrust(w, x.i % w.district.nResidents, day, x.target, x.step, 0);
        }
        expect(Array.from(w.volunteers)).toEqual(recountVolunteers(w));
      },
    ), { numRuns: 30 });
  });

  it('residents report everything down to half the baseline trust, then in proportion', () => {
    expect(reportingShare(0.6, 0.6)).toBe(1);
    expect(reportingShare(0.3, 0.6)).toBe(1);
    expect(reportingShare(0.15, 0.6)).toBeCloseTo(0.5, 12);
    expect(reportingShare(0, 0.6)).toBe(0);
  });
});

describe('a backlog moves trust visibly (qinhuai-2021, one street, 200 days)', () => {
  it('street staff = 1 lowers mean trust by more than 0.01 and satisfaction has no floor', () => {
    const p = getScenario('qinhuai-2021')!;
    const one = { ...p, district: { ...p.district, streets: [p.district.streets[0]] } };
    const base = run(one, { seed: 2, days: 200 }).summary;
    const starved = run({ ...one, levers: { ...one.levers, 'staffing.streetStaff': 1, 'staffing.departmentStaff': 1, 'staffing.communityWorkers': 1 } }, { seed: 2, days: 200 }).summary;
    expect(base['trust.mean'] - starved['trust.mean']).toBeGreaterThan(0.01);
    // next to no handling capacity: satisfaction falls with resolution, far below the old 0.56 floor
    expect(starved['rate.satisfaction']).toBeLessThan(0.4);
  });
});
