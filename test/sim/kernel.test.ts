// The kernel's building blocks: calendar arithmetic, SHA-256, alias tables, samplers.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { buildCalendar, civilFromDays, daysFromCivil, formatDate, parseDate, weekday, WORKDAY } from '../../sim/calendar.ts';
import { Sha256, canonicalJson, sha256Hex } from '../../sim/digest.ts';
import { buildAlias, createStream, exponential, normal, normalQuantile, poisson, sampleAlias, workHoursFactor } from '../../sim/rng.ts';

describe('calendar', () => {
  it('daysFromCivil and civilFromDays are inverse and match known dates', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2021, 1, 1)).toBe(18628);
    for (let d = -1000; d < 30000; d += 37) expect(daysFromCivil(civilFromDays(d).y, civilFromDays(d).m, civilFromDays(d).d)).toBe(d);
    expect(formatDate(parseDate('2024-02-29'))).toBe('2024-02-29');
  });
  it('knows weekdays and holidays', () => {
    expect(weekday(parseDate('2021-01-01'))).toBe(4); // a Friday
    const start = parseDate('2021-01-01');
    const cal = buildCalendar(start, 365);
    expect(cal[0] & WORKDAY).toBe(0); // New Year's Day
    expect(cal[parseDate('2021-01-04') - start] & WORKDAY).toBe(WORKDAY); // a Monday
    expect(cal[parseDate('2021-10-04') - start] & WORKDAY).toBe(0); // National Day week
    expect(cal[parseDate('2021-02-12') - start] & WORKDAY).toBe(0); // Spring Festival
  });
});

describe('sha256', () => {
  it('matches the standard test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    const h = new Sha256();
    for (let i = 0; i < 1000; i++) h.updateString('a'.repeat(1000));
    expect(h.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
  it('canonicalJson sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
  });
});

describe('random streams and samplers', () => {
  it('a named stream is a function of (seed, name) and can resume from its state', () => {
    const a = createStream(1, 'x');
    const b = createStream(1, 'x');
    const c = createStream(1, 'y');
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    const st = a.state();
    const d = createStream(1, 'x', st);
    expect(d()).toBe(a());
  });
  it('a stream draws exactly what seedrandom xor4096 draws, by calls or by fill, and exports the same state', () => {
    const ref = seedrandom.xor4096('govsim/5/emergence', { state: true }) as unknown as { (): number; state(): unknown };
    const s = createStream(5, 'emergence');
    for (let i = 0; i < 1000; i++) expect(s()).toBe(ref());
    const buf = new Float64Array(700);
    for (const n of [0, 1, 9, 10, 127, 128, 129, 700]) {
      s.fill(buf, n);
      for (let i = 0; i < n; i++) expect(buf[i]).toBe(ref());
      expect(s()).toBe(ref());
    }
    expect(s.state()).toEqual(ref.state());
    const resumed = createStream(5, 'emergence', JSON.parse(JSON.stringify(s.state())));
    for (let i = 0; i < 300; i++) expect(resumed()).toBe(ref());
    expect(() => createStream(5, 'x', { i: 0, w: 0, X: [1, 2] })).toThrow(/X must hold 128/);
  });
  it('sampleAlias draws in proportion to the weights', () => {
    const w = [1, 0, 3, 6];
    const prob = new Float64Array(4);
    const alias = new Int32Array(4);
    buildAlias(w, 0, 4, prob, alias, new Int32Array(4));
    const r = createStream(2, 'alias');
    const counts = [0, 0, 0, 0];
    const n = 200000;
    for (let i = 0; i < n; i++) counts[sampleAlias(r(), 0, 4, prob, alias)]++;
    expect(counts[1]).toBe(0);
    expect(counts[0] / n).toBeCloseTo(0.1, 2);
    expect(counts[2] / n).toBeCloseTo(0.3, 2);
    expect(counts[3] / n).toBeCloseTo(0.6, 2);
  });
  it('samplers have the right means', () => {
    const r = createStream(3, 's');
    const mean = (f: () => number, n = 100000) => { let s = 0; for (let i = 0; i < n; i++) s += f(); return s / n; };
    expect(mean(() => exponential(r))).toBeCloseTo(1, 1);
    expect(mean(() => normal(r))).toBeCloseTo(0, 1);
    expect(mean(() => poisson(r, 2.5), 50000)).toBeCloseTo(2.5, 1);
    expect(mean(() => poisson(r, 80), 20000) / 80).toBeCloseTo(1, 1);
  });
});

describe('workHoursFactor(u): the work-hours sampler emergence uses', () => {
  // Midpoint quadrature over u: the mean and the spread of log-normal(mu = -0.18, sigma = 0.6).
  const n = 200_000;
  const xs = Array.from({ length: n }, (_, i) => workHoursFactor((i + 0.5) / n));
  it('has mean 1 and median e^-0.18', () => {
    expect(xs.reduce((a, b) => a + b, 0) / n).toBeCloseTo(1, 2);
    expect(workHoursFactor(0.5)).toBeCloseTo(Math.exp(-0.18), 12);
  });
  it('has the log-sd 0.6 and rises with u', () => {
    const logs = xs.map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    expect(m).toBeCloseTo(-0.18, 3);
    expect(sd).toBeCloseTo(0.6, 2);
    for (let i = 1; i < n; i += 997) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
  });
  it('gives the same hours as a random stream through it (the engine draws u uniformly)', () => {
    const r = createStream(9, 'hours');
    let s = 0;
    for (let i = 0; i < 100_000; i++) s += workHoursFactor(r());
    expect(s / 100_000).toBeCloseTo(1, 1);
  });
});

describe('normalQuantile(u)', () => {
  it('inverts the normal CDF at known points and is monotone', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 7);
    expect(normalQuantile(0.8413447460685429)).toBeCloseTo(1, 7);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 6);
    let prev = -Infinity;
    for (let u = 0.0001; u < 1; u += 0.0001) {
      const x = normalQuantile(u);
      expect(x).toBeGreaterThan(prev);
      prev = x;
    }
  });
});

describe('pickResident(world, grid, subItem, u)', () => {
  it('weights elderly-care issues toward the elderly and old-compound issues toward old compounds', async () => {
    const { createSimulation } = await import('../../sim/index.ts');
    const { getScenario } = await import('../../scenarios/index.ts');
    const { pickResident } = await import('../../sim/emergence.ts');
    const { SUB_ITEMS } = await import('../../sim/taxonomy.ts');
    const sim = createSimulation(getScenario('training')!, { seed: 1, days: 1 });
    const d = sim.district;
    const elderlyCare = SUB_ITEMS.findIndex((s) => s.id === 'elderlyCare');
    const oldFacilities = SUB_ITEMS.findIndex((s) => s.id === 'oldCompoundFacilities');
    const garbage = SUB_ITEMS.findIndex((s) => s.id === 'garbage');
    let n = 0, elderly = 0, old = 0, popElderly = 0, popOld = 0, inGrid = 0;
    for (let g = 0; g < d.nGrids; g++) {
      for (let k = 0; k < 2000; k++) {
        const u = (k + 0.5) / 2000;
        const a = pickResident(sim, g, elderlyCare, u);
        const b = pickResident(sim, g, oldFacilities, u);
        const c = pickResident(sim, g, garbage, u);
        if (d.residentGrid[a] === g && d.residentGrid[b] === g && d.residentGrid[c] === g) inGrid++;
        if (d.residentAge[a] === 2) elderly++;
        if (d.residentHousing[b] === 0) old++;
        if (d.residentAge[c] === 2) popElderly++;
        if (d.residentHousing[c] === 0) popOld++;
        n++;
      }
    }
    expect(inGrid).toBe(n);
    expect(elderly / n).toBeGreaterThan(1.8 * (popElderly / n));
    expect(old / n).toBeGreaterThan(1.3 * (popOld / n));
  });
});
