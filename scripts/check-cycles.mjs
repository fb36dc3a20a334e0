#!/usr/bin/env node
// Import-cycle check: no circle of imports between files of sim/, api/ or viz/ (each folder on
// its own and across them). Follows relative imports that survive compilation: value imports,
// side-effect imports, re-exports and dynamic import('...') with a literal path; `import type`
// and `export type` are erased and are not followed. Exit 1 listing each circle found.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FOLDERS = ['sim', 'api', 'viz/src', 'viz/workshop', 'scenarios'];

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'dist') out.push(...files(p)); }
    else if (/\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
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
  if (cycles.length) {
    process.stderr.write(`import circles:\n${cycles.map((c) => `  ${c.join(' -> ')}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('no import circles in sim/, api/, viz/, scenarios/\n');
}
