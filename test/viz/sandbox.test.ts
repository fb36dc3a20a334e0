// The browser sandbox in Debian's Chromium (playwright-core): built with Vite, served from
// 127.0.0.1, used the way a workshop would use it. Behaviour only: no exact model values, no
// timing. Screenshots (zh and en) go to test-artifacts/ for people to look at.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEVERS, SERIES, applyPatches, createSimulation, finish, getLever, restore, run, snapshot, stepDays, withLevers,
} from '../../sim/index.ts';
import { flowsSoFar } from '../../sim/inspect.ts';
import { getPatch, getScenario, patchIds } from '../../scenarios/index.ts';
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

function nodeDigest(preset: string, levers: Record<string, number | boolean | string>, seed: number, days: number, patches: string[] = []): string {
  return run(withLevers(applyPatches(getScenario(preset)!, patches.map((id) => getPatch(id)!)), levers), { seed, days }).manifest.digest;
}

/** A forked run by hand with the engine's snapshot/restore: `trunk` levers until `day`, then `branch` levers. */
function nodeForkDigest(preset: string, trunk: Record<string, number | boolean | string>, branch: Record<string, number | boolean | string>, day: number, seed: number, days: number): string {
  const sim = createSimulation(withLevers(getScenario(preset)!, trunk), { seed, days });
  stepDays(sim, day);
  const after = restore(snapshot(sim), withLevers(getScenario(preset)!, branch));
  stepDays(after, days - day);
  return finish(after).manifest.digest;
}

const CJK = /[\u4e00-\u9fff]/;

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

  it('paused while playing at full speed, the Sankeys show the flows of the day it stopped on', async () => {
    const p = await open('?preset=training&days=3650');
    const { page } = p;
    await page.selectOption('#speed', 'Infinity');
    await page.click('#play');
    await until(page, (s) => s.playing && s.day > 30, 120_000);
    await page.click('#play');
    const s = await until(page, (x) => !x.playing && x.drawn, 120_000);
    expect(s.done).toBe(false);
    // Each case is counted once in the channel column and once in the level column.
    const sim = createSimulation(getScenario('training')!, { seed: s.spec.seed, days: 3650 });
    stepDays(sim, s.day);
    const cases = flowsSoFar(sim).caseFlow.counts.flat().reduce((a, b) => a + b, 0);
    expect(cases).toBeGreaterThan(0);
    const titles = await page.locator('#chart-caseflow g.node title').allTextContents();
    const shown = titles.reduce((a, t) => a + Number(t.slice(t.lastIndexOf(': ') + 2).replace(/[^\d]/g, '')), 0);
    expect(shown).toBe(2 * cases);
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

  it('forks a paused run: the levers change from that day (warm start), the fork is marked on the time charts, and the link reproduces it', async () => {
    const a = await open('?days=60');
    await stepMonth(a.page);
    const paused = await state(a.page);
    expect(paused.day).toBeGreaterThan(0);
    await a.page.click('#fork-here');
    await settled(a.page);
    await openGroupOf(a.page, 'staffing.gridWorkersPerGrid');
    await setNumberLever(a.page, 'staffing.gridWorkersPerGrid', 2.2);
    // Rebuilt from the trunk: the run stands at the fork's day, not at day 0.
    const forked = await until(a.page, (s) => !s.preparing && !s.pending && s.drawn && (s.spec as { fork?: unknown }).fork !== undefined && s.spec.levers['staffing.gridWorkersPerGrid'] === undefined);
    expect((forked.spec as { fork?: unknown }).fork).toEqual({ day: paused.day, levers: { 'staffing.gridWorkersPerGrid': 2.2 } });
    expect(forked.day).toBe(paused.day);
    expect(await a.page.locator('#chart-open g.mark.fork').count()).toBe(1);
    expect(await a.page.locator('#chart-open g.mark.fork text').textContent()).toMatch(/分叉|Fork/);
    await a.page.evaluate(() => window.govsim.runToEnd());
    const sa = await until(a.page, (s) => s.done && !!s.digest && s.drawn);
    const expected = nodeForkDigest('training', {}, { 'staffing.gridWorkersPerGrid': 2.2 }, paused.day, 1, 60);
    expect(sa.digest).toBe(expected);
    expect(sa.digest).not.toBe(nodeDigest('training', { 'staffing.gridWorkersPerGrid': 2.2 }, 1, 60));
    // The same fork from the link, and the page's own fresh-worker digest agree.
    await a.page.click('#share');
    const link = await a.page.inputValue('#share-url');
    expect(link).toContain(`fork=${paused.day}`);
    const b = await open(link.slice(server.url.length));
    await b.page.evaluate(() => window.govsim.runToEnd());
    const sb = await until(b.page, (s) => s.done && !!s.digest && s.drawn);
    expect(sb.digest).toBe(expected);
    expect(await b.page.evaluate((sp) => window.govsim.digest(sp as never), sb.spec)).toBe(expected);
    // Removing the fork runs the panel's levers from day 0 again.
    await b.page.click('#fork-clear');
    const plain = await until(b.page, (s) => !s.preparing && !s.pending && (s.spec as { fork?: unknown }).fork === undefined);
    expect(plain.day).toBe(0);
    await b.page.evaluate(() => window.govsim.runToEnd());
    const sc = await until(b.page, (s) => s.done && !!s.digest && s.drawn);
    expect(sc.digest).toBe(nodeDigest('training', { 'staffing.gridWorkersPerGrid': 2.2 }, 1, 60));
    expect(await b.page.locator('#chart-open g.mark.fork').count()).toBe(0);
    expectClean(a);
    expectClean(b);
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

  it('a link with bad parameters says what is wrong, in the page\'s language, and still runs', async () => {
    const p = await open('?seed=abc&set.no.such=1&days=20&set.staffing.communityWorkers=lots&patch=nope');
    const items = await p.page.locator('.problems li').allTextContents();
    expect(items).toHaveLength(4);
    for (const x of items) expect(x).toMatch(CJK);
    expect(items.join('\n')).toContain(getLever('staffing.communityWorkers')!.label.zh);
    expect(items.join('\n')).toContain('“abc”');
    await p.page.click('#to-end');
    await until(p.page, (s) => s.done);
    // In English, the words are English (the heading and every item).
    await p.page.click('#lang');
    await until(p.page, (s) => s.lang === 'en');
    expect(await p.page.locator('.problems strong').textContent()).toMatch(/link/);
    const en = await p.page.locator('.problems li').allTextContents();
    expect(en).toHaveLength(4);
    for (const x of en) expect(x).not.toMatch(CJK);
    expect(en.join('\n')).toContain(getLever('staffing.communityWorkers')!.label.en);
    expectClean(p);
  });

  it('ticking a patch lays it over the preset: the run, the levers and the URL change; compare keeps the bare preset as baseline', async () => {
    const p = await open('?days=40&seed=2');
    const { page } = p;
    // Every patch of the registry is offered with its description, in Chinese.
    expect(await page.locator('[data-patch]').count()).toBe(patchIds().length);
    expect(await page.locator('#patches').getAttribute('open')).toBeNull();
    await page.click('#patches > summary');
    const smart = getPatch('rec-smart')!;
    expect(await page.locator('[data-patch="rec-smart"] label').textContent()).toBe(smart.name.zh);
    expect(await page.locator('[data-patch="rec-smart"] .meaning').textContent()).toBe(smart.description!.zh);
    await page.click('#to-end');
    const s0 = await until(page, (s) => s.done && !!s.digest && s.drawn);
    expect(s0.digest).toBe(nodeDigest('training', {}, 2, 40));
    await page.check('#pt-rec-smart');
    await settled(page);
    const s1 = await state(page);
    expect(s1.spec.patches).toEqual(['rec-smart']);
    expect(s1.day).toBe(0);
    expect(page.url()).toContain('patch=rec-smart');
    // The levers the patch sets show its value and say so; they do not count as changed.
    const row = page.locator('[data-lever="smart.systemsIntegrated"]');
    expect(await row.getAttribute('class')).toContain('patched');
    expect(await row.locator('input[type="number"]').inputValue()).toBe(String(smart.levers['smart.systemsIntegrated']));
    expect(await row.locator('.range').textContent()).toContain(smart.name.zh);
    expect(s1.spec.levers).toEqual({});
    await page.click('#to-end');
    const s2 = await until(page, (s) => s.done && !!s.digest && s.drawn);
    expect(s2.digest).not.toBe(s0.digest);
    expect(s2.digest).toBe(nodeDigest('training', {}, 2, 40, ['rec-smart']));
    // A second patch stacks; the link lists both in the registry's order.
    await page.check('#pt-shock-budget-cut');
    await settled(page);
    expect(page.url()).toContain('patch=rec-smart,shock-budget-cut');
    // Compare: reform = preset + patches + changed levers; baseline = the preset alone.
    await openGroupOf(page, 'staffing.helpersPerGrid');
    await setNumberLever(page, 'staffing.helpersPerGrid', 2);
    await page.click('[data-mode="compare"]');
    await until(page, (s) => s.mode === 'compare' && !s.preparing && !s.pending);
    await page.click('#to-end');
    const s3 = await until(page, (x) => x.done && !!x.digest && !!x.baseDigest && x.drawn);
    expect(s3.baseSpec).toEqual({ preset: 'training', patches: [], levers: {}, seed: 2, days: 40 });
    expect(s3.baseDigest).toBe(s0.digest);
    expect(s3.digest).toBe(nodeDigest('training', { 'staffing.helpersPerGrid': 2 }, 2, 40, ['rec-smart', 'shock-budget-cut']));
    await page.locator('#pt-rec-smart').evaluate((e) => e.closest('.patch')!.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-patches-zh.png') });
    // Unticking brings the preset's values back.
    await page.uncheck('#pt-rec-smart');
    await page.uncheck('#pt-shock-budget-cut');
    await settled(page);
    expect(page.url()).not.toContain('patch=');
    expect(await row.getAttribute('class')).not.toContain('patched');
    expectClean(p);
  });

  it('a shared link with patches reproduces the run exactly (same digest)', async () => {
    // Out of order on purpose: the page puts patches in the registry's order.
    const a = await open('?preset=training&patch=shock-epidemic,rec-cogovernance&seed=5&days=45&set.staffing.helpersPerGrid=2');
    expect((await state(a.page)).spec.patches).toEqual(['rec-cogovernance', 'shock-epidemic']);
    expect(await a.page.isChecked('#pt-rec-cogovernance')).toBe(true);
    expect(await a.page.isChecked('#pt-shock-epidemic')).toBe(true);
    // A link with patches opens with the patches unfolded.
    expect(await a.page.locator('#patches').getAttribute('open')).toBe('');
    await a.page.click('#share');
    const link = await a.page.inputValue('#share-url');
    expect(link).toContain('patch=rec-cogovernance,shock-epidemic');
    await a.page.click('#to-end');
    const sa = await until(a.page, (s) => s.done && !!s.digest && s.drawn);
    expect(sa.digest).toBe(nodeDigest('training', { 'staffing.helpersPerGrid': 2 }, 5, 45, ['rec-cogovernance', 'shock-epidemic']));
    const b = await open(link.slice(server.url.length));
    expect((await state(b.page)).spec).toEqual(sa.spec);
    await b.page.evaluate(() => window.govsim.runToEnd());
    const sb = await until(b.page, (s) => s.done && !!s.digest && s.drawn);
    expect(sb.digest).toBe(sa.digest);
    expectClean(a);
    expectClean(b);
  });

  it('map cells work from the keyboard: tab to a cell, Enter drills down, arrows move, Escape goes back', async () => {
    const p = await open('?days=40');
    const { page } = p;
    await stepMonth(page);
    const active = () => page.evaluate(() => {
      const e = document.activeElement;
      return e && e.closest('#chart-map g.grids') ? Number(e.getAttribute('data-grid')) : null;
    });
    await page.focus('#chart-map [data-export="png"]');
    await page.keyboard.press('Tab');
    const g0 = await active();
    expect(g0).toEqual(expect.any(Number));
    expect(await page.evaluate(() => document.activeElement!.getAttribute('aria-label'))).toMatch(/网格/);
    // Only one cell is a tab stop: the next Tab leaves the map.
    expect(await page.locator('#chart-map g.grids rect[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    const s1 = await until(page, (s) => s.mapFocus !== null && s.drawn);
    expect(await active()).toBe(g0);
    await page.keyboard.press('ArrowRight');
    const g1 = await active();
    expect(g1).toEqual(expect.any(Number));
    expect(g1).not.toBe(g0);
    await page.screenshot({ path: join(ARTIFACTS, 'viz-map-keyboard-zh.png') });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#grid-queue h4');
    const s2 = await until(page, (s) => s.selectedGrid === g1 && s.drawn);
    expect(s2.mapFocus).toBe(s1.mapFocus);
    expect(await active()).toBe(g1);
    await page.keyboard.press('Escape');
    await until(page, (s) => s.mapFocus === null && s.drawn);
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
    // Days numbered from 0 as the engine, the CLI and the API number them (sim/csv.ts).
    expect(csv[1].startsWith('0,2021-01-01,')).toBe(true);
    expect(csv[35].startsWith('34,2021-02-04,')).toBe(true);
    const last = csv[35].split(',');
    expect(Number(last[head.indexOf('cases.open')])).toBe(s.kpis['cases.open']);
    const json = JSON.parse((await download(page, '#export-json')).toString('utf8'));
    expect(json.run.manifest.digest).toBe(s.digest);
    expect(json.run.series.values['cases.open']).toHaveLength(35);
    const svg = (await download(page, '#chart-rates [data-export="svg"]')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('path');
    // Exports carry the chart's title and a caption naming the scenario, seed and engine.
    expect(svg).toMatch(/class="export-title"[^>]*>[^<]+</);
    expect(svg).toContain('class="export-caption"');
    expect(svg).toMatch(/export-caption[^>]*>[^<]*(引擎版本|Engine)/);
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
    // The line drawn with a band is the mean of the runs; the spread of the runs is drawn beside it.
    expect(await page.locator('#chart-rates path.band-mean').count()).toBe(await page.locator('#chart-rates path.band').count());
    expect(await page.locator('#chart-rates path.spread').count()).toBeGreaterThan(0);
    // The exports carry the intervals.
    const csvHead = (await download(page, '#export-csv')).toString('utf8').split('\n')[0].split(',');
    for (const col of ['mean:rate.response', 'ci95_lo:rate.response', 'ci95_hi:rate.response', 'p10:rate.response', 'p90:rate.response']) expect(csvHead).toContain(col);
    const json = JSON.parse((await download(page, '#export-json')).toString('utf8'));
    expect(json.replications.n).toBe(3);
    expect(json.replications.mean['rate.response'].lo).toHaveLength(30);
    expect(json.replications.spread['rate.response'].hi).toHaveLength(30);
    await page.click('#lang');
    await until(page, (x) => x.lang === 'en');
    await page.evaluate(() => document.getElementById('main')!.scrollTo(0, 330));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-replications-en.png') });
    expectClean(p);
  });
});
