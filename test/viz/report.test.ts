// The self-contained report.html of compare, sweep, sensitivity (Morris), decompose and calibrate,
// opened from file:// in Chromium: every chart is drawn by the report bundle (viz/report/main.ts
// with the sandbox's chart modules, inlined) with the expected number of marks, no page or console
// errors and no network requests. A screenshot of each goes to test-artifacts/report-<kind>.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browsers.ts';
import { cli, ROOT, tempDir } from '../cli/helpers.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const dir = tempDir('govsim-report-');
writeFileSync(join(dir, 'lean.yaml'), 'id: lean\nname: {zh: 精简, en: Lean}\nlevers:\n  staffing.streetStaff: 2\n');
writeFileSync(join(dir, 'loose.yaml'), 'id: loose\nname: {zh: 放宽, en: Loose}\nlevers:\n  grid.discretion: 0.2\n');
writeFileSync(join(dir, 'later.yaml'), 'id: later\nname: {zh: 晚, en: Later}\nlevers:\n  calendar.startDate: "2022-01-01"\n');
writeFileSync(join(dir, 'cal.yaml'), [
  'targets:',
  '  - {metric: rate.resolution, low: 0.5, high: 0.8}',
  '  - {metric: hotline.appealShare, low: 0.3, high: 0.5}',
  'parameters:',
  '  - model.quality',
  '  - {lever: model.hotlineRate, prior: {dist: loguniform, low: 0.1, high: 0.2}}',
  '  - {lever: grid.discretion, prior: {dist: uniform, low: 0.1, high: 0.9}}',
].join('\n'));

const RUNS: Record<string, string[]> = {
  compare: ['compare', 'training', 'lean.yaml', 'loose.yaml', '--reps', '3', '--days', '25', '--seed', '11'],
  sweep: ['sweep', 'training', '--factor', 'staffing.streetStaff=2:10:4', '--factor', 'grid.discretion=0.2,0.5,0.8', '--reps', '2', '--days', '15'],
  morris: ['sensitivity', 'training', '--method', 'morris', '--factor', 'grid.discretion', '--factor', 'staffing.streetStaff=2:10', '--factor', 'model.quality', '--reps', '2', '--days', '15'],
  sobol: ['sensitivity', 'training', '--method', 'sobol', '--factor', 'grid.discretion', '--factor', 'staffing.streetStaff=2:10', '--samples', '8', '--reps', '1', '--days', '10'],
  calendars: ['compare', 'training', 'later.yaml', '--reps', '2', '--days', '12'],
  decompose: ['decompose', 'training', 'lean.yaml', 'loose.yaml', '--reps', '2', '--days', '20'],
  calibrate: ['calibrate', 'training', '--config', 'cal.yaml', '--particles', '8', '--generations', '2', '--max-batches', '2', '--days', '12', '--seed', '5'],
};

let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [kind, args] of Object.entries(RUNS)) {
    const r = await cli([...args, '--workers', '0', '--out', kind], dir);
    expect(r.code, `${kind}: ${r.err}`).toBe(0);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface Opened { page: Page; errors: string[]; requests: string[]; close(): Promise<void> }

/** Open DIR/KIND/report.html from file://, recording errors and every request but the page's own. */
async function open(kind: string): Promise<Opened> {
  const url = pathToFileURL(join(dir, kind, 'report.html')).href;
  const context = await browser.newContext({ viewport: { width: 1240, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  context.on('request', (req) => { if (req.url() !== url) requests.push(req.url()); });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, errors, requests, close: () => context.close() };
}

const count = (page: Page, selector: string) => page.locator(selector).count();
/** Marks per chart: the number of `mark` elements inside each `chart` element, in order. */
const perChart = (page: Page, chart: string, mark: string) =>
  page.locator(chart).evaluateAll((els, m) => els.map((e) => e.querySelectorAll(m).length), mark);

async function finish(o: Opened, kind: string): Promise<void> {
  await o.page.screenshot({ path: join(ARTIFACTS, `report-${kind}.png`), fullPage: true });
  expect(o.errors).toEqual([]);
  expect(o.requests).toEqual([]);
  await o.close();
}

function json(kind: string, file: string) {
  return JSON.parse(readFileSync(join(dir, kind, file), 'utf8'));
}

describe('report.html (drawn by the report bundle, from file://, offline)', () => {
  it('inlines the bundle: no d3.min.js, no external script', () => {
    for (const kind of Object.keys(RUNS)) {
      const html = readFileSync(join(dir, kind, 'report.html'), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).toContain('govsimReport');
      expect(html, kind).not.toContain('d3js.org');
    }
  });

  it('compare: a forest row per metric with a finite relative change, bands per scenario, differences per reform', async () => {
    const doc = json('compare', 'experiment.json');
    const o = await open('compare');
    const reforms = doc.scenarios.slice(1).map((s: { key: string }) => s.key);
    const expected = reforms.map((k: string) => doc.metrics.filter((m: { name: string }) => Number.isFinite(doc.differences[k][m.name].relative)).length);
    expect(expected.every((n: number) => n > 10)).toBe(true);
    expect(await perChart(o.page, 'svg.forest', 'g.row')).toEqual(expected);
    expect(await perChart(o.page, 'svg.forest', 'circle.mean')).toEqual(expected);
    expect(await count(o.page, 'svg.forest line.ci')).toBeGreaterThan(0);
    // The sandbox's lines.ts panels: one band and one mean line per scenario; one difference band per reform.
    expect(await perChart(o.page, 'svg.bands:not(.differences)', 'path.band')).toEqual([3]);
    expect(await perChart(o.page, 'svg.bands:not(.differences)', 'path.band-mean')).toEqual([3]);
    expect(await perChart(o.page, 'svg.bands.differences', 'path.band')).toEqual([2]);
    expect(await count(o.page, 'svg.bands.differences line.zero')).toBe(1);
    // Another series from the menu redraws the panels.
    expect(await o.page.locator('section:has(h2:text("Daily series")) select option').count()).toBeGreaterThan(1);
    await o.page.locator('section:has(h2:text("Daily series")) select').selectOption({ index: 1 });
    expect(await count(o.page, 'svg.bands path.band-mean')).toBe(5);
    await o.page.locator('section:has(h2:text("Daily series")) select').selectOption({ index: 0 });
    // The equity section: a row per street (places.csv) for each scenario.
    const streets = new Set(readFileSync(join(dir, 'compare', 'places.csv'), 'utf8').split('\n').map((l) => l.split(',')).filter((c) => c[3] === 'street').map((c) => c[4]));
    expect(streets.size).toBeGreaterThan(0);
    expect(await perChart(o.page, 'svg.places', 'circle.mean')).toEqual([streets.size, streets.size, streets.size]);
    await finish(o, 'compare');
  });

  it('sweep: a scatter per factor with a dot per point', async () => {
    const doc = json('sweep', 'experiment.json');
    const o = await open('sweep');
    const factors = doc.settings.design.factors.length;
    expect(factors).toBe(2);
    const points = doc.scenarios.length;
    expect(await perChart(o.page, 'svg.sweep', 'circle.dot')).toEqual(new Array(factors).fill(points));
    expect(await count(o.page, 'svg.sweep line.ci')).toBeGreaterThan(0);
    expect(await perChart(o.page, 'svg.bands', 'path.band')).toEqual([points > 12 ? 12 : points]);
    await finish(o, 'sweep');
  });

  it('sensitivity (Morris): a tornado bar and a μ*–σ dot per lever', async () => {
    const doc = json('morris', 'experiment.json');
    const o = await open('morris');
    const first = doc.sensitivity.metrics[0];
    const levers = doc.sensitivity.morris[first].length;
    expect(levers).toBe(3);
    expect(await perChart(o.page, 'svg.tornado', 'rect.bar')).toEqual([levers]);
    expect(await perChart(o.page, 'svg.morris', 'circle.dot')).toEqual([doc.sensitivity.morris[first].filter((r: { muStar: number | null; sigma: number | null }) => r.muStar !== null && r.sigma !== null).length]);
    expect(await o.page.locator('svg.morris text.point-label').allTextContents()).toEqual(expect.arrayContaining(['grid.discretion']));
    await finish(o, 'morris');
  });

  it('sensitivity (Sobol): ST and S1 tornado bars per lever', async () => {
    const doc = json('sobol', 'experiment.json');
    const o = await open('sobol');
    const levers = doc.sensitivity.sobol[doc.sensitivity.metrics[0]].indices.length;
    expect(levers).toBe(2);
    expect(await perChart(o.page, 'svg.tornado', 'g.row')).toEqual([2 * levers]);
    expect(await o.page.locator('svg.tornado text.row-label').allTextContents()).toEqual(expect.arrayContaining(['grid.discretion · ST', 'grid.discretion · S1']));
    await finish(o, 'sobol');
  });

  it('scenarios on different calendars: the panels count run days', async () => {
    const o = await open('calendars');
    const ticks = await o.page.locator('svg.bands').first().locator('.x-axis .tick text').allTextContents();
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\d+$/);
    expect(await o.page.locator('svg.bands').first().locator('text', { hasText: 'day of run' }).count()).toBe(1);
    expect(await perChart(o.page, 'svg.bands:not(.differences)', 'path.band')).toEqual([2]);
    await finish(o, 'calendars');
  });

  it('decompose: a waterfall per metric with components + 2 bars, a whisker and an "alone" tick per component', async () => {
    const dec = json('decompose', 'decomposition.json');
    const o = await open('decompose');
    const n = dec.components.length;
    expect(n).toBe(2);
    const charts = await count(o.page, 'svg.waterfall');
    expect(charts).toBeGreaterThanOrEqual(3);
    expect(await perChart(o.page, 'svg.waterfall', 'rect.wf-bar')).toEqual(new Array(charts).fill(n + 2));
    expect(await perChart(o.page, 'svg.waterfall', 'line.wf-alone')).toEqual(new Array(charts).fill(n));
    const titles = await o.page.locator('svg.waterfall text.title').allTextContents();
    for (const t of titles) expect(Object.keys(dec.metrics)).toContain(t);
    // The compare sections of the same report are drawn too.
    expect(await count(o.page, 'svg.forest')).toBe(3);
    await finish(o, 'decompose');
  });

  it('calibrate: a weighted histogram per parameter and a pair plot per pair, a dot per particle', async () => {
    const post = json('calibrate', 'posterior.json');
    const o = await open('calibrate');
    const k = post.parameters.length;
    expect(k).toBe(3);
    expect(await perChart(o.page, 'svg.hist', 'rect.bar')).toEqual(new Array(k).fill(20));
    expect(await o.page.locator('svg.hist text.title').allTextContents()).toEqual(post.parameters.map((p: { lever: string }) => p.lever));
    expect(await perChart(o.page, 'table.pairs svg.pair', 'circle.dot')).toEqual(new Array((k * (k - 1)) / 2).fill(post.particles.length));
    // Bar heights follow the weights: the tallest bar holds the largest summed weight.
    const heights = await o.page.locator('svg.hist').first().locator('rect.bar').evaluateAll((r) => r.map((e) => Number(e.getAttribute('height'))));
    expect(Math.max(...heights)).toBeCloseTo(120, 5);
    await finish(o, 'calibrate');
  });
});
