import { describe, it, expect } from 'vitest';
import { expm1, expm1Fdlibm } from '../../../sim/math/expm1.ts';
import { Rng, around, compare, fromHex, hex, many } from './helpers.ts';

const O_THRESHOLD = 709.782712893384; // largest x with a finite expm1(x)

function inputs(): number[] {
  const rng = new Rng(0x5eed0004);
  return [
    ...many(20000, () => rng.logUniform(-70, -1)), // near 0, both signs
    ...many(20000, () => rng.uniform(-1, 1)),
    ...many(20000, () => rng.uniform(-40, 40)),
    ...many(15000, () => rng.uniform(-750, 710)),
    ...many(15000, () => rng.bits()),
    ...many(10000, () => rng.uniform(700, 709.9)), // near overflow
    ...many(5000, () => rng.logUniform(-1074, -1000)), // subnormals and tiny normals
    // fdlibm's branch points (0.5 ln2, 1.5 ln2, 2**-54, 56 ln2, k = 20, overflow) and the fast
    // path's edge (13.5).
    ...[0.34657359027997264, 0.3465735912322998, 1.0397205352783203, 5.551115123125783e-17,
      38.816242111356935, 38.81622314453125, 13.5, 13.862943611198906, 709.7822265625, O_THRESHOLD]
      .flatMap((t) => [...around(t, 50), ...around(-t, 50)]),
    ...Array.from({ length: 120 }, (_, k) => (k - 60) * Math.LN2).flatMap((t) => around(t, 3)),
  ];
}

describe('expm1', () => {
  it('is within 1 ulp of Math.expm1 on >= 100,000 inputs, and equals the line-by-line port', () => {
    const r = compare(inputs(), expm1, expm1Fdlibm, Math.expm1);
    expect(r.count).toBeGreaterThanOrEqual(100_000);
    expect(r.failures).toEqual([]);
    expect(r.portMismatches).toEqual([]);
    expect(r.maxUlp).toBeLessThanOrEqual(1);
  });

  it('handles the special cases exactly', () => {
    expect(Object.is(expm1(0), 0)).toBe(true);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect(expm1(NaN)).toBeNaN();
    expect(expm1(Infinity)).toBe(Infinity);
    expect(expm1(-Infinity)).toBe(-1);
    expect(expm1(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(expm1(-Number.MIN_VALUE)).toBe(-Number.MIN_VALUE);
    expect(expm1(1e-300)).toBe(1e-300);
    expect(expm1(-40)).toBe(-1);
    expect(expm1(-1000)).toBe(-1);
    expect(expm1(-Number.MAX_VALUE)).toBe(-1);
    expect(expm1(Number.MAX_VALUE)).toBe(Infinity);
    expect(hex(expm1(O_THRESHOLD))).toBe('0x7fefffffffffff2a');
    expect(expm1(fromHex('0x40862e42fefa39f0'))).toBe(Infinity);
    expect(expm1(-745.1332191019411)).toBe(-1);
  });

  it('keeps its golden bit patterns', () => {
    // Produced by this implementation (and identical to FreeBSD msun's expm1): a change here changes
    // simulation results.
    const golden: [number, string][] = [
      [1e-10, '0x3ddb7cdfd9dda4e3'],
      [0.2, '0x3fcc56ecf2c56468'],
      [-0.5, '0xbfd92e9a0720d3ec'],
      [1, '0x3ffb7e151628aed2'],
      [5, '0x40626d389970338f'],
      [-3, '0xbfee6824f33314f5'],
      [15, '0x4148f0cc2fad2a87'],
      [700, '0x7f0d945df4f8ec8e'],
      [0.7, '0x3ff03854c24d130d'],
    ];
    for (const [x, bits] of golden) expect([x, hex(expm1(x))]).toEqual([x, bits]);
  });
});
