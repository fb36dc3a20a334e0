#!/usr/bin/env node
// Builds the run-time JavaScript in dist/ (tsc emit of sim/, scenarios/ and api/ with the
// import extensions rewritten; see tsconfig.build.json) when it is missing or older than any
// source file. `node scripts/build.mjs --force` always rebuilds. Run by `npm install` (prepare),
// `npm start` (prestart), `npm test` (pretest) and vitest's global setup, so neither a fresh
// clone nor an edited source tree can run stale code.
// It also bundles the report's script (viz/report/main.ts with d3 and the chart modules of
// viz/src/charts) into dist/report/report.js with Vite (library mode, one minified IIFE), when
// that file is missing or older than any viz/report or viz/src source; renderReport inlines it.
// And it builds the browser sandbox (viz/dist, `vite build --config viz/vite.config.ts`) when
// viz/dist is missing or older than any sandbox source (viz/ pages, styles and modules, and the
// engine in sim/ and scenarios/ that its worker bundles), so that `npm start` / `govsim serve`
// need no dev tool at run time. Everything is skipped when fresh (a stat walk, no compiler).
// `--sandbox` builds only the sandbox, if stale (what `govsim serve --build` runs); the vitest
// global set-up skips the sandbox (tests build their own sandbox into temporary folders).
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

/** The sandbox: its sources (besides viz/dist and the report, which it does not bundle) and its stamp. */
const SANDBOX_SOURCES = ['viz', 'sim', 'scenarios'];
const SANDBOX_SKIP = new Set(['dist', 'report', 'node_modules']);
const SANDBOX_FILES = /\.(ts|mts|mjs|js|json|html|css|svg|png|woff2?)$/;
export const SANDBOX_STAMP = '.built';

function newestIn(dirs, files = CONFIGS, root = ROOT, pattern = /\.(ts|mts|json|mjs)$/, skip = new Set()) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (!skip.has(e.name)) walk(p); }
      else if (pattern.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of files) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

const newestSandboxSource = (root = ROOT) => newestIn(SANDBOX_SOURCES, ['package.json'], root, SANDBOX_FILES, SANDBOX_SKIP);

/**
 * Why the sandbox in `root`/viz/dist needs building ('' when it is current): missing, or older
 * than a source. Without sources (a tree that ships only the build) a built sandbox is current.
 */
export function sandboxStale(root = ROOT) {
  const dist = join(root, 'viz', 'dist');
  if (!existsSync(join(dist, 'index.html'))) return 'viz/dist is missing';
  const stampFile = join(dist, SANDBOX_STAMP);
  if (!existsSync(stampFile)) return 'viz/dist has no build stamp (built by hand?)';
  return older(stampFile, newestSandboxSource(root)) ? 'a sandbox source (viz/, sim/, scenarios/) is newer than viz/dist' : '';
}

const newestSource = () => newestIn(SOURCES);
const newestReportSource = () => newestIn(REPORT_SOURCES, ['package.json']);

// (1 ms of slack: file times set through utimes lose sub-microsecond digits.)
const older = (stamp, newest) => !existsSync(stamp) || statSync(stamp).mtimeMs + 1 < newest;

export function isStale({ sandbox = true } = {}) {
  return older(STAMP, newestSource()) || !existsSync(REPORT_OUT) || older(REPORT_STAMP, newestReportSource()) || (sandbox && sandboxStale() !== '');
}

function stamp(file, time) {
  writeFileSync(file, `${new Date(time).toISOString()}\n`);
  utimesSync(file, time / 1000, time / 1000);
}

function viteBin() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('Vite is not installed: run `npm install` (it builds dist/, the report bundle and the sandbox too)');
  }
}

/** Bundle viz/report/main.ts into dist/report/report.js (Vite, a devDependency like tsc). */
function buildReport(quiet) {
  const started = newestReportSource();
  const vite = viteBin();
  if (!quiet) process.stderr.write('building dist/report/report.js (vite build --config viz/report/vite.config.ts)...\n');
  execFileSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'viz', 'report', 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
  stamp(REPORT_STAMP, started);
}

/** Build the sandbox into viz/dist when stale (or always with `force`); true if it built. */
export function buildSandbox({ force = false, quiet = false } = {}) {
  const why = force ? 'forced' : sandboxStale();
  if (!why) return false;
  const started = newestSandboxSource();
  const vite = viteBin();
  if (!quiet) process.stderr.write(`building the sandbox into viz/dist (vite build --config viz/vite.config.ts): ${why}...\n`);
  execFileSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'viz', 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
  stamp(join(ROOT, 'viz', 'dist', SANDBOX_STAMP), started);
  return true;
}

export function build({ force = false, quiet = false, sandbox = true } = {}) {
  const built = buildDist({ force, quiet });
  const builtSandbox = sandbox ? buildSandbox({ force, quiet }) : false;
  return built || builtSandbox;
}

/** dist/ and the report bundle, when stale. */
function buildDist({ force, quiet }) {
  if (!force && !isStale({ sandbox: false })) return false;
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
  const force = process.argv.includes('--force');
  try {
    if (process.argv.includes('--sandbox')) {
      if (!buildSandbox({ force })) process.stderr.write('the sandbox (viz/dist) is current\n');
    } else build({ force });
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  }
}
