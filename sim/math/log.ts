// Natural logarithm for the simulation engine, bit-identical on every JS engine (Math.log is not):
// a port of fdlibm (FreeBSD msun e_log.c) using only + - * / and exact bit tricks. Error < 1 ulp.
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunSoft, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that
//   this notice is preserved.
// logFdlibm is the line-by-line port; log is a smaller copy of it for the common inputs (small enough
// for V8 to inline: ~20 ns/call otherwise) that hands every other input to logFdlibm. Same bits.
import { F64, I32, U32 } from './bits.ts';

const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e+16; // 2**54
const TWOM20 = 9.5367431640625e-7; // 2**-20
const TWOM52 = 2.220446049250313080847e-16; // 2**-52
const Lg1 = 6.666666666666735130e-01; // 0x3FE55555 55555593
const Lg2 = 3.999999999940941908e-01; // 0x3FD99999 9997FA04
const Lg3 = 2.857142874366239149e-01; // 0x3FD24924 94229359
const Lg4 = 2.222219843214978396e-01; // 0x3FCC71C5 1D8E78AF
const Lg5 = 1.818357216161805012e-01; // 0x3FC74664 96CB03DE
const Lg6 = 1.531383769920937332e-01; // 0x3FC39A09 D078C69F
const Lg7 = 1.479819860511658591e-01; // 0x3FC2F112 DF3E5244

// Where fdlibm normalises x by rewriting its high word (SET_HIGH_WORD(x, hx | (i ^ 0x3ff00000)))
// and takes f = x - 1, f is rebuilt from the words instead: with m = hx * 2**-20 + lx * 2**-52 (the
// exact mantissa fraction), f = m when i = 0 and f = (m - 1) / 2 otherwise, both exact. Same value,
// without a 32-bit store then 64-bit reload of the scratch double (which stalls store forwarding).

/** Natural logarithm, bit-identical to fdlibm's log on every engine. */
export function log(x: number): number {
  // Constants are written as literals here (a module-level const costs bytecode and a TDZ check per
  // use, and this body must stay small enough for V8 to inline): see logFdlibm for their names.
  F64[0] = x;
  let hx = I32[1];
  // Zero, negative, subnormal, Inf, NaN, or within 2**-20 of a power of two: the full port.
  if (hx < 0x00100000 || hx >= 0x7ff00000 || (0x000fffff & (2 + hx)) < 3) return logFdlibm(x);
  let k = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  k += i >> 20;
  const m = hx * 9.5367431640625e-7 + U32[0] * 2.220446049250313e-16; // TWOM20, TWOM52
  const f = i === 0 ? m : (m - 1.0) * 0.5;
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const R = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 // Lg1, Lg3
    + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01))) // Lg5, Lg7
    + w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01)); // Lg2, Lg4, Lg6
  // fdlibm's separate k == 0 formulas (f - (hfsq - s*(hfsq+R)) and f - s*(f-R)) equal these with
  // k = 0 bit for bit: 0*ln2 terms are +0, s*(...) != 0, and 0 - (a - f) == f - a, zeros included.
  let a: number;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    a = hfsq - (s * (hfsq + R) + k * 1.90821492927058770002e-10); // LN2_LO
  } else {
    a = s * (f - R) - k * 1.90821492927058770002e-10; // LN2_LO
  }
  return k * 6.93147180369123816490e-01 - (a - f); // LN2_HI
}

/** Line-by-line port of fdlibm e_log.c (all inputs). log() is the same function; use that. */
export function logFdlibm(x: number): number {
  F64[0] = x;
  let hx = I32[1];
  let k = 0;
  if (hx < 0x00100000) { // x < 2**-1022
    if (x === 0) return -Infinity; // log(+-0) = -Inf
    if (hx < 0) return NaN; // log(-#) = NaN (also -Inf and negative NaNs)
    k = -54; // subnormal: scale up x
    x *= TWO54;
    F64[0] = x;
    hx = I32[1];
  }
  if (hx >= 0x7ff00000) return x + x; // +Inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  k += i >> 20;
  const m = hx * TWOM20 + U32[0] * TWOM52;
  const f = i === 0 ? m : (m - 1.0) * 0.5; // x normalised into [sqrt(2)/2, sqrt(2)), minus 1
  if ((0x000fffff & (2 + hx)) < 3) { // -2**-20 <= f < 2**-20
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - R);
  return k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f);
}
