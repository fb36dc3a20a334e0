// Two JavaScript engines, one answer: the digest of a run computed in a Chromium worker and in
// a Firefox ESR worker equals the one computed in Node by run(). The page is served from a
// subpath here, which also checks that the build works from any folder (relative base).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { launchChromium, launchFirefox } from './helpers/browsers.ts';
import { openSandbox } from './helpers/page.ts';
import { buildSandbox, serveStatic, type StaticServer } from './helpers/serve.ts';

const SPEC = { preset: 'training', patches: [], levers: {}, seed: 1, days: 60 };
let dist: string;
let server: StaticServer;
let nodeDigest: string;

beforeAll(async () => {
  dist = await buildSandbox();
  server = await serveStatic(dist, '/workshop/sandbox/');
  nodeDigest = run(getScenario(SPEC.preset)!, { seed: SPEC.seed, days: SPEC.days }).manifest.digest;
});

afterAll(async () => {
  await server?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
});

describe('the digest of training (seed 1, 60 days)', () => {
  it('is the same in a Chromium worker as in Node', async () => {
    const browser = await launchChromium();
    try {
      const p = await openSandbox(browser, server.url);
      const digest = await p.page.evaluate((spec) => window.govsim.digest(spec), SPEC);
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      expect(digest).toBe(nodeDigest);
      // The page's own stepped run (day by day in chunks) agrees with the one-shot run.
      await p.page.evaluate(() => window.govsim.runToEnd());
      const stepped = await p.page.evaluate(() => (window.govsim.state() as { digest?: string }).digest);
      expect(stepped).toBe(run(getScenario('training')!, { seed: 1, days: 365 }).manifest.digest);
      expect(p.foreign).toEqual([]);
      expect(p.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('is the same in a Firefox ESR worker as in Node', async () => {
    const browser = await launchFirefox();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.waitForFunction(() => typeof window.govsim === 'object', { timeout: 60_000 });
      await page.evaluate(() => window.govsim.ready);
      const digest = await page.evaluate((spec) => window.govsim.digest(spec), SPEC);
      expect(digest).toBe(nodeDigest);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
