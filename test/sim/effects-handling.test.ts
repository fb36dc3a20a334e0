// Directional effects of the handling-side mechanisms (MODEL.md §10.2), each under common random
// numbers over five seeds: the same seed gives both arms the same emerged issues, so the
// difference is the policy's. Runs use a two-street sample of Qinhuai (every sixth street, about
// 110,000 residents; departments and the call centre scale with population) for 240 days, so
// each test takes seconds. Mechanisms: grid workers, the whistle (报到: joint handling at the
// site), the enforcement merger in 2019 (staff and powers move together), assessment pressure.
import { describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 600_000 });
import { applyPatches, run, withLevers, type LeverValues, type Scenario } from '../../sim/index.ts';
import { getPatch, getScenario } from '../../scenarios/index.ts';

const SEEDS = [1, 2, 3, 4, 5];
const DAYS = 240;

function sample(preset: 'qinhuai-2019' | 'qinhuai-2021'): Scenario {
  const s = getScenario(preset)!;
  return { ...s, district: { ...s.district, streets: [0, 6].map((i) => s.district.streets[i]) } };
}
const pre = sample('qinhuai-2019');
const post = sample('qinhuai-2021');
const summary = (s: Scenario, seed: number) => run(s, { seed, days: DAYS }).summary;
const set = (s: Scenario, levers: LeverValues) => withLevers(s, levers);

/** Paired differences (b − a) of a metric over the seeds. */
function paired(a: Scenario, b: Scenario, metric: string): number[] {
  return SEEDS.map((seed) => summary(b, seed)[metric] - summary(a, seed)[metric]);
}

describe('handling mechanisms move outcomes the way the source says (5 seeds, common random numbers)', () => {
  for (const [name, base] of [['qinhuai-2019', pre], ['qinhuai-2021', post]] as const) {
    it(`${name}: fewer grid workers lengthen the median time and leave more issues unreported`, () => {
      // Grid workers are paid from the grassroots budget (sim/money.ts), so the comparison keeps
      // the budget and cuts posts: 0.6 workers per grid against the preset's 1.089. (Resolution
      // is not asserted: the payroll saved pays for repairs, which offsets the lost hours.)
      const few = set(base, { 'staffing.gridWorkersPerGrid': 0.6 });
      const dTime = paired(base, few, 'time.median');
      const dDark = paired(base, few, 'discovery.never');
      for (const d of dTime) expect(d, `median ${dTime.join(', ')}`).toBeGreaterThan(0);
      for (const d of dDark) expect(d, `never reported ${dDark.join(', ')}`).toBeGreaterThan(0);
    });
  }

  it('qinhuai-2019 + the street whistle: resolution rises, bounces and multi-department times fall', () => {
    // 报到 shortens multi-department cases even where the street is short of hours: the street
    // whistles while it has coordination hours left today and refers the rest on as ordinary
    // referrals (it does not hold them), and the lead department works only the longest part.
    const whistle = set(pre, { 'whistle.street': true });
    const dRes = paired(pre, whistle, 'rate.resolution');
    const dBounce = paired(pre, whistle, 'cases.bouncesPer100');
    const dMulti = paired(pre, whistle, 'time.median.multiDepartment');
    for (const d of dRes) expect(d, `resolution ${dRes.join(', ')}`).toBeGreaterThan(0);
    for (const d of dBounce) expect(d, `bounces ${dBounce.join(', ')}`).toBeLessThan(0);
    for (const d of dMulti) expect(d, `multi-department median ${dMulti.join(', ')}`).toBeLessThan(0);
  });

  it('qinhuai-2021 without the street whistle: bounces and multi-department times rise, resolution does not rise', () => {
    const off = set(post, { 'whistle.street': false });
    const dRes = paired(post, off, 'rate.resolution');
    const dBounce = paired(post, off, 'cases.bouncesPer100');
    const dMulti = paired(post, off, 'time.median.multiDepartment');
    for (const d of dRes) expect(d, `resolution ${dRes.join(', ')}`).toBeLessThanOrEqual(0);
    for (const d of dBounce) expect(d, `bounces ${dBounce.join(', ')}`).toBeGreaterThan(0);
    for (const d of dMulti) expect(d, `multi-department median ${dMulti.join(', ')}`).toBeGreaterThan(0);
  });

  it('qinhuai-2019 + the enforcement merger (staff and powers move, authority levers untouched) improves resolution and cuts bounces', () => {
    const merged = applyPatches(pre, [getPatch('reform-enforcement')!]);
    const dRes = paired(pre, merged, 'rate.resolution');
    const dBounce = paired(pre, merged, 'cases.bouncesPer100');
    for (const d of dRes) expect(d, `resolution ${dRes.join(', ')}`).toBeGreaterThan(0);
    for (const d of dBounce) expect(d, `bounces ${dBounce.join(', ')}`).toBeLessThan(0);
  });

  it('assessment pressure: without the priority lever, a stiff penalty pulls scores down and whistles get answered on time more often', () => {
    const lax = set(post, { 'whistle.departmentPriority': false, 'whistle.assessmentPenalty': 0 });
    const stiff = set(post, { 'whistle.departmentPriority': false, 'whistle.assessmentPenalty': 10 });
    const dOnTime = paired(lax, stiff, 'whistle.onTime');
    const dScore = paired(lax, stiff, 'department.assessmentMean');
    for (const d of dScore) expect(d, `score ${dScore.join(', ')}`).toBeLessThan(0);
    for (const d of dOnTime) expect(d, `on time ${dOnTime.join(', ')}`).toBeGreaterThan(0);
  });
});

describe('the assessment score is bounded', () => {
  it('stays within 0–100 under the stiffest penalty', () => {
    const r = run(set(post, { 'whistle.departmentPriority': false, 'whistle.assessmentPenalty': 10, 'whistle.signHours': 0.25 }), { seed: 1, days: 120 });
    expect(r.summary['department.assessmentMean']).toBeGreaterThanOrEqual(0);
    expect(r.summary['department.assessmentMean']).toBeLessThanOrEqual(100);
  });
});
