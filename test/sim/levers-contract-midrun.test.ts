// Levers that act on emergence take effect at a warm-start fork, not only in fresh runs: the
// demand shock and model.emergenceScale (whose rates used to be built once, at world creation).
import { describe, expect, it } from 'vitest';
import { createSimulation, restore, snapshot, stepDays, type Simulation } from '../../sim/index.ts';
import { SERIES_INDEX } from '../../sim/recorder.ts';
import { CONTRACT_BASE, scenarioWith } from './levers-contract-setup.ts';

const SEED = 11;
const FORK = 40;

function emerged(w: Simulation, from: number, to: number): number {
  const a = w.recorder.values[SERIES_INDEX['cases.emerged']];
  let s = 0;
  for (let t = from; t < to; t++) s += a[t];
  return s;
}

function forkAt(levers: Record<string, number>, days: number): { trunk: Simulation; branch: Simulation } {
  const w = createSimulation(CONTRACT_BASE, { seed: SEED, days: FORK + days });
  stepDays(w, FORK);
  const snap = snapshot(w);
  const trunk = restore(snap);
  const branch = restore(snap, scenarioWith(levers));
  stepDays(trunk, days);
  stepDays(branch, days);
  return { trunk, branch };
}

describe('emergence levers at a fork', () => {
  it('model.emergenceScale = 2 set at a fork doubles emergence from then on (within 15 %)', () => {
    const { trunk, branch } = forkAt({ 'model.emergenceScale': 2 }, 60);
    expect(emerged(branch, 0, FORK)).toBe(emerged(trunk, 0, FORK));
    const ratio = emerged(branch, FORK, FORK + 60) / emerged(trunk, FORK, FORK + 60);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it('a demand shock set at a fork (×2.5 for 30 days) raises emergence while it lasts, and only then', () => {
    const { trunk, branch } = forkAt({ 'shock.demand.startDay': FORK + 10, 'shock.demand.days': 30, 'shock.demand.multiplier': 2.5 }, 70);
    // before the shock starts the branch keeps the trunk's draws (common random numbers)
    expect(emerged(branch, FORK, FORK + 10)).toBe(emerged(trunk, FORK, FORK + 10));
    const during = emerged(branch, FORK + 10, FORK + 40) / emerged(trunk, FORK + 10, FORK + 40);
    expect(during).toBeGreaterThan(2.1);
    expect(during).toBeLessThan(2.9);
    const after = emerged(branch, FORK + 40, FORK + 70) / emerged(trunk, FORK + 40, FORK + 70);
    expect(after).toBeGreaterThan(0.8);
    expect(after).toBeLessThan(1.25);
  });

  it('a demand drop (×0.3) thins emergence while it lasts', () => {
    const { trunk, branch } = forkAt({ 'shock.demand.startDay': FORK, 'shock.demand.days': 40, 'shock.demand.multiplier': 0.3 }, 40);
    const during = emerged(branch, FORK, FORK + 40) / emerged(trunk, FORK, FORK + 40);
    expect(during).toBeGreaterThan(0.2);
    expect(during).toBeLessThan(0.4);
  });
});
