// Shared bit-level helpers for sim/math: a scratch double whose two 32-bit halves can be read, and
// a table of exact powers of two. Not exported from index.ts; fdlibm's GET_HIGH_WORD etc. map onto these.

/** Scratch double; write F64[0] then read its words: I32[1]/U32[1] = high word, U32[0] = low word. */
export const F64 = new Float64Array(1);
export const U32 = new Uint32Array(F64.buffer);
export const I32 = new Int32Array(F64.buffer);

// The word layout above assumes little-endian doubles (true on every JS engine we target).
F64[0] = 1;
if (U32[1] !== 0x3ff00000 || U32[0] !== 0) {
  throw new Error('sim/math requires a little-endian platform (IEEE-754 double words in LE order)');
}
F64[0] = 0;

/**
 * POW2[k + 1022] === 2**k exactly, for every k in [-1022, 1023] (the normal exponents): fdlibm's
 * INSERT_WORDS(twopk, (0x3ff + k) << 20, 0). Callers write the offset 1022 as a literal: a named
 * constant there made the callers' bytecode too big for V8 to inline them.
 */
export const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) {
  U32[0] = 0;
  U32[1] = (0x3ff + k) << 20;
  POW2[k + 1022] = F64[0];
}
F64[0] = 0;
