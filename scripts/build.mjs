#!/usr/bin/env node
// Builds the run-time JavaScript in dist/ (tsc emit of sim/, scenarios/ and api/ with the
// import extensions rewritten; see tsconfig.build.json) when it is missing or older than any
// source file. `node scripts/build.mjs --force` always rebuilds. Run by `npm install` (prepare),
// `npm start` (prestart), `npm test` (pretest) and vitest's global setup, so neither a fresh
// clone nor an edited source tree can run stale code.
// It also bundles the report's script (viz/report/main.ts with d3 and the chart modules of
// viz/src/charts) into dist/report/report.js with Vite (library mode, one minified IIFE), when
// that file is missing or older than any viz/report or viz/src source; renderReport inlines it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.built');
const SOURCES = ['sim', 'scenarios', 'api'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** The report bundle: its entry, the chart modules it imports and its Vite configuration. */
const REPORT_SOURCES = ['viz/report', 'viz/src'];
const REPORT_OUT = join(ROOT, 'dist', 'report', 'report.js');
const REPORT_STAMP = join(ROOT, 'dist', 'report', '.built');

function newestIn(dirs, files = CONFIGS) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|json|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(ROOT, d));
  for (const f of files) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

const newestSource = () => newestIn(SOURCES);
const newestReportSource = () => newestIn(REPORT_SOURCES, ['package.json']);

// (1 ms of slack: file times set through utimes lose sub-microsecond digits.)
const older = (stamp, newest) => !existsSync(stamp) || statSync(stamp).mtimeMs + 1 < newest;

export function isStale() {
  return older(STAMP, newestSource()) || !existsSync(REPORT_OUT) || older(REPORT_STAMP, newestReportSource());
}

function stamp(file, time) {
  writeFileSync(file, `${new Date(time).toISOString()}\n`);
  utimesSync(file, time / 1000, time / 1000);
}

/** Bundle viz/report/main.ts into dist/report/report.js (Vite, a devDependency like tsc). */
function buildReport(quiet) {
  const started = newestReportSource();
  let vite;
  try {
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('Vite is not installed: run `npm install` (it builds dist/ and the report bundle too)');
  }
  if (!quiet) process.stderr.write('building dist/report/report.js (vite build --config viz/report/vite.config.ts)...\n');
  execFileSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'viz', 'report', 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
  stamp(REPORT_STAMP, started);
}

export function build({ force = false, quiet = false } = {}) {
  if (!force && !isStale()) return false;
  if (!force && !older(STAMP, newestSource())) {
    buildReport(quiet);
    return true;
  }
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
  stamp(STAMP, started);
  buildReport(quiet);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build({ force: process.argv.includes('--force') });
}
