// The preset registry with one extra patch, for the browser test of patch conflicts (the real
// patches all agree where they overlap): `test-lean-street` sets the street staff to 20 where
// rec-power-responsibility sets 35. Swapped in for viz/src/registry.ts by buildSandbox({ registry }).
import { validatePatch, type Patch } from '../../../sim/index.ts';
import * as real from '../../../scenarios/index.ts';

export const CONFLICTING: Patch = validatePatch({
  id: 'test-lean-street',
  name: { zh: '测试：精简街道', en: 'Test: lean street offices' },
  description: { zh: '仅用于测试：街道工作人员减至 20 名。', en: 'For tests only: street staff cut to 20.' },
  levers: { 'staffing.streetStaff': 20 },
});

export const getScenario = real.getScenario;
export const scenarioIds = real.scenarioIds;

export function listPresets(): real.PresetInfo[] {
  return [...real.listPresets(), { id: CONFLICTING.id, kind: 'patch', name: CONFLICTING.name, description: CONFLICTING.description }];
}

export function getPatch(id: string): Patch | undefined {
  return id === CONFLICTING.id ? structuredClone(CONFLICTING) : real.getPatch(id);
}

export function patchIds(): string[] {
  return [...real.patchIds(), CONFLICTING.id];
}
