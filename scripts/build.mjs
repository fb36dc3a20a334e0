#!/usr/bin/env node
// Builds the run-time JavaScript in dist/ (tsc emit of sim/, scenarios/ and api/ with the
// import extensions rewritten; see tsconfig.build.json) when it is missing or older than any
// source file. `node scripts/build.mjs --force` always rebuilds. Run by `npm install` (prepare),
// `npm start` (prestart), `npm test` (pretest) and vitest's global setup, so neither a fresh
// clone nor an edited source tree can run stale code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.built');
const SOURCES = ['sim', 'scenarios', 'api'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|json|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCES) walk(join(ROOT, d));
  for (const f of CONFIGS) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

export function isStale() {
  // (1 ms of slack: file times set through utimes lose sub-microsecond digits.)
  return !existsSync(STAMP) || statSync(STAMP).mtimeMs + 1 < newestSource();
}

export function build({ force = false, quiet = false } = {}) {
  if (!force && !isStale()) return false;
  const started = newestSource();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('the TypeScript compiler is not installed: run `npm install` (it builds dist/ too)');
  }
  if (!quiet) process.stderr.write('building dist/ (tsc -p tsconfig.build.json)...\n');
  // A clean emit: a deleted source must not leave its old JavaScript behind.
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  // The stamp records the sources' state before the build started, so an edit made during
  // the build still counts as newer next time.
  writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
  utimesSync(STAMP, started / 1000, started / 1000);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build({ force: process.argv.includes('--force') });
}
