// Issue 10 acceptance: a policy that builds a backlog never scores better on the three rates.
// On qinhuai-2021, department staff = 1, street staff = 1 or an 80 % budget cut each lowers
// resolution and satisfaction below the preset's, paired by seed over 5 seeds. Kept cheap: one
// street of Qinhuai (its first, about 60,000 residents; departments and the call centre scale
// with population) for 200 days with the preset's 30-day warm-up.
import { describe, expect, it } from 'vitest';
import { run, type LeverValues, type Scenario } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';

const preset = getScenario('qinhuai-2021')!;
const oneStreet: Scenario = { ...preset, id: 'qinhuai-2021-street0', district: { ...preset.district, streets: [preset.district.streets[0]] } };
const SEEDS = [1, 2, 3, 4, 5];
const DAYS = 200;

function rates(levers: LeverValues, seed: number): { resolution: number; satisfaction: number; open: number } {
  const r = run({ ...oneStreet, levers: { ...oneStreet.levers, ...levers } }, { seed, days: DAYS });
  return { resolution: r.summary['rate.resolution'], satisfaction: r.summary['rate.satisfaction'], open: r.summary['cases.open.end'] };
}

describe('a backlog counts against the rates (qinhuai-2021, one street, 5 paired seeds)', () => {
  const base = SEEDS.map((seed) => rates({}, seed));
  const cases: [string, LeverValues][] = [
    ['department staff = 1', { 'staffing.departmentStaff': 1 }],
    ['street staff = 1', { 'staffing.streetStaff': 1 }],
    ['an 80 % budget cut from day 0', { 'shock.budgetCut.startDay': 0, 'shock.budgetCut.share': 0.8 }],
  ];
  for (const [name, levers] of cases) {
    it(`${name} lowers resolution and satisfaction in every seed`, () => {
      SEEDS.forEach((seed, i) => {
        const x = rates(levers, seed);
        expect(x.resolution, `resolution, seed ${seed}`).toBeLessThan(base[i].resolution);
        expect(x.satisfaction, `satisfaction, seed ${seed}`).toBeLessThan(base[i].satisfaction);
      });
    });
  }
});
