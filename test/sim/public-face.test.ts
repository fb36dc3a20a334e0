// Narrow public faces: sim/index.ts exports at most 30 values; sim/experiments is its own entry
// point and imports only sim/index.ts (and the pure sim/math); no import circles between files
// of sim/, api/, viz/ or scenarios/ (any circle fails); and code outside sim/ (api/, viz/,
// scripts/, bench/, bin/) imports sim/ only through its entry points (scripts/check-cycles.mjs
// SIM_ENTRY_POINTS, plus its named exceptions), type-only imports included.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sim from '../../sim/index.ts';
import { existsSync } from 'node:fs';
import {
  SIM_ENTRY_POINTS, SIM_EXCEPTIONS, allImports, allowedSimImport, deepSimImports, findCycles, importGraph, runtimeImports,
} from '../../scripts/check-cycles.mjs';

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

describe('the public face is enforced: code outside sim/ uses its entry points', () => {
  it('every entry point and exception exists, and sim/index.ts names the entry points', () => {
    const root = new URL('../../', import.meta.url);
    for (const f of [...Object.keys(SIM_ENTRY_POINTS), ...Object.keys(SIM_EXCEPTIONS)]) expect(existsSync(new URL(f, root)), f).toBe(true);
    const header = readFileSync(new URL('sim/index.ts', root), 'utf8');
    for (const f of Object.keys(SIM_ENTRY_POINTS)) if (f !== 'sim/index.ts') expect(header, f).toContain(f);
  });

  it('the scanner sees every kind of import, type-only and multi-line ones included', () => {
    const text = "import type { A } from '../sim/a.ts';\nimport {\n  b,\n  type C,\n} from '../sim/b.ts';\nexport type { D } from '../sim/d.ts';\n"
      + "const e = await import('../sim/e.ts');\nimport '../sim/f.ts';\n// import { g } from '../sim/g.ts';\nimport x from 'pkg';";
    expect(allImports(text).sort()).toEqual(['../sim/a.ts', '../sim/b.ts', '../sim/d.ts', '../sim/e.ts', '../sim/f.ts']);
  });

  it('the rule: entry points from anywhere, a private file never, an exception only from its folder', () => {
    expect(allowedSimImport('api/cli/run.ts', 'sim/index.ts')).toBe(true);
    expect(allowedSimImport('viz/src/posterior.ts', 'sim/experiments/index.ts')).toBe(true);
    for (const from of ['api/workshop/chain.ts', 'viz/src/share.ts', 'scripts/x.ts', 'bench/engine.ts', 'bin/govsim.mjs']) {
      expect(allowedSimImport(from, 'sim/apply-levers.ts'), from).toBe(false);
      expect(allowedSimImport(from, 'sim/experiments/plan.ts'), from).toBe(false);
      expect(allowedSimImport(from, 'sim/priors.ts'), from).toBe(false);
    }
    expect(allowedSimImport('bench/engine.ts', 'sim/rng.ts')).toBe(true);
    expect(allowedSimImport('api/cli/run.ts', 'sim/rng.ts')).toBe(false);
  });

  it('there are no deep imports into sim/ from api/, viz/, scripts/, bench/ or bin/', () => {
    expect(deepSimImports()).toEqual([]);
  });
});
