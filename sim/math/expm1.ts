// expm1(x) = exp(x) - 1 for the simulation engine, accurate near 0 and bit-identical on every JS
// engine: a port of fdlibm (FreeBSD msun s_expm1.c) using only + - * / and exact bit tricks. Error < 1 ulp.
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that
//   this notice is preserved.
// expm1Fdlibm is the line-by-line port; expm1 is a smaller copy of it for the common inputs (small
// enough for V8 to inline: ~20 ns/call otherwise) that hands every other input to expm1Fdlibm. Same bits.
import { POW2 } from './bits.ts';

const O_THRESHOLD = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF
const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INVLN2 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
// Scaled Q's: Qn here = 2**n * Qn of the rational approximation, for R(2*z) where z = x*x/2.
const Q1 = -3.33333333333331316428e-02; // 0xBFA11111 111110F4
const Q2 = 1.58730158725481460165e-03; // 0x3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-05; // 0xBF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-06; // 0x3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-07; // 0xBE8AFDB7 6E09C32D
const TWO1023 = 8.98846567431157953865e+307; // 2**1023

// fdlibm compares the high word hx of |x| with constants; each test here compares |x| with the double
// whose high word is that constant and low word 0, which takes the same branch for every x.
const HX_3FD62E43 = 0.3465735912322998; // |x| >= this <=> hx > 0x3FD62E42 (|x| > 0.5 ln2)
const HX_3FF0A2B2 = 1.0397205352783203; // |x| < this <=> hx < 0x3FF0A2B2 (|x| < 1.5 ln2)
const HX_3C900000 = 5.551115123125783e-17; // |x| < this <=> hx < 0x3C900000 (|x| < 2**-54)
const HX_4043687A = 38.81622314453125; // |x| < this <=> hx < 0x4043687A (|x| < 56 ln2)
const HX_40862E42 = 709.7822265625; // |x| < this <=> hx < 0x40862E42

/** e**x - 1, bit-identical to fdlibm's expm1 on every engine. */
export function expm1(x: number): number {
  // Constants are written as literals here (a module-level const costs bytecode and a TDZ check per
  // use, and this body must stay small enough for V8 to inline): see expm1Fdlibm for their names.
  const ax = Math.abs(x);
  // Outside [2**-54, 13.5) (or NaN): tiny; -1 or overflow; or the rarer k >= 20 scaling.
  if (!(ax < 13.5) || ax < 5.551115123125783e-17) return expm1Fdlibm(x);
  let k = 0;
  let c = 0;
  if (ax >= 0.3465735912322998) { // HX_3FD62E43: |x| > 0.5 ln2
    // fdlibm special-cases |x| < 1.5 ln2 as k = +-1, hi = x -+ ln2_hi, lo = +-ln2_lo: this general
    // reduction gives exactly that k, hi and lo there (k * LN2_HI is exact for |k| < 2000).
    k = (1.44269504088896338700e+00 * x + (x > 0 ? 0.5 : -0.5)) | 0; // INVLN2; (int) truncates
    const hi = x - k * 6.93147180369123816490e-01; // LN2_HI
    const lo = k * 1.90821492927058770002e-10; // LN2_LO
    x = hi - lo;
    c = (hi - x) - lo;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (-3.33333333333331316428e-02 + hxs * (1.58730158725481460165e-03 // Q1, Q2
    + hxs * (-7.93650757867487942473e-05 + hxs * (4.00821782732936239552e-06 // Q3, Q4
    + hxs * -2.01099218183624371326e-07)))); // Q5
  const t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = (x * (e - c) - c) - hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1 + 2.0 * (x - e);
  if (k < 0) return (1 - (e - x)) * POW2[k + 1022] - 1; // k <= -2: 2**k
  return ((1 - POW2[1022 - k]) - (e - x)) * POW2[k + 1022]; // 2 <= k < 20: 1 - 2**-k is exact
}

/** Line-by-line port of fdlibm s_expm1.c (all inputs). expm1() is the same function; use that. */
export function expm1Fdlibm(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < HX_4043687A)) { // |x| >= 56 ln2, or NaN
    if (!(ax < HX_40862E42)) { // |x| >= 709.78..., or NaN
      if (x !== x) return x; // NaN
      if (x > O_THRESHOLD) return Infinity; // overflow, and expm1(+Inf) = +Inf
    }
    if (x < 0) return -1; // x < -56 ln2, and expm1(-Inf) = -1
  }
  let hi: number;
  let lo: number;
  let k = 0;
  let c = 0;
  if (ax >= HX_3FD62E43) { // |x| > 0.5 ln2: argument reduction
    if (ax < HX_3FF0A2B2) { // and |x| < 1.5 ln2
      if (x > 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INVLN2 * x + (x > 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (ax < HX_3C900000) { // |x| < 2**-54
    return x; // (keeps the sign of -0)
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  e = (x * (e - c) - c);
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1 + 2.0 * (x - e);
  }
  let y: number;
  if (k <= -2 || k > 56) { // suffices to return exp(x) - 1
    y = 1 - (e - x);
    if (k === 1024) y = y * 2.0 * TWO1023;
    else y = y * POW2[k + 1022]; // 2**k
    return y - 1;
  }
  if (k < 20) {
    t = 1 - POW2[1022 - k]; // 1 - 2**-k, exact
    y = t - (e - x);
    y = y * POW2[k + 1022];
  } else {
    t = POW2[1022 - k]; // 2**-k
    y = x - (e + t);
    y += 1;
    y = y * POW2[k + 1022];
  }
  return y;
}
