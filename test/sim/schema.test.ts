// One schema per concept (sim/schema): presets and patches fit the Scenario and Patch schemas
// built from the lever catalogue (one schema per lever), problems come with paths, a run's JSON
// result fits RunResult, and the one lever-text parser is what the sandbox's share links use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVERS, parseLeverText, resultToJson, run } from '../../sim/index.ts';
import { LEVER_SCHEMAS, Patch, RUN_DEFAULTS, RunResult, Scenario, checkAgainst } from '../../sim/schema/index.ts';
import { getPatch, getScenario, patchIds, scenarioIds } from '../../scenarios/index.ts';
import { parseLever } from '../../viz/src/share.ts';
import { arbLeverValue } from './helpers.ts';

describe('sim/schema', () => {
  it('has one schema per lever, and every preset and patch fits Scenario / Patch', () => {
    expect(Object.keys(LEVER_SCHEMAS).sort()).toEqual(LEVERS.map((l) => l.id).sort());
    for (const id of scenarioIds()) expect({ id, problems: checkAgainst(Scenario, getScenario(id)) }).toEqual({ id, problems: [] });
    for (const id of patchIds()) expect({ id, problems: checkAgainst(Patch, getPatch(id)) }).toEqual({ id, problems: [] });
  });

  it('any in-range lever value fits its schema (property); out of range, an unknown id or a bad street are named by path', () => {
    for (const l of LEVERS) {
      fc.assert(fc.property(arbLeverValue(l.id), (v) => { expect(checkAgainst(LEVER_SCHEMAS[l.id], v)).toEqual([]); }), { numRuns: 30 });
    }
    const s = structuredClone(getScenario('training')!);
    s.levers['grid.discretion'] = 3;
    (s.levers as Record<string, unknown>)['no.such.lever'] = 1;
    s.district.streets[0].population = -5;
    const paths = checkAgainst(Scenario, s).map((p) => p.path);
    expect(paths).toContain('levers.grid.discretion');
    expect(paths).toContain('levers.no.such.lever');
    expect(paths).toContain('district.streets[0].population');
  });

  it('a run\'s JSON result fits RunResult, and one missing a table does not', () => {
    const json = JSON.parse(JSON.stringify(resultToJson(run(getScenario('training')!, { seed: RUN_DEFAULTS.seed, days: 6 })))) as Record<string, unknown>;
    expect(checkAgainst(RunResult, json)).toEqual([]);
    const { emergedBySubItem: _gone, ...short } = json;
    expect(checkAgainst(RunResult, short).map((p) => p.path)).toContain('emergedBySubItem');
  });
});

describe('one lever-text parser', () => {
  it('the sandbox\'s share links parse every lever exactly as the engine does (on/off, impossible dates)', () => {
    const texts = ['on', 'off', 'true', 'false', '1', '0', 'yes', '', ' ', '2021-02-30', '2021-02-28', '2020-02-29', '2019-02-29', '0.5', '1e3', 'NaN', 'all', 'street'];
    for (const l of LEVERS) {
      for (const t of [...texts, String(l.default)]) {
        let engine: unknown;
        try { engine = { value: parseLeverText(l.id, t) }; } catch { engine = 'error'; }
        const share = parseLever(l, t);
        expect({ id: l.id, t, share: 'value' in share ? { value: share.value } : 'error' }).toEqual({ id: l.id, t, share: engine });
      }
    }
    const boolean = LEVERS.find((l) => l.kind === 'boolean')!;
    expect(parseLever(boolean, 'on')).toEqual({ value: true });
    const date = LEVERS.find((l) => l.kind === 'date')!;
    expect(parseLever(date, '2021-02-30')).toHaveProperty('error');
  });
});
