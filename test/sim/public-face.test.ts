// Narrow public faces: sim/index.ts exports at most 30 values; sim/experiments is its own entry
// point and imports only sim/index.ts (and the pure sim/math); no import circles between files
// of sim/, api/, viz/ or scenarios/ (any circle fails).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sim from '../../sim/index.ts';
import { findCycles, importGraph, runtimeImports } from '../../scripts/check-cycles.mjs';

/** A circle as a stable text: its files sorted (each circle is reported from some start). */
const circleKey = (c: string[]) => [...new Set(c)].sort().join(' -> ');

describe('sim/index.ts', () => {
  it('exports at most 30 values', () => {
    const names = Object.keys(sim);
    expect(names.length).toBeLessThanOrEqual(30);
    expect(names).toEqual(expect.arrayContaining(['run', 'createSimulation', 'stepDays', 'finish', 'validateScenario', 'LEVERS', 'snapshot', 'restore', 'ENGINE_VERSION']));
  });
});

describe('sim/experiments', () => {
  it('imports only sim/index.ts (and the pure sim/math) from the engine', () => {
    const dir = new URL('../../sim/experiments/', import.meta.url);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const outside = [...text.matchAll(/from\s+'(\.\.\/[^']+)'/g)].map((m) => m[1]).filter((p) => p !== '../index.ts' && p !== '../math/index.ts');
      expect({ file: f, outside }).toEqual({ file: f, outside: [] });
    }
  });
});

describe('import circles', () => {
  it('the checker finds a circle, follows value imports and skips type-only ones', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(g).map(circleKey)).toEqual(['a -> b -> c']);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
    const text = "import type { A } from './a.ts';\nimport { b } from './b.ts';\nexport { c } from './c.ts';\nexport type { D } from './d.ts';\nconst e = await import('./e.ts');\nimport x from 'pkg';";
    expect(runtimeImports(text).sort()).toEqual(['./b.ts', './c.ts', './e.ts']);
  });

  it('there are none in sim/, api/, viz/ or scenarios/', () => {
    const found = findCycles(importGraph()).map(circleKey).sort();
    expect(found).toEqual([]);
  });
});
