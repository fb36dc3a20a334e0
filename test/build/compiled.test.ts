// The compiled build: bin/govsim.mjs runs dist/ (plain JavaScript, no TypeScript loader), the
// pool's worker threads load the compiled engine worker, and dist/ is current (the global
// set-up rebuilt it if any source was newer).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStale } from '../../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('compiled build', () => {
  it('dist/ is built and current', () => {
    expect(existsSync(join(ROOT, 'dist/api/cli.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/api/pool/engine-worker.js'))).toBe(true);
    // The report bundle (viz/report/main.ts, Vite) that renderReport inlines.
    expect(readFileSync(join(ROOT, 'dist/report/report.js'), 'utf8')).toMatch(/^var govsimReport=/);
    expect(isStale({ sandbox: false })).toBe(false);
  });

  it('the compiled JavaScript imports .js files, never .ts, and loads no TypeScript loader', () => {
    const cli = readFileSync(join(ROOT, 'dist/api/cli.js'), 'utf8');
    expect(cli).toMatch(/from "\.\.\/sim\/version\.js"/);
    expect(cli).not.toMatch(/\.ts['"]/);
    const bin = readFileSync(join(ROOT, 'bin/govsim.mjs'), 'utf8');
    expect(bin).not.toMatch(/tsx/);
    expect(bin).toMatch(/dist\/api\/cli\.js/);
  });

  it('govsim presets runs from dist/ with Node alone (no tsx in the process)', () => {
    const r = spawnSync(process.execPath, ['--trace-warnings', join(ROOT, 'bin/govsim.mjs'), 'presets'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/qinhuai-2021/);
  });

  it('a pool worker thread runs the compiled engine worker and agrees with the sources', async () => {
    const { createPool } = await import(join(ROOT, 'dist/api/pool/pool.js')) as typeof import('../../api/pool/pool.ts');
    const { executeJob } = await import('../../sim/experiments/index.ts');
    const { getScenario } = await import('../../scenarios/index.ts');
    const job = { scenario: getScenario('training')!, seed: 3, days: 5, series: 'none' as const };
    const pool = createPool(1);
    try {
      const [outcome] = await pool.run([job]);
      expect(outcome?.ok).toBe(true);
      if (outcome?.ok) expect(outcome.outputs[0].manifest.digest).toBe(executeJob(job)[0].manifest.digest);
    } finally {
      await pool.close();
    }
  });
});
