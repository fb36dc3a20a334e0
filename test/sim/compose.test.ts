// One scenario composer (sim composeScenario) and one set of run defaults (sim/run-defaults.ts),
// used by the CLI, the API and the sandbox.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError, composeScenario, type Patch } from '../../sim/index.ts';
import { RUN_DEFAULTS } from '../../sim/run-defaults.ts';
import { getPatch, getScenario } from '../../scenarios/index.ts';

const base = () => getScenario('training')!;
const patch = (id: string, levers: Patch['levers']): Patch => ({ id, name: { zh: id, en: id }, levers });

describe('composeScenario(base, patches, levers)', () => {
  it('lays patches in order, then the lever values on top', () => {
    const s = composeScenario(base(), [patch('a', { 'grid.discretion': 0.3 }), getPatch('rec-smart')!], { 'grid.signOffDays': 4 });
    expect(s.id).toBe('training+a+rec-smart');
    expect(s.levers['grid.discretion']).toBe(0.3);
    expect(s.levers['grid.signOffDays']).toBe(4);
    expect(composeScenario(base(), [patch('a', { 'grid.discretion': 0.3 })], { 'grid.discretion': 0.9 }).levers['grid.discretion']).toBe(0.9);
    expect(composeScenario(base())).toEqual(base());
  });

  it('a patch conflict is refused at stage "patches", a bad value at stage "levers" with the path asked for', () => {
    const conflict = () => composeScenario(base(), [patch('a', { 'grid.discretion': 0.3 }), patch('b', { 'grid.discretion': 0.4 })]);
    expect(conflict).toThrow(ScenarioError);
    try { conflict(); } catch (e) { expect((e as ScenarioError).stage).toBe('patches'); }
    try {
      composeScenario(base(), [], { 'grid.discretion': 7, 'no.such': 1 }, { leverPath: (id) => `set.${id}` });
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).stage).toBe('levers');
      expect((e as ScenarioError).problems.map((p) => p.path)).toEqual(['set.grid.discretion', 'set.no.such']);
    }
  });
});

describe('one composer, one set of defaults', () => {
  const read = (f: string) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
  it('CLI, API and sandbox compose through composeScenario and do not stack patches themselves', () => {
    for (const f of ['api/cli/inputs.ts', 'api/store/plan.ts', 'viz/src/worker.ts']) {
      const text = read(f);
      expect({ f, composes: /composeScenario/.test(text), ownStack: /applyPatches\(|withLevers\(/.test(text) }).toEqual({ f, composes: true, ownStack: false });
    }
  });
  it('CLI, API and sandbox take seed and days from RUN_DEFAULTS, and write no default of their own', () => {
    expect(RUN_DEFAULTS).toMatchObject({ seed: 1, days: 365, replications: 1 });
    for (const f of ['api/cli/run.ts', 'api/cli/experiment.ts', 'api/store/plan.ts', 'viz/src/app.ts', 'viz/src/main.ts']) {
      const text = read(f);
      expect({ f, uses: text.includes('RUN_DEFAULTS.seed') && text.includes('RUN_DEFAULTS.days'), own: /\bseed: 1\b|\bdays: 365\b/.test(text) })
        .toEqual({ f, uses: true, own: false });
    }
  });
});
