// The sandbox in a workshop room, in Chromium (playwright-core) and Firefox ESR (puppeteer-core):
// at 390×844 (a phone), 1024×768 and 1920×1080 (a projector), in zh and en, no element overflows
// its card or the viewport and no text is squeezed below 4 characters a line (bounding boxes
// measured in the page); the guided mode runs start to end; the handout prints on ≥ 2 pages with
// every chart; a value typed just before a click on Play is the one that runs; the difference
// panels of compare mode stay inside their frames with negative differences. Screenshots of each
// size and language go to test-artifacts/room-<browser>-<w>x<h>-<lang>.png for people to look at.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, launchFirefox } from './helpers/browsers.ts';
import { pdfPages } from './helpers/pdf.ts';
import { REPO, buildSandbox, serveStatic, type StaticServer } from './helpers/serve.ts';

const ARTIFACTS = join(REPO, 'test-artifacts');
const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1024, height: 768 }, { width: 1920, height: 1080 }];

let dist: string;
let server: StaticServer;

beforeAll(async () => {
  dist = await buildSandbox();
  server = await serveStatic(dist);
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await server?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
});

/** What the tests need from a page, in either driver. */
interface Driver {
  name: string;
  eval<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  click(selector: string): Promise<void>;
  /** A click where the pointer is, without waiting for the element to be enabled (a person's click). */
  clickNow(selector: string): Promise<void>;
  /** Replace an input's text by typing (no blur: the next click is what commits it). */
  type(selector: string, text: string): Promise<void>;
  viewport(w: number, h: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  media(m: 'print' | 'screen'): Promise<void>;
  pdf(): Promise<Uint8Array>;
  errors: string[];
  close(): Promise<void>;
}

interface S {
  day: number; horizon: number; done: boolean; digest?: string; baseDigest?: string; lang: string; mode: string;
  spec: { preset: string; patches: string[]; levers: Record<string, unknown>; seed: number; days: number };
  playing: boolean; preparing: boolean; pending: boolean; drawn: boolean; guide?: number;
}

/**
 * On a desktop the page is one screen high and the main column scrolls inside it, so a full-page
 * screenshot would show the first screen only: for the picture, the page grows to its content.
 */
function unroll(on: boolean): void {
  document.getElementById('unroll-for-screenshot')?.remove();
  if (!on || document.documentElement.scrollHeight > window.innerHeight + 1) return;
  const st = document.createElement('style');
  st.id = 'unroll-for-screenshot';
  st.textContent = '#app { height: auto !important; } main#main, aside#panel { overflow: visible !important; }';
  document.head.append(st);
}

const getState = (d: Driver) => d.eval(() => window.govsim.state() as S);

async function until(d: Driver, test: (s: S) => boolean, what: string, timeout = 120_000): Promise<S> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await getState(d);
    if (test(s)) return s;
    if (Date.now() > end) throw new Error(`${d.name}: timed out waiting for ${what}; state ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 60));
  }
}

async function untilDom(d: Driver, fn: () => boolean, what: string, timeout = 120_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await d.eval(fn))) {
    if (Date.now() > end) throw new Error(`${d.name}: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 60));
  }
}

const settled = (d: Driver) => until(d, (s) => !s.preparing && !s.pending && s.drawn, 'the page to settle');

// One browser per engine for the whole file (launched on first use, closed after the last test);
// each test gets a fresh page.
let chromiumBrowser: ReturnType<typeof launchChromium> | undefined;
let firefoxBrowser: ReturnType<typeof launchFirefox> | undefined;

afterAll(async () => {
  await (await chromiumBrowser?.catch(() => undefined))?.close();
  await (await firefoxBrowser?.catch(() => undefined))?.close();
});

async function chromium(query: string, vp = VIEWPORTS[1]): Promise<Driver> {
  chromiumBrowser ??= launchChromium();
  const browser = await chromiumBrowser;
  const context = await browser.newContext({ viewport: vp, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  const origin = new URL(server.url).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    errors.push(`foreign request: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(server.url + query);
  await page.waitForFunction(() => typeof window.govsim === 'object', null, { timeout: 60_000 });
  await page.evaluate(() => window.govsim.ready);
  return {
    name: 'chromium',
    eval: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: async (sel) => { await page.click(sel); },
    clickNow: async (sel) => { await page.click(sel, { force: true }); },
    type: async (sel, text) => { await page.fill(sel, text); },
    viewport: (w, h) => page.setViewportSize({ width: w, height: h }),
    screenshot: async (path) => {
      await page.evaluate(unroll, true);
      await page.screenshot({ path, fullPage: true });
      await page.evaluate(unroll, false);
    },
    media: (m) => page.emulateMedia({ media: m }),
    pdf: async () => new Uint8Array(await page.pdf({ format: 'A4', printBackground: true })),
    errors,
    close: () => context.close(),
  };
}

async function firefox(query: string, vp = VIEWPORTS[1]): Promise<Driver> {
  firefoxBrowser ??= launchFirefox();
  const browser = await firefoxBrowser;
  const page = await browser.newPage();
  await page.setViewport(vp);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  await page.goto(server.url + query);
  await page.waitForFunction(() => typeof window.govsim === 'object', { timeout: 60_000 });
  await page.evaluate(() => window.govsim.ready);
  return {
    name: 'firefox',
    eval: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: async (sel) => { await page.click(sel); },
    clickNow: async (sel) => { await page.click(sel); },
    type: async (sel, text) => {
      await page.$eval(sel, (e) => { (e as HTMLInputElement).value = ''; (e as HTMLInputElement).focus(); });
      await page.type(sel, text);
    },
    viewport: (w, h) => page.setViewport({ width: w, height: h }),
    screenshot: async (path) => {
      await page.evaluate(unroll, true);
      await page.screenshot({ path: path as `${string}.png`, fullPage: true });
      await page.evaluate(unroll, false);
    },
    // WebDriver BiDi has no media emulation: the page's print rules are laid over the screen as a style element.
    media: async (m) => {
      await page.evaluate((mode) => {
        document.getElementById('print-as-screen')?.remove();
        if (mode !== 'print') return;
        const rules: string[] = [];
        for (const sheet of document.styleSheets) {
          for (const r of sheet.cssRules) if (r instanceof CSSMediaRule && r.media.mediaText.includes('print')) for (const inner of r.cssRules) rules.push(inner.cssText);
        }
        const st = document.createElement('style');
        st.id = 'print-as-screen';
        st.textContent = rules.join('\n');
        document.head.append(st);
      }, m);
    },
    pdf: async () => new Uint8Array(await page.pdf({ format: 'a4', printBackground: true })),
    errors,
    close: () => page.close(),
  };
}

/** Layout problems measured in the page: overflow of the viewport or a card, squeezed text, small touch targets. */
function measure(minTarget: number): string[] {
  const vw = document.documentElement.clientWidth;
  const out: string[] = [];
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
  const shown = (e: Element) => {
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden';
  };
  // Inside a scrolling box (a wide table) content may run on; the box itself must fit.
  const inScroller = (e: Element) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.id === 'main' || p.id === 'panel' || p.id === 'app') continue;
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
    }
    return false;
  };
  const all = [...document.querySelectorAll('body *')].filter((e) => !(e.closest('svg') && e.tagName.toLowerCase() !== 'svg')
    && !e.closest('.skip') && !e.closest('[hidden]') && e.tagName.toLowerCase() !== 'option' && shown(e));
  for (const e of all) {
    if (inScroller(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1) out.push(`${name(e)} leaves the viewport (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
  }
  for (const card of document.querySelectorAll('.card, .kpi')) {
    if (!shown(card)) continue;
    const c = card.getBoundingClientRect();
    for (const e of card.querySelectorAll('*')) {
      if ((e.closest('svg') && e.tagName.toLowerCase() !== 'svg') || e.closest('[hidden]') || !shown(e) || inScroller(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1) {
        out.push(`${name(e)} leaves its card ${name(card)}`);
      }
    }
  }
  // Text squeezed into a narrow column: fewer than 4 characters a line.
  for (const e of all) {
    for (const node of e.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const text = (node.textContent ?? '').trim();
      if ([...text].length < 4) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1 && [...text].length / tops.size < 4) out.push(`${name(e)} "${text.slice(0, 20)}" wraps at ${([...text].length / tops.size).toFixed(1)} characters a line`);
    }
  }
  if (minTarget > 0) {
    for (const e of all) {
      const tag = e.tagName.toLowerCase();
      const type = (e as HTMLInputElement).type;
      if (!(tag === 'button' || tag === 'select' || (tag === 'input' && ['number', 'text'].includes(type)))) continue;
      const r = e.getBoundingClientRect();
      if (r.height < minTarget - 0.5) out.push(`${name(e)} is ${Math.round(r.height)} px high (touch target < ${minTarget})`);
    }
  }
  return out;
}

/** Sankey labels that overprint one another (measured from their boxes on the page). */
function sankeyOverlaps(): string[] {
  const out: string[] = [];
  for (const panel of document.querySelectorAll('g.sankey')) {
    const boxes = [...panel.querySelectorAll('g.node text')].filter((t) => getComputedStyle(t).display !== 'none')
      .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() })).filter((b) => b.r.width > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`"${boxes[i].text}" overprints "${boxes[j].text}"`);
      }
    }
  }
  return out;
}

async function layoutAll(d: Driver): Promise<void> {
  await d.eval(() => window.govsim.runToEnd());
  await until(d, (s) => s.done && s.drawn, 'the run to finish');
  for (const vp of VIEWPORTS) {
    await d.viewport(vp.width, vp.height);
    for (const lang of ['zh', 'en']) {
      const s = await getState(d);
      if (s.lang !== lang) await d.click('#lang');
      await until(d, (x) => x.lang === lang, `language ${lang}`);
      // The page redraws on resize after a short pause; force it so the measure sees the new size.
      await d.eval(() => new Promise<void>((r) => setTimeout(r, 250)));
      await settled(d);
      const problems = await d.eval(measure, vp.width <= 700 ? 44 : 0);
      await d.screenshot(join(ARTIFACTS, `room-${d.name}-${vp.width}x${vp.height}-${lang}.png`));
      expect(problems, `${d.name} ${vp.width}×${vp.height} ${lang}`).toEqual([]);
      expect(await d.eval(sankeyOverlaps), `${d.name} ${vp.width}×${vp.height} ${lang}: Sankey labels`).toEqual([]);
      if (lang === 'zh') {
        // No engine label left untranslated on the page (支出：payroll …).
        const english = await d.eval(() => [...document.querySelectorAll('#summary th, .kpi-label, .legend-item text, text.panel-title')]
          .map((e) => e.textContent ?? '').filter((x) => /\b(payroll|incentives|training|surge|subsidy|repairs|operations)\b/.test(x)));
        expect(english).toEqual([]);
      }
      if (vp.width <= 700) {
        // The panel is a drawer: closed, the charts have the width; open, it covers the page.
        expect(await d.eval(() => getComputedStyle(document.getElementById('panel')!).display)).toBe('none');
        await d.click('#panel-toggle');
        expect(await d.eval(() => document.getElementById('panel')!.getBoundingClientRect().width - document.documentElement.clientWidth)).toBeGreaterThan(-2);
        const drawerProblems = await d.eval(measure, 44);
        await d.screenshot(join(ARTIFACTS, `room-${d.name}-${vp.width}x${vp.height}-${lang}-drawer.png`));
        expect(drawerProblems, `${d.name} drawer ${lang}`).toEqual([]);
        await d.click('#panel-close');
        expect(await d.eval(() => getComputedStyle(document.getElementById('panel')!).display)).toBe('none');
      }
      if (vp.width >= 1600) {
        const axis = await d.eval(() => Math.min(...[...document.querySelectorAll('.card .axis text')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
        expect(axis).toBeGreaterThanOrEqual(16);
      }
    }
  }
  // Present mode hides the controls and keeps the charts.
  await d.click('#present');
  expect(await d.eval(() => getComputedStyle(document.getElementById('panel')!).display)).toBe('none');
  expect(await d.eval(() => document.querySelectorAll('.card svg').length)).toBeGreaterThan(3);
  await d.click('#present');
}

async function lostClick(d: Driver): Promise<void> {
  await settled(d);
  // A finished run first: Play is disabled then, and the edit must enable it in time for the click.
  await d.eval(() => window.govsim.runToEnd());
  const first = await until(d, (x) => x.done && x.drawn, 'the first run');
  const id = 'staffing.communityWorkers';
  await d.eval((lever) => {
    const row = document.querySelector(`[data-lever="${lever}"]`)!;
    for (let x = row.closest('details'); x; x = x.parentElement?.closest('details') ?? null) (x as HTMLDetailsElement).open = true;
    row.scrollIntoView();
  }, id);
  await d.type(`[data-lever="${id}"] input[type="number"]`, '17');
  // Straight to Play: the blur commits the value and the click must run it, not the old scenario.
  await d.clickNow('#play');
  const s = await until(d, (x) => x.done && x.digest !== first.digest && !x.pending && !x.preparing, 'the new run to end');
  expect(s.spec.levers[id]).toBe(17);
  expect(s.day).toBe(s.horizon);
  const expected = await d.eval((spec) => window.govsim.digest(spec as never), s.spec);
  expect(s.digest).toBe(expected);
  // The first run stays on the charts, faded, with its own legend entry.
  expect((s as S & { previous?: boolean }).previous).toBe(true);
  await until(d, (x) => x.drawn, 'the drawing');
  expect(await d.eval(() => document.querySelectorAll('#chart-open path.line.previous').length)).toBeGreaterThan(0);
  expect(await d.eval(() => [...document.querySelectorAll('#chart-open .legend-item')].some((g) => g.getAttribute('transform') !== null && /上一次运行|Previous run/.test(g.textContent ?? '')))).toBe(true);
}

async function diffPanels(d: Driver): Promise<void> {
  await settled(d);
  await d.eval(() => window.govsim.runToEnd());
  await until(d, (s) => s.done && !!s.baseDigest && s.drawn, 'both runs to finish');
  const panels = await d.eval(() => [...document.querySelectorAll('#chart-diff g.diff-panel')].map((g) => {
    const rect = g.querySelector('clipPath rect')!;
    const y0 = Number(rect.getAttribute('y'));
    const y1 = y0 + Number(rect.getAttribute('height'));
    const zero = g.querySelector('line.zero');
    const ys: number[] = [];
    for (const p of g.querySelectorAll('path.line, path.band')) {
      const dd = p.getAttribute('d') ?? '';
      for (const m of dd.matchAll(/[ML,]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)) ys.push(Number(m[2]));
    }
    const ticks = [...g.querySelectorAll('.y-axis .tick text')].map((t) => t.textContent);
    return { y0, y1, zeroY: zero ? Number(zero.getAttribute('y1')) : NaN, ys, ticks, clipped: !!g.querySelector('g.plot[clip-path]') };
  }));
  expect(panels.length).toBeGreaterThanOrEqual(4);
  let negative = 0;
  for (const p of panels) {
    expect(p.clipped).toBe(true);
    expect(p.ys.length).toBeGreaterThan(0);
    for (const y of p.ys) {
      expect(y).toBeGreaterThanOrEqual(p.y0 - 0.5);
      expect(y).toBeLessThanOrEqual(p.y1 + 0.5);
    }
    // Symmetric around 0: the zero line in the middle of the frame.
    expect(Math.abs(p.zeroY - (p.y0 + p.y1) / 2)).toBeLessThan(1);
    expect(new Set(p.ticks).size).toBe(p.ticks.length);
    if (p.ys.some((y) => y > p.zeroY + 1)) negative++;
  }
  expect(negative, 'panels with a negative difference').toBeGreaterThan(0);
  await d.screenshot(join(ARTIFACTS, `room-${d.name}-compare-diff.png`));
}

async function guided(d: Driver): Promise<void> {
  await settled(d);
  await d.click('#guide-start');
  for (let k = 0; k < 5; k++) {
    await until(d, (s) => s.guide === k && !s.preparing && !s.pending, `guided step ${k + 1}`);
    expect(await d.eval(() => document.getElementById('guide-answer')!.hidden)).toBe(true);
    await d.click('#guide-run');
    await untilDom(d, () => !document.getElementById('guide-answer')!.hidden, `the answer of step ${k + 1}`);
    const rows = await d.eval(() => document.querySelectorAll('#guide-answer tbody tr').length);
    expect(rows).toBeGreaterThanOrEqual(3);
    const s = await getState(d);
    expect(s.mode).toBe('compare');
    expect(s.done).toBe(true);
    if (k === 0) await d.screenshot(join(ARTIFACTS, `room-${d.name}-guide.png`));
    await d.click('#guide-next');
  }
  await until(d, (s) => s.guide === undefined, 'the guide to end');
}

async function handout(d: Driver): Promise<void> {
  await d.eval(() => window.govsim.runToEnd());
  await until(d, (s) => s.done && s.drawn, 'the run to finish');
  await d.media('print');
  const charts = await d.eval(() => [...document.querySelectorAll('.card')].map((c) => {
    const r = c.getBoundingClientRect();
    return { id: c.id, shown: r.width > 0 && r.height > 0 && getComputedStyle(c).display !== 'none', svg: !!c.querySelector('svg')?.childElementCount };
  }));
  expect(charts.length).toBeGreaterThanOrEqual(6);
  for (const c of charts) expect(c, c.id).toMatchObject({ shown: true, svg: true });
  expect(await d.eval(() => getComputedStyle(document.getElementById('handout-head')!).display)).not.toBe('none');
  await d.screenshot(join(ARTIFACTS, `room-${d.name}-handout.png`));
  const pages = pdfPages(await d.pdf());
  expect(pages).toBeGreaterThanOrEqual(2);
  await d.media('screen');
}

const ENGINES = [chromium, firefox] as const;

/**
 * Run `check` in Chromium and in Firefox ESR at the same time (one page each, from the query),
 * then fail with every engine's error: the engines wait on their own workers and drivers, so
 * side by side they take about as long as the slower one.
 */
async function inBoth(query: string, vp: { width: number; height: number } | undefined, check: (d: Driver) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(ENGINES.map(async (open) => {
    const d = await open(query, vp);
    try {
      await check(d);
      expect(d.errors, `${d.name}: page errors`).toEqual([]);
    } finally {
      await d.close();
    }
  }));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length === 1) throw failed[0].reason;
  if (failed.length) throw new AggregateError(failed.map((r) => r.reason), failed.map((r) => String((r.reason as Error)?.message ?? r.reason)).join('\n---\n'));
}

// Each page serves two checks where the second can start from the first's finished run (fewer
// reloads): the layout page then takes the lost click; the compare page then prints the handout.
describe('the workshop room in Chromium and Firefox ESR (side by side)', () => {
  it('fits 390×844, 1024×768 and 1920×1080 in zh and en (drawer on the phone, larger axes on the projector); then runs the value typed just before Play', async () => {
    await inBoth('?days=60', undefined, async (d) => {
      await layoutAll(d);
      await d.viewport(VIEWPORTS[1].width, VIEWPORTS[1].height);
      await lostClick(d);
    });
  }, 600_000);

  it('keeps difference panels inside their frames with negative differences (phone); then prints the handout on two pages or more with every chart', async () => {
    await inBoth('?days=90&mode=compare&set.staffing.gridWorkersPerGrid=0.4', VIEWPORTS[0], async (d) => {
      await diffPanels(d);
      await d.viewport(VIEWPORTS[1].width, VIEWPORTS[1].height);
      await handout(d);
    });
  }, 600_000);

  it('runs the guided mode start to end', async () => {
    await inBoth('', undefined, guided);
  }, 600_000);
});
