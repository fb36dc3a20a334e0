import { describe, it, expect } from 'vitest';
import { exp, expFdlibm } from '../../../sim/math/exp.ts';
import { Rng, around, compare, fromHex, hex, many } from './helpers.ts';

const O_THRESHOLD = 709.782712893384; // largest x with a finite exp(x)
const U_THRESHOLD = -745.1332191019411; // smallest x with a non-zero exp(x)

function inputs(): number[] {
  const rng = new Rng(0x5eed0001);
  return [
    ...many(20000, () => rng.uniform(-746, 710)),
    ...many(20000, () => rng.uniform(-1, 1)),
    ...many(15000, () => rng.uniform(-40, 40)),
    ...many(15000, () => rng.bits()),
    ...many(15000, () => rng.logUniform(-70, 3)), // near 0, both signs
    ...many(10000, () => rng.uniform(700, 709.9)), // near overflow
    ...many(10000, () => rng.uniform(-746, -700)), // near underflow: subnormal results
    ...many(5000, () => rng.logUniform(-1074, -1)),
    // fdlibm's branch points (|x| = 0.5 ln2, 1.5 ln2, 2**-28) and the fast path's edge (708).
    ...[0.34657359027997264, 0.3465735912322998, 1.0397207708399179, 1.0397205352783203,
      3.725290298461914e-9, 708, 709.7822265625, O_THRESHOLD, U_THRESHOLD, -708.3964185322641]
      .flatMap((t) => [...around(t, 50), ...around(-t, 50)]),
  ];
}

describe('exp', () => {
  it('is within 1 ulp of Math.exp on >= 100,000 inputs, and equals the line-by-line port', () => {
    const r = compare(inputs(), exp, expFdlibm, Math.exp);
    expect(r.count).toBeGreaterThanOrEqual(100_000);
    expect(r.failures).toEqual([]);
    expect(r.portMismatches).toEqual([]);
    expect(r.maxUlp).toBeLessThanOrEqual(1);
  });

  it('handles the special cases exactly', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(NaN)).toBeNaN();
    expect(exp(Infinity)).toBe(Infinity);
    expect(Object.is(exp(-Infinity), 0)).toBe(true);
    expect(exp(Number.MIN_VALUE)).toBe(1);
    expect(exp(-Number.MIN_VALUE)).toBe(1);
    expect(exp(2.2250738585072014e-308)).toBe(1);
    expect(exp(1e-300)).toBe(1);
    expect(exp(Number.MAX_VALUE)).toBe(Infinity);
    expect(Object.is(exp(-Number.MAX_VALUE), 0)).toBe(true);
    expect(exp(1e300)).toBe(Infinity);
    expect(Object.is(exp(-1e300), 0)).toBe(true);
    // Overflow threshold: the largest finite result, then Infinity one ulp above.
    expect(hex(exp(O_THRESHOLD))).toBe('0x7fefffffffffff2a');
    expect(exp(fromHex('0x40862e42fefa39f0'))).toBe(Infinity);
    expect(exp(710)).toBe(Infinity);
    // Underflow threshold: the smallest subnormal, then +0 one ulp below.
    expect(exp(U_THRESHOLD)).toBe(Number.MIN_VALUE);
    expect(Object.is(exp(fromHex('0xc0874910d52d3052')), 0)).toBe(true);
    expect(Object.is(exp(-746), 0)).toBe(true);
    expect(exp(-1000)).toBe(0);
  });

  it('keeps its golden bit patterns', () => {
    // Produced by this implementation (and identical to FreeBSD msun's exp): a change here changes
    // simulation results. exp(1) is fdlibm's 1-ulp-high value, not Math.E.
    const golden: [number, string][] = [
      [0.5, '0x3ffa61298e1e069c'],
      [-3.7, '0x3f99511fc6871044'],
      [1, '0x4005bf0a8b14576a'],
      [-1, '0x3fd78b56362cef38'],
      [2.5, '0x40285d6fd931e0bb'],
      [10, '0x40d5829dcf950560'],
      [-20.5, '0x3e157a3afeed00ab'],
      [100, '0x48f3494a9b171bf5'],
      [700, '0x7f0d945df4f8ec8e'],
      [-740, '0x0000000000000055'],
      [1e-10, '0x3ff000000006df38'],
      [0.3, '0x3ff599058c8c1a96'],
    ];
    for (const [x, bits] of golden) expect([x, hex(exp(x))]).toEqual([x, bits]);
  });
});
