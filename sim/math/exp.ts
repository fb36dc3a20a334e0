// exp(x) for the simulation engine, bit-identical on every JS engine (Math.exp is not): a port of
// fdlibm (FreeBSD msun e_exp.c) using only + - * / and exact bit tricks. Error < 1 ulp.
//   Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that
//   this notice is preserved.
// expFdlibm is the line-by-line port; exp is a smaller copy of it for the common inputs (small enough
// for V8 to inline: ~20 ns/call otherwise) that hands every other input to expFdlibm. Same bits.
import { POW2 } from './bits.ts';

const O_THRESHOLD = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF
const U_THRESHOLD = -7.45133219101941108420e+02; // 0xC0874910 D52D3051
const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INVLN2 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
const P1 = 1.66666666666666019037e-01; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-03; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-05; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-06; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-08; // 0x3E663769 72BEA4D0
const TWOM1000 = 9.33263618503218878990e-302; // 2**-1000
const TWO1023 = 8.98846567431157953865e+307; // 2**1023

// fdlibm compares the high word hx of |x| with constants; each test here compares |x| with the double
// whose high word is that constant and low word 0, which takes the same branch for every x.
const HX_3FD62E43 = 0.3465735912322998; // |x| >= this <=> hx > 0x3FD62E42 (|x| > 0.5 ln2)
const HX_3FF0A2B2 = 1.0397205352783203; // |x| < this <=> hx < 0x3FF0A2B2 (|x| < 1.5 ln2)
const HX_3E300000 = 3.725290298461914e-9; // |x| < this <=> hx < 0x3E300000 (|x| < 2**-28)
const HX_40862E42 = 709.7822265625; // |x| < this <=> hx < 0x40862E42

/** e**x, bit-identical to fdlibm's exp on every engine. */
export function exp(x: number): number {
  // Constants are written as literals here (a module-level const costs bytecode and a TDZ check per
  // use, and this body must stay small enough for V8 to inline): see expFdlibm for their names.
  const ax = Math.abs(x);
  // Outside [2**-28, 708) (or NaN): tiny, overflow/underflow, or 2**k needs the two-step scaling.
  if (!(ax < 708) || ax < 3.725290298461914e-9) return expFdlibm(x);
  let hi = x;
  let lo = 0;
  let k = 0;
  if (ax >= 0.3465735912322998) { // HX_3FD62E43: |x| > 0.5 ln2
    // fdlibm special-cases |x| < 1.5 ln2 as k = +-1, hi = x -+ ln2_hi, lo = +-ln2_lo: this general
    // reduction gives exactly that k, hi and lo there (k * LN2_HI is exact for |k| < 2000).
    k = (1.44269504088896338700e+00 * x + (x > 0 ? 0.5 : -0.5)) | 0; // INVLN2; (int) truncates
    hi = x - k * 6.93147180369123816490e-01; // LN2_HI
    lo = k * 1.90821492927058770002e-10; // LN2_LO
    x = hi - lo;
  }
  const t = x * x;
  const c = x - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 // P1, P2
    + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08)))); // P3, P4, P5
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  return (1 - ((lo - (x * c) / (2.0 - c)) - hi)) * POW2[k + 1022]; // 2**k, |k| < 1022 here
}

/** Line-by-line port of fdlibm e_exp.c (all inputs). exp() is the same function; use that. */
export function expFdlibm(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < HX_40862E42)) { // |x| >= 709.78..., or NaN
    if (x !== x) return x; // NaN
    if (x > O_THRESHOLD) return Infinity; // overflow, and exp(+Inf) = +Inf
    if (x < U_THRESHOLD) return 0; // underflow, and exp(-Inf) = 0
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HX_3FD62E43) { // |x| > 0.5 ln2: argument reduction
    if (ax < HX_3FF0A2B2) { // and |x| < 1.5 ln2
      if (x > 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INVLN2 * x + (x > 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < HX_3E300000) { // |x| < 2**-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * POW2[k + 1022]; // 2**k
  }
  return y * POW2[k + 2022] * TWOM1000; // 2**(k+1000) * 2**-1000
}
