// log1p(x) = log(1 + x) for the simulation engine, accurate near 0 and bit-identical on every JS
// engine: a port of fdlibm (FreeBSD msun s_log1p.c) using only + - * / and exact bit tricks. Error < 1 ulp.
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that
//   this notice is preserved.
// log1pFdlibm is the line-by-line port; log1p is a smaller copy of it for the common inputs (small
// enough for V8 to inline: ~20 ns/call otherwise) that hands every other input to log1pFdlibm. Same bits.
import { F64, I32, U32 } from './bits.ts';

const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWOM20 = 9.5367431640625e-7; // 2**-20
const TWOM52 = 2.220446049250313080847e-16; // 2**-52
const Lp1 = 6.666666666666735130e-01; // 0x3FE55555 55555593
const Lp2 = 3.999999999940941908e-01; // 0x3FD99999 9997FA04
const Lp3 = 2.857142874366239149e-01; // 0x3FD24924 94229359
const Lp4 = 2.222219843214978396e-01; // 0x3FCC71C5 1D8E78AF
const Lp5 = 1.818357216161805012e-01; // 0x3FC74664 96CB03DE
const Lp6 = 1.531383769920937332e-01; // 0x3FC39A09 D078C69F
const Lp7 = 1.479819860511658591e-01; // 0x3FC2F112 DF3E5244

// Where fdlibm normalises u = 1 + x by rewriting its high word (SET_HIGH_WORD(u, hu | 0x3ff00000)
// or hu | 0x3fe00000) and takes f = u - 1, f is rebuilt from the words instead: with
// m = hu * 2**-20 + lu * 2**-52 (the exact mantissa fraction), f = m or (m - 1) / 2, both exact.

/** log(1 + x), bit-identical to fdlibm's log1p on every engine. */
export function log1p(x: number): number {
  // Constants are written as literals here (a module-level const costs bytecode and a TDZ check per
  // use, and this body must stay small enough for V8 to inline): see log1pFdlibm for their names.
  // fdlibm's tests of the high word hx of x become comparisons of x with the double whose high word
  // is the constant and whose low word is 0 (same branch for every x), so x itself is never stored.
  // |x| < 2**-29 (zeros too), x <= -1, x >= 2**53, Inf or NaN: the full port.
  if (!(x > -1.0 && x < 9007199254740992) || Math.abs(x) < 1.862645149230957e-9) return log1pFdlibm(x);
  let k = 0;
  let c = 0;
  let f = x;
  // hx >= 0x3fda827a or hx > 0xbfd2bec4 (signed): 1 + x outside [sqrt(2)/2-, sqrt(2)+), so k != 0
  if (x >= 0.4142136573791504 || x <= -0.292893648147583) {
    const u = 1.0 + x;
    F64[0] = u;
    let hu = I32[1];
    k = (hu >> 20) - 1023;
    c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u; // correction term
    hu &= 0x000fffff;
    const m = hu * 9.5367431640625e-7 + U32[0] * 2.220446049250313e-16; // TWOM20, TWOM52
    if (hu < 0x6a09e) { // u ~< sqrt(2)
      f = m;
    } else {
      k += 1;
      f = (m - 1.0) * 0.5;
      hu = (0x00100000 - hu) >> 2;
    }
    if (hu === 0 || k === 0) return log1pFdlibm(x); // |f| < 2**-20 (and k == 0 cannot happen here)
  }
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (6.666666666666735130e-01 + z * (3.999999999940941908e-01 + z * (2.857142874366239149e-01 // Lp1-3
    + z * (2.222219843214978396e-01 + z * (1.818357216161805012e-01 // Lp4, Lp5
    + z * (1.531383769920937332e-01 + z * 1.479819860511658591e-01)))))); // Lp6, Lp7
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * 6.93147180369123816490e-01 // LN2_HI
    - ((hfsq - (s * (hfsq + R) + (k * 1.90821492927058770002e-10 + c))) - f); // LN2_LO
}

/** Line-by-line port of fdlibm s_log1p.c (all inputs). log1p() is the same function; use that. */
export function log1pFdlibm(x: number): number {
  F64[0] = x;
  const hx = I32[1];
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) { // 1 + x < sqrt(2)+
    if (ax >= 0x3ff00000) { // x <= -1.0 (or a negative NaN)
      if (x === -1.0) return -Infinity; // log1p(-1) = -Inf
      return NaN; // log1p(x < -1) = NaN
    }
    if (ax < 0x3e200000) { // |x| < 2**-29
      if (ax < 0x3c900000) return x; // |x| < 2**-54 (keeps the sign of -0)
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { // sqrt(2)/2- <= 1 + x < sqrt(2)+
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +Inf or NaN
  if (k !== 0) {
    let lu: number;
    if (hx < 0x43400000) { // x < 2**53
      const u = 1.0 + x;
      F64[0] = u;
      hu = I32[1];
      lu = U32[0];
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      hu = hx; // u = x
      lu = U32[0];
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    const m = hu * TWOM20 + lu * TWOM52;
    if (hu < 0x6a09e) { // u ~< sqrt(2)
      f = m;
    } else {
      k += 1;
      f = (m - 1.0) * 0.5;
      hu = (0x00100000 - hu) >> 2;
    }
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) { // |f| < 2**-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}
