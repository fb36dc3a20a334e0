#!/usr/bin/env node
// Dependency check: every package the run-time code imports (sim/, scenarios/, api/, bin/;
// value imports, dynamic imports and createRequire(...) look-ups, not `import type`) must be
// declared under "dependencies" in package.json and resolve in `npm ls --omit=dev` (so an
// install without dev tools runs), and nothing may be imported through a package's private
// file path (a deep path the package does not export). Exit 1 with the list of problems.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME = ['sim', 'scenarios', 'api', 'bin'];
/** Files that run only from the TypeScript sources (tests, npm scripts), never from dist/. */
const DEV_ONLY = new Set(['api/pool/worker.mjs', 'api/pool/planner.mjs', 'api/workshop/chain-worker.mjs', 'bin/run-ts.mjs']);

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|mjs|js)$/.test(e.name) && !/\.d\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Bare specifiers imported for their values by a source text. */
export function runtimeSpecifiers(text) {
  const specs = new Set();
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) specs.add(m[1]);
  for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.add(m[1]);
  for (const m of code.matchAll(/^\s*export\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) specs.add(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.add(m[1]);
  for (const m of code.matchAll(/createRequire\([^)]*\)(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.add(m[1]);
  return [...specs].filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

export function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);
const isBuiltin = (s) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0]);

export function checkDependencies() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys(pkg.dependencies ?? {}));
  const used = new Map(); // package -> first file importing it
  const problems = [];
  for (const dir of RUNTIME) {
    for (const f of files(join(ROOT, dir))) {
      if (DEV_ONLY.has(relative(ROOT, f).split('\\').join('/'))) continue;
      for (const spec of runtimeSpecifiers(readFileSync(f, 'utf8'))) {
        if (isBuiltin(spec)) continue;
        const name = packageOf(spec);
        if (!used.has(name)) used.set(name, relative(ROOT, f));
        if (spec !== name) {
          // A subpath is allowed only when the package exports it.
          const exportsField = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).exports;
          const sub = `.${spec.slice(name.length)}`;
          const ok = exportsField && typeof exportsField === 'object' && Object.keys(exportsField).some((k) => k === sub || (k.endsWith('*') && sub.startsWith(k.slice(0, -1))));
          if (!ok) problems.push(`${relative(ROOT, f)} imports ${spec}: a private path of ${name} (not in its "exports")`);
        }
      }
    }
  }
  for (const [name, file] of used) {
    if (!declared.has(name)) problems.push(`${file} imports ${name}, which is not under "dependencies" in package.json`);
  }
  let tree;
  try {
    tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--depth=0', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    // npm ls exits 1 when something is missing or invalid; its JSON still says what.
    tree = JSON.parse(e.stdout || '{}');
  }
  const resolved = tree.dependencies ?? {};
  for (const name of used.keys()) {
    const d = resolved[name];
    if (!d || d.missing || d.invalid) problems.push(`npm ls --omit=dev does not resolve ${name}${d?.invalid ? ' (invalid version)' : ''}`);
  }
  for (const p of tree.problems ?? []) problems.push(`npm ls: ${p}`);
  return { used: [...used.keys()].sort(), problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { used, problems } = checkDependencies();
  if (problems.length) {
    process.stderr.write(`dependency check failed:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`dependency check: ${used.length} run-time packages, all declared and resolved by npm ls --omit=dev: ${used.join(', ')}\n`);
}
