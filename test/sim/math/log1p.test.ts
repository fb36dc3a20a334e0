import { describe, it, expect } from 'vitest';
import { log1p, log1pFdlibm } from '../../../sim/math/log1p.ts';
import { Rng, around, compare, hex, many } from './helpers.ts';

function inputs(): number[] {
  const rng = new Rng(0x5eed0003);
  return [
    ...many(20000, () => rng.bits()), // every double: x < -1 gives NaN
    ...many(20000, () => rng.logUniform(-70, -1)), // near 0, both signs
    ...many(20000, () => rng.uniform(-1, 10)),
    ...many(10000, () => -1 + Math.abs(rng.logUniform(-53, -1))), // near -1
    ...many(10000, () => rng.uniform(-0.3, 0.5)), // around the k = 0 range edges
    ...many(10000, () => Math.abs(rng.logUniform(0, 1023))), // large
    ...many(5000, () => rng.logUniform(-1074, -1000)), // subnormals and tiny normals
    ...many(5000, () => 2 ** Math.floor(rng.uniform(-20, 60)) * (1 + rng.logUniform(-52, -18)) - 1), // 1 + x near 2**k
    // fdlibm's branch points: 2**-54, 2**-29, sqrt(2)-1, 1 - sqrt(2)/2, 2**53, and 2**k - 1.
    ...[5.551115123125783e-17, 1.862645149230957e-9, 0.4142135623730951, 0.4142136573791504,
      0.29289321881345254, 0.292893648147583, 0.2928934097290039, 9007199254740992]
      .flatMap((t) => [...around(t, 50), ...around(-t, 50)]),
    ...Array.from({ length: 80 }, (_, i) => 2 ** (i - 20) - 1).flatMap((t) => around(t, 3)),
  ];
}

describe('log1p', () => {
  it('is within 1 ulp of Math.log1p on >= 100,000 inputs, and equals the line-by-line port', () => {
    const r = compare(inputs(), log1p, log1pFdlibm, Math.log1p);
    expect(r.count).toBeGreaterThanOrEqual(100_000);
    expect(r.failures).toEqual([]);
    expect(r.portMismatches).toEqual([]);
    expect(r.maxUlp).toBeLessThanOrEqual(1);
  });

  it('handles the special cases exactly', () => {
    expect(Object.is(log1p(0), 0)).toBe(true);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(log1p(-1)).toBe(-Infinity);
    expect(log1p(-1.0000000000000002)).toBeNaN();
    expect(log1p(-2)).toBeNaN();
    expect(log1p(-Infinity)).toBeNaN();
    expect(log1p(Infinity)).toBe(Infinity);
    expect(log1p(NaN)).toBeNaN();
    expect(log1p(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(log1p(-Number.MIN_VALUE)).toBe(-Number.MIN_VALUE);
    expect(log1p(1e-300)).toBe(1e-300);
    expect(log1p(Number.MAX_VALUE)).toBe(709.782712893384);
    expect(log1p(1)).toBe(Math.LN2);
    expect(log1p(-0.5)).toBe(-Math.LN2);
  });

  it('keeps its golden bit patterns', () => {
    // Produced by this implementation (and identical to FreeBSD msun's log1p): a change here changes
    // simulation results.
    const golden: [number, string][] = [
      [1e-10, '0x3ddb7cdfd9d1d693'],
      [0.5, '0x3fd9f323ecbf984c'],
      [3, '0x3ff62e42fefa39ef'],
      [1e10, '0x4037069e2aa3184e'],
      [-0.999999, '0xc02ba18a998fc064'],
      [0.1, '0x3fb8663f793c46c7'],
      [-0.3, '0xbfd6d3c324e13f4e'],
    ];
    for (const [x, bits] of golden) expect([x, hex(log1p(x))]).toEqual([x, bits]);
  });
});
