// The facilitator's events are the engine's own shock levers: a demand shock is shock.demand.*
// (every kind of issue at 1.5× for 30 days), not the epidemic; and it bites.
import { describe, expect, test } from 'vitest';
import { getScenario } from '../../scenarios/index.ts';
import { checkLeverValue } from '../../sim/index.ts';
import { GroupChain } from '../../api/workshop/chain.ts';
import { EVENT_KINDS } from '../../api/workshop/messages.ts';
import { DEMAND_SHOCK, eventLevers } from '../../api/workshop/roles.ts';

describe('workshop events', () => {
  test('a demand shock sets the shock.demand levers, and every event sets only valid catalogue levers', () => {
    expect(eventLevers('demandShock', 91)).toEqual({ 'shock.demand.startDay': 91, 'shock.demand.days': 30, 'shock.demand.multiplier': 1.5 });
    expect(DEMAND_SHOCK).toEqual({ days: 30, multiplier: 1.5 });
    for (const e of EVENT_KINDS) {
      const v = eventLevers(e, 182);
      expect(Object.keys(v).some((k) => k.startsWith('shock.epidemic.'))).toBe(false);
      for (const [id, x] of Object.entries(v)) expect(checkLeverValue(id, x), `${e}: ${id}`).toBeUndefined();
    }
  });

  test('a demand shock injected before round 2 raises the open cases of round 2 (same seed, same decisions)', () => {
    const scenario = getScenario('training')!;
    const play = (shock: boolean) => {
      const chain = new GroupChain({ scenario, seed: 3, roundDays: 21, rounds: 2 });
      chain.advance({ levers: {}, events: [], changes: [] });
      return chain.advance({ levers: shock ? eventLevers('demandShock', 21) : {}, events: shock ? ['demandShock'] : [], changes: [] });
    };
    const calm = play(false);
    const shocked = play(true);
    const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
    expect(shocked.digest).not.toBe(calm.digest);
    expect(sum(shocked.series['cases.open'])).toBeGreaterThan(sum(calm.series['cases.open']) * 1.05);
  });
});
