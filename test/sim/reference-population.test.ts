// district.referencePopulation is read everywhere department staff are sized: department case
// staff scale with population / reference (default Qinhuai's 740,000) in the daily plan, the
// monthly staffing review and the payroll (sim/district.ts departmentScale). The checks are on
// behaviour: headcount and pay scale with 1 / reference, and doubling both the reference and the
// department-staff lever leaves every output unchanged (which fails if any one use kept 740,000).
import { describe, expect, it } from 'vitest';
import { createSimulation, run, stepDays, type Scenario } from '../../sim/index.ts';
import { REFERENCE_POPULATION } from '../../sim/scenario.ts';
import { departmentStaffCost, staffPlan } from '../../sim/payroll.ts';
import { departmentOfficers } from '../../sim/enforcement.ts';
import { MONTH_START } from '../../sim/calendar.ts';
import { KIND_DEPARTMENT, type World } from '../../sim/world.ts';
import { getScenario } from '../../scenarios/index.ts';

const base = getScenario('training')!;
const withRef = (ref: number | undefined, deptStaff = 40): Scenario => ({
  ...base,
  district: { ...base.district, referencePopulation: ref },
  levers: { ...base.levers, 'staffing.departmentStaff': deptStaff },
});
const DAYS = 70;

/** Department case staff (heads) in the daily plan, without the enforcement officers the departments hold. */
function departmentCaseStaff(w: World): number {
  const u = w.units;
  let heads = 0;
  for (let k = u.firstDepartment; k < u.n; k++) {
    if (u.kind[k] !== KIND_DEPARTMENT) continue;
    heads += u.staff[k] - departmentOfficers(w.params, w.district.nStreets, u.owner[k]);
  }
  return heads;
}

/** Step to the first day after a month start (a staffing review has run) and return the world. */
function pastReview(s: Scenario): World {
  const w = createSimulation(s, { seed: 1, days: DAYS });
  stepDays(w, 1);
  while (!(w.calendar[w.day - 1] & MONTH_START) || w.day === 1) stepDays(w, 1);
  return w;
}

describe('district.referencePopulation', () => {
  it('stating the default gives the same outputs (digest) as leaving it out', () => {
    expect(run(withRef(REFERENCE_POPULATION), { seed: 1, days: 40 }).manifest.digest).toBe(run(withRef(undefined), { seed: 1, days: 40 }).manifest.digest);
  });

  it('payroll: planned department heads and their pay scale with population / reference', () => {
    const w = createSimulation(withRef(100000), { seed: 1, days: 10 });
    const half = createSimulation(withRef(50000), { seed: 1, days: 10 });
    const plan = staffPlan(w.district, w.params);
    expect(plan.department).toBeCloseTo(40 * 16 * w.district.population / 100000, 9);
    expect(staffPlan(half.district, half.params).department).toBeCloseTo(2 * plan.department, 9);
    expect(departmentStaffCost(staffPlan(half.district, half.params))).toBeGreaterThan(departmentStaffCost(plan));
  });

  it('daily plan after a monthly review: department case staff equal the lever × 16 × population / reference', () => {
    for (const ref of [50000, 100000, REFERENCE_POPULATION]) {
      const w = pastReview(withRef(ref));
      expect(departmentCaseStaff(w)).toBeCloseTo(40 * 16 * w.district.population / ref, 6);
    }
  });

  it('the monthly review spreads staff by the reference: doubling reference and lever leaves the shares and every output unchanged', () => {
    const a = pastReview(withRef(100000, 40));
    const b = pastReview(withRef(200000, 80));
    expect(Array.from(b.units.staffShare)).toEqual(Array.from(a.units.staffShare));
    // The review moved the shares off their starting values (so the comparison above means something).
    const fresh = createSimulation(withRef(100000, 40), { seed: 1, days: DAYS });
    stepDays(fresh, 1);
    expect(Array.from(a.units.staffShare)).not.toEqual(Array.from(fresh.units.staffShare));
    // Payroll too: the department accounts spend the same, so the whole result is identical.
    expect(run(withRef(200000, 80), { seed: 1, days: DAYS }).manifest.digest).toBe(run(withRef(100000, 40), { seed: 1, days: DAYS }).manifest.digest);
  });

  it('a smaller reference gives the departments more staff and changes the outputs', () => {
    const a = pastReview(withRef(undefined));
    const b = pastReview(withRef(2000));
    expect(departmentCaseStaff(b)).toBeGreaterThan(departmentCaseStaff(a));
    expect(run(withRef(2000), { seed: 1, days: 40 }).manifest.digest).not.toBe(run(withRef(undefined), { seed: 1, days: 40 }).manifest.digest);
  });
});
