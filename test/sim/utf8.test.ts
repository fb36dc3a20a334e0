// sim/digest.ts encodes UTF-8 in plain code (sim/ uses no host APIs): it must give the bytes
// TextEncoder gives, for any string (lone surrogates become U+FFFD in both).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../sim/digest.ts';

describe('utf8', () => {
  it('equals TextEncoder on any string, including astral characters and lone surrogates', () => {
    const enc = new TextEncoder();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(Array.from(utf8(s))).toEqual(Array.from(enc.encode(s)));
    }), { numRuns: 500 });
    for (const s of ['', 'a', '秦淮', '😀', '\ud800', 'x\udc00y', '\u07ff\u0800\uffff']) expect(Array.from(utf8(s))).toEqual(Array.from(enc.encode(s)));
  });
});
