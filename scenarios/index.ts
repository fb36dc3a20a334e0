// The preset registry: scenario presets (whole districts with lever values) and patches
// (reforms and shocks laid over a scenario). Files are plain JSON so that users can copy and
// edit them; each states its sources and its guesses.
// sim/scenario.ts rather than sim/index.ts: listing presets must not load the engine (nor
// TypeBox), so the presets are checked here by the rules beyond the schema only; their fit to
// the schema (sim/schema) is checked by test/sim/schema.test.ts, and every run validates its
// scenario in full (sim/validate.ts) anyway.
import { checkPatchRules, checkScenarioRules, type Patch, type Scenario } from '../sim/scenario.ts';
import training from './presets/training.json' with { type: 'json' };
import qinhuai2019 from './presets/qinhuai-2019.json' with { type: 'json' };
import qinhuai2021 from './presets/qinhuai-2021.json' with { type: 'json' };
import recPowerResponsibility from './patches/rec-power-responsibility.json' with { type: 'json' };
import recTransfers from './patches/rec-transfers.json' with { type: 'json' };
import recTrainingIncentives from './patches/rec-training-incentives.json' with { type: 'json' };
import recCogovernance from './patches/rec-cogovernance.json' with { type: 'json' };
import recSmart from './patches/rec-smart.json' with { type: 'json' };
import shockEpidemic from './patches/shock-epidemic.json' with { type: 'json' };
import shockHeatWave from './patches/shock-heat-wave.json' with { type: 'json' };
import shockBudgetCut from './patches/shock-budget-cut.json' with { type: 'json' };
import shockHiringFreeze from './patches/shock-hiring-freeze.json' with { type: 'json' };
import noSeasons from './patches/no-seasons.json' with { type: 'json' };
import reformAuthority from './patches/reform-authority.json' with { type: 'json' };
import reformEnforcement from './patches/reform-enforcement.json' with { type: 'json' };
import reformWhistle from './patches/reform-whistle.json' with { type: 'json' };
import reformFunds from './patches/reform-funds.json' with { type: 'json' };
import reformSmart from './patches/reform-smart.json' with { type: 'json' };
import reformRedProperty from './patches/reform-red-property.json' with { type: 'json' };
import reformTrainingPay from './patches/reform-training-pay.json' with { type: 'json' };
import reformCogovernance from './patches/reform-cogovernance.json' with { type: 'json' };

const SCENARIOS: Scenario[] = ([training, qinhuai2019, qinhuai2021] as Scenario[]).map((s) => checkScenarioRules(s));
const PATCHES: Patch[] = ([
  reformAuthority, reformEnforcement, reformWhistle, reformFunds, reformSmart, reformRedProperty, reformTrainingPay, reformCogovernance,
  recPowerResponsibility, recTransfers, recTrainingIncentives, recCogovernance, recSmart, shockEpidemic, shockHeatWave, shockBudgetCut, shockHiringFreeze, noSeasons,
] as Patch[]).map((p) => checkPatchRules(p));

/**
 * The 2021 reform, one patch per component (MODEL.md §10.5): qinhuai-2021 is qinhuai-2019 with
 * these laid over it (and the start date moved), staff levers untouched.
 */
export const REFORM_PATCH_IDS: readonly string[] = [
  'reform-authority', 'reform-enforcement', 'reform-whistle', 'reform-funds', 'reform-smart', 'reform-red-property', 'reform-training-pay', 'reform-cogovernance',
];

export interface PresetInfo {
  id: string;
  kind: 'scenario' | 'patch';
  name: { zh: string; en: string };
  description?: { zh: string; en: string };
}

export function listPresets(): PresetInfo[] {
  return [
    ...SCENARIOS.map((s) => ({ id: s.id, kind: 'scenario' as const, name: s.name, description: s.description })),
    ...PATCHES.map((p) => ({ id: p.id, kind: 'patch' as const, name: p.name, description: p.description })),
  ];
}

/** A scenario preset by id (a fresh copy), or undefined. */
export function getScenario(id: string): Scenario | undefined {
  const s = SCENARIOS.find((x) => x.id === id);
  return s ? structuredClone(s) : undefined;
}

/** A patch preset by id (a fresh copy), or undefined. */
export function getPatch(id: string): Patch | undefined {
  const p = PATCHES.find((x) => x.id === id);
  return p ? structuredClone(p) : undefined;
}

export function scenarioIds(): string[] {
  return SCENARIOS.map((s) => s.id);
}

export function patchIds(): string[] {
  return PATCHES.map((p) => p.id);
}
