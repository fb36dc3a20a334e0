#!/usr/bin/env node
// Import-cycle check: no circle of imports between files of sim/, api/ or viz/ (each folder on
// its own and across them). Follows relative imports that survive compilation: value imports,
// side-effect imports, re-exports and dynamic import('...') with a literal path; `import type`
// and `export type` are erased and are not followed. Exit 1 listing each circle found.
//
// And the engine's public face: code outside sim/ (api/, viz/, scripts/, bench/, bin/) may import
// from sim/ only through the entry points below (any import, type-only ones included), plus the
// listed exceptions for the named folders. Exit 1 listing each deep import found.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FOLDERS = ['sim', 'api', 'viz/src', 'viz/workshop', 'scenarios'];

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'dist') out.push(...files(p)); }
    else if (/\.(ts|mts|mjs|js)$/.test(e.name) && !/\.d\.m?ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Relative specifiers a source text loads at run time. */
export function runtimeImports(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  const patterns = [
    /^\s*import\s+(?!type[\s{])[^'";]*?from\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /^\s*export\s+(?!type[\s{])[^'";]*?from\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1].startsWith('.')) out.add(m[1]);
  // `import { type A, type B } from` loads nothing either (verbatimModuleSyntax keeps it, though: count it).
  return [...out];
}

/**
 * The entry points of sim/ for code outside it, and why each is one (sim/index.ts says the same).
 * Everything else under sim/ is private.
 */
export const SIM_ENTRY_POINTS = {
  'sim/index.ts': 'the engine: run, stepping, scenarios, levers, series and metrics, snapshots (≤ 30 values)',
  'sim/experiments/index.ts': 'designs, jobs, statistics, calibration and posterior comparison',
  'sim/schema/index.ts': 'the TypeBox schemas of scenarios, patches, levers and results',
  'sim/inspect.ts': "the sandbox's and workshop's read-only views into a running simulation",
  'sim/taxonomy.ts': 'issue, level and housing labels (data)',
  'sim/calendar.ts': 'dates',
  'sim/csv.ts': 'the CSV writer',
  'sim/run-defaults.ts': 'the one set of run defaults',
  'sim/scenario.ts': 'scenarios without the engine (fast start: govsim presets, the preset registry)',
  'sim/levers.ts': 'the lever catalogue and its text parser without the engine (fast start; the sandbox page, which never loads engine code)',
  'sim/version.ts': 'ENGINE_VERSION without the engine (fast start)',
};

/** Deep imports allowed only from the named folders, each with its reason. */
export const SIM_EXCEPTIONS = {
  'sim/schema/problems.ts': {
    from: ['api/'],
    why: 'schema error paths for Fastify validation errors; sim/schema is being reworked elsewhere: re-export from sim/schema/index.ts, then drop this',
  },
  'sim/rng.ts': { from: ['bench/'], why: "bench/engine.ts's dense reference sweep draws from the engine's own random stream" },
};

/** Folders outside sim/ whose imports into sim/ are checked. */
export const OUTSIDE = ['api', 'viz', 'scripts', 'bench', 'bin'];

/** Relative specifiers a source text imports, type-only imports and re-exports included. */
export function allImports(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  const patterns = [
    /^\s*(?:import|export)\s+[^'";]*?from\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1].startsWith('.')) out.add(m[1]);
  return [...out];
}

/** Is `from` (a file outside sim/) allowed to import `to` (a file under sim/)? */
export function allowedSimImport(from, to) {
  if (to in SIM_ENTRY_POINTS) return true;
  const ex = SIM_EXCEPTIONS[to];
  return ex !== undefined && ex.from.some((f) => from.startsWith(f));
}

/** Every import from api/, viz/, scripts/, bench/ or bin/ into sim/ that is not through an entry point. */
export function deepSimImports() {
  const found = [];
  for (const folder of OUTSIDE) {
    for (const f of files(join(ROOT, folder))) {
      const from = relative(ROOT, f).split(sep).join('/');
      for (const spec of allImports(readFileSync(f, 'utf8'))) {
        const to = relative(ROOT, resolve(dirname(f), spec)).split(sep).join('/');
        if (to.startsWith('sim/') && !allowedSimImport(from, to)) found.push({ from, to });
      }
    }
  }
  return found;
}

/** Every elementary circle's files (each reported once, as found by depth-first search). */
export function findCycles(graph) {
  const cycles = [];
  const state = new Map(); // 1 on stack, 2 done
  const stack = [];
  const visit = (n) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

export function importGraph() {
  const graph = new Map();
  for (const folder of FOLDERS) {
    for (const f of files(join(ROOT, folder))) {
      const from = relative(ROOT, f);
      const to = [];
      for (const spec of runtimeImports(readFileSync(f, 'utf8'))) {
        const target = resolve(dirname(f), spec);
        if (existsSync(target) && statSync(target).isFile()) to.push(relative(ROOT, target));
      }
      graph.set(from, to);
    }
  }
  return graph;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cycles = findCycles(importGraph());
  const deep = deepSimImports();
  if (cycles.length) process.stderr.write(`import circles:\n${cycles.map((c) => `  ${c.join(' -> ')}`).join('\n')}\n`);
  if (deep.length) {
    process.stderr.write(`imports into sim/ that bypass its entry points (${Object.keys(SIM_ENTRY_POINTS).join(', ')}):\n`
      + `${deep.map((d) => `  ${d.from} -> ${d.to}`).join('\n')}\n`);
  }
  if (cycles.length || deep.length) process.exit(1);
  process.stdout.write('no import circles in sim/, api/, viz/, scenarios/; code outside sim/ uses its entry points only\n');
}
