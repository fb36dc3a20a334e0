// Patch conflicts in the browser: two ticked patches that set one lever differently are shown
// (lever, patches, values, in the page's language) and nothing runs until one is unticked. The
// real patches agree wherever they overlap, so this build adds one test patch to the registry
// (helpers/registry-with-conflict.ts) that conflicts with rec-power-responsibility.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatches, findConflicts, getLever, run } from '../../sim/index.ts';
import { getPatch, getScenario } from '../../scenarios/index.ts';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, settled, state, until, type GuardedPage } from './helpers/page.ts';
import { CONFLICTING } from './helpers/registry-with-conflict.ts';
import { REPO, buildSandbox, serveStatic, type StaticServer } from './helpers/serve.ts';

const ARTIFACTS = join(REPO, 'test-artifacts');
let dist: string;
let server: StaticServer;
let browser: Promise<Browser> | undefined;
const opened: GuardedPage[] = [];

beforeAll(async () => {
  dist = await buildSandbox(undefined, { registry: fileURLToPath(new URL('./helpers/registry-with-conflict.ts', import.meta.url)) });
  server = await serveStatic(dist);
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const p of opened) await p.close().catch(() => undefined);
  await (await browser?.catch(() => undefined))?.close();
  await server?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
});

async function open(query = ''): Promise<GuardedPage> {
  browser ??= launchChromium();
  const p = await openSandbox(await browser, server.url, query);
  opened.push(p);
  return p;
}

describe('conflicting patches', () => {
  const power = getPatch('rec-power-responsibility')!;
  const lever = getLever('staffing.streetStaff')!;

  it('the test patch really conflicts with rec-power-responsibility (and with nothing else)', () => {
    expect(findConflicts([power, CONFLICTING]).map((c) => c.lever)).toEqual([lever.id]);
  });

  it('are reported beside the patches, and nothing runs until one is unticked', async () => {
    const p = await open('?days=30');
    const { page } = p;
    await page.click('#patches > summary');
    await page.check('#pt-rec-power-responsibility');
    await page.check(`#pt-${CONFLICTING.id}`);
    const s = await until(page, (x) => x.conflicts.length > 0 && !x.pending);
    expect(s.conflicts).toEqual([lever.id]);
    expect(s.horizon).toBe(0); // no run open
    expect(page.url()).toContain(`patch=rec-power-responsibility,${CONFLICTING.id}`);
    const box = page.locator('#patch-conflicts');
    expect(await box.isVisible()).toBe(true);
    const text = (await box.textContent()) ?? '';
    expect(text).toContain(lever.label.zh);
    expect(text).toContain(power.name.zh);
    expect(text).toContain(CONFLICTING.name.zh);
    expect(text).toContain(`${power.levers[lever.id]} ${lever.unit.zh}`);
    expect(text).toContain(`${CONFLICTING.levers[lever.id]} ${lever.unit.zh}`);
    expect(await page.locator('[data-patch].conflict').count()).toBe(2);
    for (const id of ['#play', '#step-day', '#step-month', '#to-end', '#restart']) expect(await page.isDisabled(id), id).toBe(true);
    expect(await page.locator('#status').textContent()).toMatch(/补丁冲突/);
    await box.evaluate((e) => e.closest('details')!.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-conflict-zh.png') });
    // In English too.
    await page.click('#lang');
    await until(page, (x) => x.lang === 'en');
    expect(await box.textContent()).toContain(lever.label.en);
    expect(await page.locator('#status').textContent()).toMatch(/conflict/i);
    // Untick one: the run opens and is the preset + the patch that stayed.
    await page.uncheck(`#pt-${CONFLICTING.id}`);
    await settled(page);
    await until(page, (x) => x.conflicts.length === 0 && x.horizon === 30);
    expect(await box.isVisible()).toBe(false);
    await page.click('#to-end');
    const done = await until(page, (x) => x.done && !!x.digest && x.drawn);
    expect(done.digest).toBe(run(applyPatches(getScenario('training')!, [power]), { seed: 1, days: 30 }).manifest.digest);
    expect(p.foreign).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('in a shared link are reported the same way, without running', async () => {
    const p = await open(`?days=30&patch=rec-power-responsibility,${CONFLICTING.id}&lang=en`);
    const s = await state(p.page);
    expect(s.conflicts).toEqual([lever.id]);
    expect(s.spec.patches).toEqual(['rec-power-responsibility', CONFLICTING.id]);
    expect(s.horizon).toBe(0);
    expect(await p.page.locator('#patch-conflicts').textContent()).toContain(CONFLICTING.name.en);
    expect(await p.page.locator('#blocked').isVisible()).toBe(true);
    expect(p.errors).toEqual([]);
  });
});
