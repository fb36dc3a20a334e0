import { describe, it, expect } from 'vitest';
import { log, logFdlibm } from '../../../sim/math/log.ts';
import { Rng, around, compare, hex, many } from './helpers.ts';

function inputs(): number[] {
  const rng = new Rng(0x5eed0002);
  return [
    ...many(20000, () => Math.abs(rng.bits())), // every positive double: subnormals, huge, Inf, NaN
    ...many(5000, () => rng.bits()), // negatives: NaN
    ...many(20000, () => rng.uniform(0, 100)),
    ...many(20000, () => 1 + rng.logUniform(-60, -1)), // near 1
    ...many(10000, () => rng.uniform(0.5, 2)),
    ...many(10000, () => Math.abs(rng.logUniform(-1074, -1000))), // subnormals and tiny normals
    ...many(10000, () => Math.abs(rng.logUniform(1000, 1023))), // huge
    ...many(5000, () => 2 ** Math.floor(rng.uniform(-1074, 1024)) * (1 + rng.logUniform(-52, -18))), // near powers of 2
    // Powers of two and their neighbours, sqrt(2)/2 and sqrt(2) (fdlibm's normalisation edges).
    ...Array.from({ length: 2098 }, (_, i) => 2 ** (i - 1074)).flatMap((p) => around(p, 2)),
    ...[Math.SQRT1_2, Math.SQRT2, 2.2250738585072014e-308].flatMap((t) => around(t, 100)),
  ];
}

describe('log', () => {
  it('is within 1 ulp of Math.log on >= 100,000 inputs, and equals the line-by-line port', () => {
    const r = compare(inputs(), log, logFdlibm, Math.log);
    expect(r.count).toBeGreaterThanOrEqual(100_000);
    expect(r.failures).toEqual([]);
    expect(r.portMismatches).toEqual([]);
    expect(r.maxUlp).toBeLessThanOrEqual(1);
  });

  it('handles the special cases exactly', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(-1)).toBeNaN();
    expect(log(-Number.MIN_VALUE)).toBeNaN();
    expect(log(-1e300)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
    expect(log(Number.MIN_VALUE)).toBe(-744.4400719213812);
    expect(log(2.2250738585072014e-308)).toBe(-708.3964185322641);
    expect(log(Number.MAX_VALUE)).toBe(709.782712893384);
    expect(log(2)).toBe(Math.LN2);
    expect(log(0.5)).toBe(-Math.LN2);
    expect(log(Math.E)).toBe(1);
    expect(log(1024)).toBe(6.931471805599453);
  });

  it('keeps its golden bit patterns', () => {
    // Produced by this implementation (and identical to FreeBSD msun's log): a change here changes
    // simulation results.
    const golden: [number, string][] = [
      [10, '0x40026bb1bbb55516'],
      [0.5, '0xbfe62e42fefa39ef'],
      [1.5, '0x3fd9f323ecbf984c'],
      [3, '0x3ff193ea7aad030a'],
      [0.999, '0xbf5064670d979b73'],
      [1.0001, '0x3f1a368d0657fcd4'],
      [1e-300, '0xc085963447f87fb5'],
      [5e-324, '0xc0874385446d71c3'],
      [1e300, '0x4085963447f87fb5'],
      [12345.678, '0x4022d79559791e31'],
    ];
    for (const [x, bits] of golden) expect([x, hex(log(x))]).toEqual([x, bits]);
  });
});
