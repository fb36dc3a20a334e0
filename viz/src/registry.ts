// The preset registry as the sandbox's worker sees it: scenario presets and the patches (reforms,
// shocks) that can be laid over them. One import point, so that a test build can add a patch
// (test/viz/helpers/registry-with-conflict.ts) without touching scenarios/.
export { getPatch, getScenario, listPresets, patchIds, scenarioIds } from '../../scenarios/index.ts';
