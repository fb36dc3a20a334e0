// Shared helpers for the sim/math tests: a seeded generator of test inputs, ulp distance between
// doubles (via their 64-bit patterns), and hex bit patterns for golden values.

const F = new Float64Array(1);
const I = new BigInt64Array(F.buffer);
const U = new Uint32Array(F.buffer);
const SIGN = -0x8000000000000000n;

/** The bits of x as a 0x-prefixed 16-digit hex string. */
export function hex(x: number): string {
  F[0] = x;
  return '0x' + BigInt.asUintN(64, I[0]).toString(16).padStart(16, '0');
}

/** The double with the given 0x-prefixed hex bit pattern. */
export function fromHex(h: string): number {
  I[0] = BigInt.asIntN(64, BigInt(h));
  return F[0];
}

/** Doubles ordered as integers: +0 and -0 both map to 0, and adjacent doubles differ by 1. */
function ordinal(x: number): bigint {
  F[0] = x;
  const i = I[0];
  return i < 0n ? SIGN - i : i;
}

/** How many ulps apart a and b are (0 if both are NaN, Infinity if only one is). */
export function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** True if a and b are the same double (NaNs count as the same; +0 and -0 do not). */
export function sameDouble(a: number, b: number): boolean {
  return Object.is(a, b) || (a !== a && b !== b);
}

/** xorshift128+ with a fixed seed: the test inputs are the same on every run. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    this.s0 = seed | 0 || 1;
    this.s1 = 0x9e3779b9;
    this.s2 = 0x243f6a88;
    this.s3 = 0xb7e15162;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer (xorshift128). */
  u32(): number {
    const t = this.s0 ^ (this.s0 << 11);
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.s2 = this.s3;
    this.s3 = (this.s3 ^ (this.s3 >>> 19) ^ t ^ (t >>> 8)) | 0;
    return this.s3 >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  unit(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.unit();
  }

  /** A double with uniformly random bits: every sign, exponent (subnormals, Inf, NaN) and mantissa. */
  bits(): number {
    U[0] = this.u32();
    U[1] = this.u32();
    return F[0];
  }

  /** A random sign times 2**e * (1 + u) with e uniform in [eLo, eHi]: log-uniform magnitudes. */
  logUniform(eLo: number, eHi: number): number {
    const e = eLo + Math.floor(this.unit() * (eHi - eLo + 1));
    const m = (1 + this.unit()) * 2 ** e;
    return this.u32() & 1 ? -m : m;
  }
}

/** x moved by n ulps toward +Infinity (n may be negative), stepping through the bit pattern. */
export function nudge(x: number, n: number): number {
  if (x === 0) return n * Number.MIN_VALUE;
  F[0] = x;
  I[0] += BigInt(x < 0 || Object.is(x, -0) ? -n : n);
  return F[0];
}

/** x and the doubles within `spread` ulps of it on either side. */
export function around(x: number, spread: number): number[] {
  const out: number[] = [];
  for (let n = -spread; n <= spread; n++) out.push(nudge(x, n));
  return out;
}

export interface Comparison {
  count: number;
  maxUlp: number;
  /** Inputs where the result is more than maxAllowedUlp from the reference (first few). */
  failures: string[];
  /** Inputs where fn and its line-by-line port differ (first few). */
  portMismatches: string[];
}

/** Runs fn, its full fdlibm port and the reference over the inputs and collects the differences. */
export function compare(
  inputs: number[],
  fn: (x: number) => number,
  port: (x: number) => number,
  reference: (x: number) => number,
  maxAllowedUlp = 1,
): Comparison {
  let maxUlp = 0;
  const failures: string[] = [];
  const portMismatches: string[] = [];
  for (const x of inputs) {
    const got = fn(x);
    const want = reference(x);
    const d = ulpDistance(got, want);
    if (d > maxUlp) maxUlp = d;
    if (d > maxAllowedUlp && failures.length < 10) failures.push(`x=${x} (${hex(x)}): ${got} vs ${want}`);
    const full = port(x);
    if (!sameDouble(got, full) && portMismatches.length < 10) {
      portMismatches.push(`x=${x} (${hex(x)}): ${hex(got)} vs port ${hex(full)}`);
    }
  }
  return { count: inputs.length, maxUlp, failures, portMismatches };
}

/** count values from gen. */
export function many(count: number, gen: () => number): number[] {
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = gen();
  return out;
}
