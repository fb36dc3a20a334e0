// Compare mode under parameter uncertainty in Debian's Chromium (playwright-core): a posterior
// ensemble made by the real `govsim calibrate` at tiny settings is loaded into the sandbox, B (the
// bare preset) vs A (preset + a reform patch) runs over draws × seeds in the page's workers, the
// table shows the CI of the mean (seed noise) and the range over plausible worlds, and the JSON export's
// posteriorCompare deep-equals the posterior-compare.json of `govsim compare --posterior` for the
// same file, draws, seeds, days and seed. Bad files are refused naming what is wrong. Screenshots
// at 390×844 and 1920×1080 (zh, en) go to test-artifacts/.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.ts';
import { checkPosterior, posteriorDigest } from '../../sim/experiments/index.ts';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, until, type GuardedPage } from './helpers/page.ts';
import { REPO, buildSandbox, serveStatic, type StaticServer } from './helpers/serve.ts';

const ARTIFACTS = join(REPO, 'test-artifacts');
const dir = tempDir('govsim-viz-post-');
const PATCH = 'rec-power-responsibility';
const DAYS = 60;
const SEED = 3;
const DRAWS = 6;
const SEEDS = 2;
let dist: string;
let server: StaticServer;
let browser: Promise<Browser> | undefined;
const opened: GuardedPage[] = [];
let cliFile: unknown;

beforeAll(async () => {
  // The ensemble: the engine's own calibration (ABC) at tiny settings, two parameters.
  writeFileSync(join(dir, 'cal.yaml'), [
    'targets:',
    '  - {metric: rate.resolution, low: 0.5, high: 0.9, source: test}',
    '  - {metric: hotline.appealShare, low: 0.3, high: 0.5}',
    'parameters:',
    '  - model.quality',
    '  - {lever: model.hotlineRate, prior: {dist: loguniform, low: 0.08, high: 0.25}}',
  ].join('\n'));
  const cal = await cli(['calibrate', 'training', '--config', 'cal.yaml', '--particles', '6', '--generations', '2', '--max-batches', '2', '--days', '12', '--seed', '5', '--workers', '0', '--out', 'cal'], dir);
  expect(cal.code, cal.err).toBe(0);
  // The library's result for the same inputs: govsim compare --posterior.
  const cmp = await cli(['compare', 'training', PATCH, '--posterior', join('cal', 'posterior.json'), '--draws', String(DRAWS), '--seeds-per-draw', String(SEEDS),
    '--days', String(DAYS), '--seed', String(SEED), '--series', 'none', '--workers', '0', '--out', 'cmp'], dir);
  expect(cmp.code, cmp.err).toBe(0);
  cliFile = JSON.parse(readFileSync(join(dir, 'cmp', 'posterior-compare.json'), 'utf8'));
  // Bad files: not JSON; a negative weight; a changed lever (digest no longer matches).
  const good = JSON.parse(readFileSync(join(dir, 'cal', 'posterior.json'), 'utf8'));
  writeFileSync(join(dir, 'not-json.json'), '{"format": "govsim-posterior/1", ');
  const neg = structuredClone(good);
  neg.particles[1].weight = -1;
  neg.digest = posteriorDigest(neg);
  writeFileSync(join(dir, 'negative-weight.json'), JSON.stringify(neg));
  const changed = structuredClone(good);
  changed.particles[0].levers['model.quality'] = 0.5;
  writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
  dist = await buildSandbox();
  server = await serveStatic(dist);
  await mkdir(ARTIFACTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  for (const p of opened) await p.close().catch(() => undefined);
  await (await browser?.catch(() => undefined))?.close();
  await server?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

async function open(query: string, viewport?: { width: number; height: number }): Promise<GuardedPage> {
  browser ??= launchChromium();
  const p = await openSandbox(await browser, server.url, query, viewport);
  opened.push(p);
  return p;
}

async function setNumber(page: Page, id: string, value: number): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.fill(String(value));
  await input.press('Enter');
  await input.blur();
}

async function download(page: Page, selector: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFile((await dl.path())!);
}

const QUERY = `?preset=training&patch=${PATCH}&seed=${SEED}&days=${DAYS}&mode=compare`;

describe('sandbox: compare over a posterior ensemble', () => {
  it('runs B vs A over draws × seeds; both intervals shown; the export equals govsim compare --posterior', async () => {
    const { page, foreign, errors } = await open(QUERY, { width: 1280, height: 900 });
    await page.locator('#ensemble-file').setInputFiles(join(dir, 'cal', 'posterior.json'));
    const s1 = await until(page, (s) => !!s.ensemble?.loaded || !!s.ensemble?.error);
    expect(s1.ensemble?.error).toBeNull();
    expect(s1.ensemble?.loaded).toBe(checkPosterior(JSON.parse(readFileSync(join(dir, 'cal', 'posterior.json'), 'utf8'))).digest);
    await expect.poll(() => page.locator('#ensemble-info').textContent()).toMatch(/6/);
    await setNumber(page, 'ensemble-draws', DRAWS);
    await setNumber(page, 'ensemble-seeds', SEEDS);
    await page.click('#ensemble-run');
    await until(page, (s) => !!s.ensemble?.running || !!s.ensemble?.done, 30_000);
    const done = await until(page, (s) => !!s.ensemble?.done && !s.ensemble.running, 240_000);
    expect(done.ensemble?.error).toBeNull();
    expect(done.ensemble?.current).toBe(true);

    // The table: per metric with a direction, mean effect, both intervals, P(A better), flips.
    const rows = page.locator('#ensemble-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(5);
    const res = page.locator('#ensemble-table tr[data-metric="rate.resolution"]');
    const so = res.locator('td[data-col="seedOnly"]');
    const sp = res.locator('td[data-col="seedAndParameter"]');
    expect(await so.textContent()).toMatch(/^\[.+, .+\]( 百分点)?$/);
    expect(await sp.textContent()).toMatch(/^\[.+, .+\]( 百分点)?$/);
    const width = async (l: typeof so) => Number(await l.getAttribute('data-hi')) - Number(await l.getAttribute('data-lo'));
    expect(await width(so)).toBeGreaterThan(0);
    // model.quality moves resolution: the spread over the ensemble's worlds exceeds seed noise alone.
    expect(await width(sp)).toBeGreaterThanOrEqual(await width(so));
    // Verdict words only where both intervals exclude 0 on the same side.
    for (const row of await rows.all()) {
      const side = async (col: string) => {
        const c = row.locator(`td[data-col="${col}"]`);
        const lo = Number(await c.getAttribute('data-lo'));
        const hi = Number(await c.getAttribute('data-hi'));
        return lo > 0 ? 1 : hi < 0 ? -1 : 0;
      };
      const world = await side('seedAndParameter');
      const seed = await side('seedOnly');
      const v = await row.locator('td[data-col="verdict"]').getAttribute('data-verdict');
      if (world !== 0 && seed === world) expect(['better', 'worse']).toContain(v);
      else expect(['better', 'worse']).not.toContain(v);
    }

    // JSON export: the CLI's posterior-compare.json, deep-equal; CSV export: one row per metric.
    const doc = JSON.parse((await download(page, '#export-json')).toString('utf8'));
    expect(doc.posteriorCompare).toEqual(cliFile);
    expect(doc.posteriorCompareRuns.current).toBe(true);
    expect(doc.posteriorCompareRuns.runs).toBe(DRAWS * SEEDS * 2);
    const csv = (await download(page, '#ensemble-csv')).toString('utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^reform,metric,mean,seed_only_lo,seed_only_hi,seed_param_lo,seed_param_hi,p_higher,p_better,flips/);
    const pc = cliFile as { effects: Record<string, Record<string, { mean: number; seedAndParameter: [number, number] }>> };
    const reform = Object.keys(pc.effects)[0];
    const line = csv.find((l) => l.startsWith(`${reform},rate.resolution,`))!.split(',');
    expect(Number(line[2])).toBe(pc.effects[reform]['rate.resolution'].mean);
    expect(Number(line[6])).toBe(pc.effects[reform]['rate.resolution'].seedAndParameter[1]);
    expect(csv.length - 1).toBe(Object.keys(pc.effects[reform]).length);

    // A changed scenario marks the table as made for the earlier one.
    await page.locator('#ensemble-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'viz-ensemble-1280-zh.png'), fullPage: false });
    for (const vp of [{ width: 390, height: 844 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(vp);
      await page.locator('#ensemble').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(ARTIFACTS, `viz-ensemble-${vp.width}x${vp.height}-zh.png`) });
      await page.locator('#ensemble').screenshot({ path: join(ARTIFACTS, `viz-ensemble-${vp.width}x${vp.height}-zh-section.png`) });
      // Nothing in the section leaves the viewport; the wide table scrolls inside its own box.
      const out = await page.locator('#ensemble').evaluate((box) => {
        const vw = document.documentElement.clientWidth;
        return [box, ...box.querySelectorAll('*')].filter((e) => !e.closest('.ensemble-scroll') || e.classList.contains('ensemble-scroll'))
          .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > vw + 1); })
          .map((e) => `${e.tagName}#${e.id}.${e.className}`);
      });
      expect(out, `${vp.width}×${vp.height}`).toEqual([]);
    }
    await page.click('#lang');
    await until(page, (s) => s.lang === 'en');
    await expect.poll(() => page.locator('#ensemble-table thead').textContent()).toMatch(/Range over plausible worlds/);
    for (const vp of [{ width: 390, height: 844 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(vp);
      await page.locator('#ensemble').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(ARTIFACTS, `viz-ensemble-${vp.width}x${vp.height}-en.png`) });
    }
    await page.locator('#set-baseline').click();
    await until(page, (s) => s.ensemble?.current === false);
    await expect.poll(() => page.locator('#ensemble-stale').count()).toBe(1);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }, 400_000);

  it('cancels a comparison under way', async () => {
    const { page, errors } = await open(QUERY);
    await page.locator('#ensemble-file').setInputFiles(join(dir, 'cal', 'posterior.json'));
    await until(page, (s) => !!s.ensemble?.loaded);
    await setNumber(page, 'ensemble-draws', 16);
    await page.click('#ensemble-run');
    await until(page, (s) => !!s.ensemble?.running, 30_000);
    await page.click('#ensemble-cancel');
    const s = await until(page, (x) => !x.ensemble?.running);
    expect(s.ensemble?.done).toBe(false);
    await expect.poll(() => page.locator('#ensemble-status').textContent()).toBe('已取消');
    expect(await page.locator('#ensemble-run').isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);

  it('refuses bad files with a message naming what is wrong (zh page, then en)', async () => {
    const { page, errors } = await open(QUERY);
    const cases: [string, RegExp][] = [
      ['not-json.json', /not JSON/],
      ['negative-weight.json', /particles\[1\]\.weight must be a number ≥ 0/],
      ['changed.json', /digest does not match/],
    ];
    for (const [file, re] of cases) {
      await page.locator('#ensemble-file').setInputFiles(join(dir, file));
      const s = await until(page, (x) => !!x.ensemble?.error);
      expect(s.ensemble?.loaded).toBeNull();
      const text = await page.locator('#ensemble-error').textContent();
      expect(text).toMatch(re);
      expect(text).toContain('无法使用该文件');
      expect(text).toContain(file);
      expect(await page.locator('#ensemble-run').isDisabled()).toBe(true);
      // A good file clears the error.
      await page.locator('#ensemble-file').setInputFiles(join(dir, 'cal', 'posterior.json'));
      await until(page, (x) => !!x.ensemble?.loaded && !x.ensemble.error);
    }
    await page.click('#lang');
    await page.locator('#ensemble-file').setInputFiles(join(dir, 'negative-weight.json'));
    await until(page, (x) => !!x.ensemble?.error);
    expect(await page.locator('#ensemble-error').textContent()).toMatch(/^Cannot use this file: negative-weight\.json: .*particles\[1\]\.weight/);
    await page.locator('#ensemble').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'viz-ensemble-bad-file-en.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
