import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as simMath from '../../../sim/math/index.ts';
import { POW2 } from '../../../sim/math/bits.ts';
import { hex } from './helpers.ts';

const dir = fileURLToPath(new URL('../../../sim/math/', import.meta.url));
// The only Math functions whose results every engine must give bit for bit.
const EXACT_MATH = new Set(['abs', 'floor', 'ceil', 'trunc', 'sqrt', 'fround', 'round', 'sign', 'min', 'max']);

describe('sim/math sources', () => {
  it('call no Math function that may differ between engines', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const code = readFileSync(dir + file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const used = [...code.matchAll(/\bMath\s*\.\s*([A-Za-z0-9_$]+)/g)].map((m) => m[1]);
      expect({ file, unexpected: used.filter((name) => !EXACT_MATH.has(name)) }).toEqual({ file, unexpected: [] });
    }
  });

  it('index exports the two functions', () => {
    expect(Object.keys(simMath).sort()).toEqual(['exp', 'log']);
  });

  it('POW2 holds exact powers of two', () => {
    let p = 1;
    for (let k = 0; k <= 1023; k++, p *= 2) expect(POW2[k + 1022]).toBe(p);
    p = 1;
    for (let k = 0; k >= -1022; k--, p /= 2) expect(POW2[k + 1022]).toBe(p);
    expect(hex(POW2[0])).toBe('0x0010000000000000');
    expect(hex(POW2[2045])).toBe('0x7fe0000000000000');
  });
});
