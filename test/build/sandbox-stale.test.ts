// scripts/build.mjs decides when the sandbox (viz/dist) needs building, so that install,
// `npm start` and `npm test` build it only when missing or stale, and serving needs no Vite.
// Checked on a throw-away tree (no Vite runs here): missing, unstamped, stale after an edit to a
// page, a style or the engine it bundles, current otherwise; and a tree that ships only the
// build (no sources) counts as current.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_STAMP, sandboxStale } from '../../scripts/build.mjs';

const root = mkdtempSync(join(tmpdir(), 'govsim-sandbox-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1) / 1000;
function put(rel: string, t: number): void {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, rel);
  utimesSync(p, t, t);
}

describe('sandbox staleness (scripts/build.mjs sandboxStale)', () => {
  it('a built sandbox with no sources beside it is current', () => {
    put('viz/dist/index.html', T0);
    put(`viz/dist/${SANDBOX_STAMP}`, T0);
    expect(sandboxStale(root)).toBe('');
  });

  it('missing, or built without a stamp, is stale', () => {
    const r2 = mkdtempSync(join(tmpdir(), 'govsim-sandbox-stale-'));
    try {
      expect(sandboxStale(r2)).toMatch(/missing/);
      mkdirSync(join(r2, 'viz/dist'), { recursive: true });
      writeFileSync(join(r2, 'viz/dist/index.html'), '');
      expect(sandboxStale(r2)).toMatch(/no build stamp/);
    } finally {
      rmSync(r2, { recursive: true, force: true });
    }
  });

  it('is stale after an edit to any sandbox source, and current once the stamp is newer', () => {
    put('package.json', T0 - 100);
    put('viz/index.html', T0 - 100);
    put('sim/step.ts', T0 - 100);
    expect(sandboxStale(root)).toBe('');
    for (const [i, rel] of ['viz/src/style.css', 'viz/index.html', 'sim/step.ts', 'scenarios/presets/x.json', 'viz/workshop/join.html', 'package.json'].entries()) {
      put(rel, T0 + 10 * (i + 1));
      expect(sandboxStale(root), rel).toMatch(/newer than viz\/dist/);
      put(`viz/dist/${SANDBOX_STAMP}`, T0 + 10 * (i + 1));
      expect(sandboxStale(root), rel).toBe('');
    }
  });

  it('the build output and the report sources do not count as sandbox sources', () => {
    put('viz/dist/assets/index.js', T0 + 1000);
    put('viz/report/main.ts', T0 + 1000);
    expect(sandboxStale(root)).toBe('');
  });
});
