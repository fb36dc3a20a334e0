// The browser sandbox in Debian's Chromium (playwright-core): built with Vite, served from
// 127.0.0.1, used the way a workshop would use it. Behaviour only: no exact model values, no
// timing. Screenshots (zh and en) go to test-artifacts/ for people to look at.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVERS, SERIES, getLever, run, withLevers } from '../../sim/index.ts';
import { getScenario } from '../../scenarios/index.ts';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, settled, state, until, type GuardedPage } from './helpers/page.ts';
import { REPO, buildSandbox, serveStatic, type StaticServer } from './helpers/serve.ts';

const ARTIFACTS = join(REPO, 'test-artifacts');
let dist: string;
let server: StaticServer;
// Launched by the first test that needs it, so a missing binary fails every test (with the
// install command in the message) instead of failing a hook and skipping them.
let browser: Promise<Browser> | undefined;
const opened: GuardedPage[] = [];

beforeAll(async () => {
  dist = await buildSandbox();
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

/** Every guarded page so far: nothing left the origin, nothing threw. */
function expectClean(p: GuardedPage): void {
  expect(p.foreign, 'requests to other origins').toEqual([]);
  expect(p.errors, 'page errors').toEqual([]);
}

async function setNumberLever(page: Page, id: string, value: number): Promise<void> {
  const input = page.locator(`[data-lever="${id}"] input[type="number"]`);
  await input.scrollIntoViewIfNeeded();
  await input.fill(String(value));
  await input.press('Enter');
  await input.blur();
}

async function openGroupOf(page: Page, id: string): Promise<void> {
  const row = page.locator(`[data-lever="${id}"]`);
  await row.evaluate((el) => {
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) (d as HTMLDetailsElement).open = true;
  });
}

async function stepMonth(page: Page): Promise<void> {
  const before = (await state(page)).day;
  await page.click('#step-month');
  await until(page, (s) => s.day > before && !s.playing && s.drawn);
}

async function download(page: Page, selector: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await dl.path();
  return readFile(path);
}

function nodeDigest(preset: string, levers: Record<string, number | boolean | string>, seed: number, days: number): string {
  return run(withLevers(getScenario(preset)!, levers), { seed, days }).manifest.digest;
}

describe('the sandbox page in Chromium', () => {
  it('opens in Chinese with controls generated from the lever catalogue, and switches to English', async () => {
    const p = await open('?days=90');
    const { page } = p;
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const lever = getLever('staffing.helpersPerGrid')!;
    const label = page.locator(`[data-lever="${lever.id}"] label`);
    expect(await label.textContent()).toContain(lever.label.zh);
    expect(await page.locator(`[data-lever="${lever.id}"] .meaning`).textContent()).toBe(lever.meaning.zh);
    // One control per lever, policy levers and model parameters alike.
    expect(await page.locator('[data-lever]').count()).toBe(LEVERS.length);
    expect(await page.locator('details.advanced [data-lever]').count()).toBe(LEVERS.filter((l) => l.advanced).length);
    await stepMonth(page);
    await page.screenshot({ path: join(ARTIFACTS, 'viz-zh.png') });
    await page.click('#lang');
    await until(page, (s) => s.lang === 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator(`[data-lever="${lever.id}"] label`).textContent()).toContain(lever.label.en);
    expect(await page.locator('h1').textContent()).toMatch(/sandbox/i);
    expect(page.url()).toContain('lang=en');
    await page.screenshot({ path: join(ARTIFACTS, 'viz-en.png') });
    await page.click('#lang');
    await until(page, (s) => s.lang === 'zh');
    expect(await page.locator(`[data-lever="${lever.id}"] label`).textContent()).toContain(lever.label.zh);
    expectClean(p);
  });

  it('labels every control, and plays from the keyboard', async () => {
    const p = await open('?days=40');
    const { page } = p;
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter((e) => {
        const el = e as HTMLInputElement;
        if (el.type === 'hidden' || el.hidden) return false;
        const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.textContent ?? '').trim();
        return !named;
      })
      .map((e) => e.outerHTML.slice(0, 120)));
    expect(unlabelled).toEqual([]);
    await page.focus('#step-day');
    await page.keyboard.press('Enter');
    await until(page, (s) => s.day === 1);
    await page.focus('#play');
    await page.keyboard.press('Space');
    await until(page, (s) => s.done && s.drawn, 90_000);
    expectClean(p);
  });

  it('changing a lever marks it changed, and running a month moves the KPIs and charts', async () => {
    const p = await open('?days=120');
    const { page } = p;
    const id = 'staffing.helpersPerGrid';
    await openGroupOf(page, id);
    // Out of range: refused with a message in the page's language, nothing changes.
    await setNumberLever(page, id, 999);
    expect(await page.locator(`[data-lever="${id}"] .error`).textContent()).toMatch(/请输入/);
    expect(await page.locator(`[data-lever="${id}"] input[type="number"]`).getAttribute('aria-invalid')).toBe('true');
    expect((await state(page)).spec.levers).toEqual({});
    await setNumberLever(page, id, 2);
    await settled(page);
    const s0 = await state(page);
    expect(s0.spec.levers).toEqual({ [id]: 2 });
    expect(await page.locator(`[data-lever="${id}"]`).getAttribute('class')).toContain('changed');
    expect(page.url()).toContain(`set.${id}=2`);
    expect(await page.locator('#changed-count').textContent()).toMatch(/^1 /);
    expect(s0.day).toBe(0);
    expect(s0.kpis['cases.open']).toBeNull();
    await stepMonth(page);
    const s1 = await state(page);
    expect(s1.day).toBe(31);
    expect(s1.kpis['cases.open']).toEqual(expect.any(Number));
    expect(s1.kpis['rate.response']).toEqual(expect.any(Number));
    expect(await page.locator('[data-kpi="cases.open"] .kpi-value').textContent()).not.toBe('–');
    expect(await page.getAttribute('[data-kpi="cases.open"]', 'data-value')).toBe(String(s1.kpis['cases.open']));
    // Line charts have lines, the Sankeys have nodes, the map is coloured.
    const linePoints = await page.locator('#chart-open path.line').first().getAttribute('d');
    expect((linePoints ?? '').split('L').length).toBeGreaterThan(20);
    expect(await page.locator('#chart-caseflow g.node').count()).toBeGreaterThan(2);
    expect(await page.locator('#chart-moneyflow g.node').count()).toBeGreaterThan(2);
    const fills = await page.locator('#chart-map g.grids rect').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
    expect(fills.length).toBe(20);
    expect(fills.some((f) => f !== '#ccc')).toBe(true);
    expect(await page.locator('#chart-histogram rect.bar').count()).toBeGreaterThan(0);
    // Another month: the picture moves on.
    await stepMonth(page);
    const s2 = await state(page);
    expect(s2.day).toBe(59);
    expect(Object.keys(s2.kpis).some((k) => s2.kpis[k] !== s1.kpis[k])).toBe(true);
    // Drill down on the map: a grid's queue.
    await page.locator('#chart-map g.grids rect').first().click();
    await page.locator('#chart-map g.grids rect').first().click();
    await page.waitForSelector('#grid-queue h4');
    // Reset brings the preset value back.
    await page.click(`[data-lever="${id}"] button.reset`);
    await settled(page);
    expect((await state(page)).spec.levers).toEqual({});
    expect(page.url()).not.toContain(`set.${id}`);
    expectClean(p);
  });

  it('compare mode runs the preset beside the edited scenario under the same seed', async () => {
    const levers = { 'staffing.gridWorkersPerGrid': 2 };
    const p = await open('?preset=training&seed=3&days=45&set.staffing.gridWorkersPerGrid=2');
    const { page } = p;
    await page.click('[data-mode="compare"]');
    await until(page, (s) => s.mode === 'compare' && !s.preparing && !s.pending);
    expect(page.url()).toContain('mode=compare');
    await page.click('#to-end');
    const s = await until(page, (x) => x.done && !!x.digest && !!x.baseDigest && x.drawn);
    expect(s.digest).toBe(nodeDigest('training', levers, 3, 45));
    expect(s.baseDigest).toBe(nodeDigest('training', {}, 3, 45));
    expect(await page.locator('#chart-diff .diff-panel').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-diff path.line').count()).toBeGreaterThan(0);
    // Both arms drawn: dashed baseline lines beside the edited ones.
    expect(await page.locator('#chart-rates path.line[stroke-dasharray]').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-caseflow g.sankey').count()).toBe(2);
    const deltas = await page.locator('.kpi-delta').allTextContents();
    expect(deltas.some((d) => /[+−±]/.test(d))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'viz-compare-zh.png') });
    await page.evaluate(() => document.getElementById('main')!.scrollTo(0, 1200));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-compare-zh-lower.png') });
    expectClean(p);
  });

  it('a shared link reproduces the run exactly (same digest)', async () => {
    const a = await open('?days=40');
    await openGroupOf(a.page, 'staffing.communityWorkers');
    await setNumberLever(a.page, 'staffing.communityWorkers', 14);
    await openGroupOf(a.page, 'whistle.street');
    const cb = a.page.locator('[data-lever="whistle.street"] input[type="checkbox"]');
    await cb.scrollIntoViewIfNeeded();
    await cb.click();
    await a.page.fill('#seed', '7');
    await a.page.press('#seed', 'Enter');
    await settled(a.page);
    await a.page.click('#share');
    const link = await a.page.inputValue('#share-url');
    expect(link).toContain('seed=7');
    await a.page.click('#to-end');
    const sa = await until(a.page, (s) => s.done && !!s.digest && s.drawn);
    const b = await open(link.slice(server.url.length));
    const sb0 = await state(b.page);
    expect(sb0.spec).toEqual(sa.spec);
    expect(await b.page.locator('[data-lever="staffing.communityWorkers"] input[type="number"]').inputValue()).toBe('14');
    await b.page.evaluate(() => window.govsim.runToEnd());
    const sb = await until(b.page, (s) => s.done && !!s.digest && s.drawn);
    expect(sb.digest).toBe(sa.digest);
    const { preset, levers, seed, days } = sa.spec;
    expect(sa.digest).toBe(nodeDigest(preset, levers as Record<string, number | boolean>, seed, days));
    expect(await b.page.getAttribute('#digest', 'data-digest')).toBe(sa.digest);
    expectClean(a);
    expectClean(b);
  });

  it('a link with bad parameters says what is wrong and still runs', async () => {
    const p = await open('?seed=abc&set.no.such=1&days=20');
    expect(await p.page.locator('.problems li').count()).toBe(2);
    await p.page.click('#to-end');
    await until(p.page, (s) => s.done);
    expectClean(p);
  });

  it('exports the series as CSV, the run as JSON, and charts as SVG and PNG', async () => {
    const p = await open('?days=35');
    const { page } = p;
    await page.click('#to-end');
    const s = await until(page, (x) => x.done && !!x.digest && x.drawn);
    const csv = (await download(page, '#export-csv')).toString('utf8').trim().split('\n');
    const head = csv[0].split(',');
    expect(head.slice(0, 2)).toEqual(['day', 'date']);
    expect(head.slice(2)).toEqual(SERIES.map((x) => x.name));
    expect(csv).toHaveLength(1 + 35);
    expect(csv[1].startsWith('1,2021-01-01,')).toBe(true);
    const last = csv[35].split(',');
    expect(Number(last[head.indexOf('cases.open')])).toBe(s.kpis['cases.open']);
    const json = JSON.parse((await download(page, '#export-json')).toString('utf8'));
    expect(json.run.manifest.digest).toBe(s.digest);
    expect(json.run.series.values['cases.open']).toHaveLength(35);
    const svg = (await download(page, '#chart-rates [data-export="svg"]')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('path');
    const png = await download(page, '#chart-map [data-export="png"]');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expectClean(p);
  });

  it('runs N replications in several workers and draws confidence bands', async () => {
    const p = await open('?days=30&seed=11');
    const { page } = p;
    await page.click('#to-end');
    const s = await until(page, (x) => x.done && !!x.digest && x.drawn);
    await page.fill('#reps-n', '3');
    await page.press('#reps-n', 'Enter');
    await page.click('#run-reps');
    const r = await until(page, (s) => s.reps?.n === 3 && s.drawn);
    // Replication k uses seed + k, so the first is the run on screen.
    expect(r.reps!.digests[0]).toBe(s.digest);
    expect(new Set(r.reps!.digests).size).toBe(3);
    expect(r.reps!.digests[1]).toBe(nodeDigest('training', {}, 12, 30));
    expect(await page.locator('#chart-rates path.band').count()).toBeGreaterThan(0);
    await page.click('#lang');
    await until(page, (x) => x.lang === 'en');
    await page.evaluate(() => document.getElementById('main')!.scrollTo(0, 330));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-replications-en.png') });
    expectClean(p);
  });
});
