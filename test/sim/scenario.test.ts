// Scenario and patch validation: errors name the path, the value and what was expected;
// patches stack and conflicting patches are reported.
import { describe, expect, it } from 'vitest';
import {
  LEVERS, ScenarioError, applyPatches, findConflicts, parseLeverText, validatePatch, validateScenario, withLevers,
  type Patch,
} from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('validateScenario(input)', () => {
  it('accepts every preset', () => {
    for (const id of ['training', 'qinhuai-2019', 'qinhuai-2021']) expect(validateScenario(getScenario(id)).id).toBe(id);
  });

  it('names the path and the expected value of a bad lever', () => {
    const s = getScenario('training')!;
    const p = problemsOf(() => validateScenario({ ...s, levers: { 'staffing.gridWorkersPerGrid': 99 } }));
    expect(p[0].path).toBe('levers.staffing.gridWorkersPerGrid');
    expect(p[0].message).toMatch(/number in \[0\.2, 4\], got 99/);
  });

  it('rejects unknown levers, wrong kinds and bad districts, listing every problem', () => {
    const s = getScenario('training')!;
    const bad = {
      ...s,
      extra: 1,
      levers: { 'no.such.lever': 1, 'whistle.street': 'yes', 'authority.garbage': 'mayor', 'calendar.startDate': '2021-02-30' },
      district: { ...s.district, streets: [{ ...s.district.streets[0], population: -5, communities: 0 }] },
    };
    const paths = problemsOf(() => validateScenario(bad)).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([
      'extra', 'levers.no.such.lever', 'levers.whistle.street', 'levers.authority.garbage', 'levers.calendar.startDate',
      'district.streets[0].population', 'district.streets[0].communities',
    ]));
  });

  it('refuses districts beyond the size limits', () => {
    const s = getScenario('training')!;
    const huge = { ...s, district: { ...s.district, streets: [{ ...s.district.streets[0], population: 50_000_000 }] } };
    expect(problemsOf(() => validateScenario(huge))[0].path).toBe('district.streets[0].population');
  });
});

describe('patches', () => {
  const a: Patch = { id: 'a', name: { zh: '甲', en: 'A' }, levers: { 'whistle.street': true, 'staffing.streetStaff': 30 } };
  const b: Patch = { id: 'b', name: { zh: '乙', en: 'B' }, levers: { 'staffing.streetStaff': 40 } };
  const c: Patch = { id: 'c', name: { zh: '丙', en: 'C' }, levers: { 'staffing.streetStaff': 30, 'smart.oneApp': false } };

  it('stack in order over a scenario', () => {
    const s = applyPatches(getScenario('qinhuai-2019')!, [a, c]);
    expect(s.id).toBe('qinhuai-2019+a+c');
    expect(s.levers['whistle.street']).toBe(true);
    expect(s.levers['smart.oneApp']).toBe(false);
    expect(s.levers['staffing.streetStaff']).toBe(30);
  });

  it('report a conflict when two set the same lever differently', () => {
    expect(findConflicts([a, b]).map((x) => x.lever)).toEqual(['staffing.streetStaff']);
    expect(findConflicts([a, c])).toEqual([]);
    const p = problemsOf(() => applyPatches(getScenario('training')!, [a, b]));
    expect(p[0].message).toMatch(/conflict on lever "staffing.streetStaff": a sets 30, b sets 40/);
  });

  it('are validated like scenarios', () => {
    expect(problemsOf(() => validatePatch({ id: 'x', name: { zh: 'x', en: 'x' }, levers: { 'money.generalShare': 2 } }))[0].path)
      .toBe('levers.money.generalShare');
  });
});

describe('lever catalogue', () => {
  it('gives every lever both languages, a unit, a group and a valid default', () => {
    for (const l of LEVERS) {
      expect(l.label.zh, l.id).toMatch(/\S/);
      expect(l.label.en, l.id).toMatch(/\S/);
      expect(l.meaning.zh, l.id).toMatch(/\S/);
      expect(l.meaning.en, l.id).toMatch(/\S/);
      expect(l.label.zh, l.id).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof l.unit.zh).toBe('string');
      expect(() => withLevers(getScenario('training')!, { [l.id]: l.default })).not.toThrow();
    }
    expect(new Set(LEVERS.map((l) => l.id)).size).toBe(LEVERS.length);
  });

  it('parses lever text by kind and names the lever on error', () => {
    expect(parseLeverText('whistle.street', 'false')).toBe(false);
    expect(parseLeverText('staffing.communityWorkers', '12')).toBe(12);
    expect(parseLeverText('authority.noise', 'grid')).toBe('grid');
    expect(() => parseLeverText('staffing.communityWorkers', '12.5')).toThrow(/staffing.communityWorkers must be an integer/);
    expect(() => parseLeverText('nope', '1')).toThrow(/unknown lever "nope"/);
  });
});
