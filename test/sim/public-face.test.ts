// Narrow public faces: sim/index.ts exports at most 30 values; sim/experiments is its own entry
// point and imports only sim/index.ts (and the pure sim/math); no import circles between files
// of sim/, api/, viz/ or scenarios/ beyond the known ones listed here (which must only shrink:
// a new circle fails, and so does a listed one that is gone, so the list stays true).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sim from '../../sim/index.ts';
import { findCycles, importGraph, runtimeImports } from '../../scripts/check-cycles.mjs';

/** Circles present when the check was introduced, each in an area another branch owns. */
const KNOWN_CIRCLES = [
  'api/queue/redis-executor.ts -> api/store/executor.ts', // m14: AbortedError lives in executor.ts
  'sim/emergence.ts -> sim/world.ts', // world.ts builds emergence; emergence uses world's helpers
  'viz/src/draw.ts -> viz/src/map-view.ts', // m12
  'viz/src/layout.ts -> viz/src/runs.ts', // m12
];

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

  it('there are none in sim/, api/, viz/ or scenarios/ beyond the known ones (which are all still there)', () => {
    const found = findCycles(importGraph()).map(circleKey).sort();
    expect(found).toEqual([...KNOWN_CIRCLES].sort());
  });
});
