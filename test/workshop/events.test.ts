// The facilitator's events are the engine's own shock levers: a demand shock is shock.demand.*
// (every kind of issue at 1.5× for 30 days), not the epidemic; and it bites. And the join
// link's LAN address.
import { describe, expect, test } from 'vitest';
import { getScenario } from '../../scenarios/index.ts';
import { checkLeverValue } from '../../sim/index.ts';
import { GroupChain } from '../../api/workshop/chain.ts';
import { EVENT_KINDS } from '../../api/workshop/messages.ts';
import { DEMAND_SHOCK, eventLevers } from '../../api/workshop/roles.ts';
import { joinUrl, lanAddress } from '../../api/workshop/plugin.ts';

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

describe('the join link\'s LAN address', () => {
  const ifs = (o: Record<string, string[]>) => Object.fromEntries(Object.entries(o).map(([n, as]) => [n, as.map((address) => ({ address, family: 'IPv4', internal: address.startsWith('127.'), netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }))])) as never;
  test('prefers a private address on a real interface over bridges, tunnels, link-local and loopback', () => {
    expect(lanAddress(ifs({ lo: ['127.0.0.1'], docker0: ['172.17.0.1'], wlp2s0: ['192.168.1.23'] }))).toBe('192.168.1.23');
    expect(lanAddress(ifs({ lo: ['127.0.0.1'], tun0: ['10.8.0.2'], eth0: ['10.0.0.5'] }))).toBe('10.0.0.5');
    expect(lanAddress(ifs({ eth0: ['169.254.3.4', '203.0.113.9'], 'br-1234': ['192.168.49.1'] }))).toBe('203.0.113.9');
    expect(lanAddress(ifs({ lo: ['127.0.0.1'] }))).toBeUndefined();
  });
  test('a facilitator who opened the dashboard by a LAN name or address gets that Host in the link', () => {
    const req = (host: string) => ({ headers: { host }, protocol: 'http' }) as never;
    expect(joinUrl(req('laptop.local:8080'), 'ABC234')).toBe('http://laptop.local:8080/workshop/join.html?code=ABC234');
    expect(joinUrl(req('192.168.1.23:8080'), 'ABC234')).toBe('http://192.168.1.23:8080/workshop/join.html?code=ABC234');
    // loopback becomes a LAN address when there is one
    const lan = lanAddress();
    expect(joinUrl(req('127.0.0.1:8080'), 'ABC234')).toBe(`http://${lan ?? '127.0.0.1'}:8080/workshop/join.html?code=ABC234`);
  });
});
