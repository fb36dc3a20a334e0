// Open the sandbox in a fresh Chromium context with a network guard: any request to another
// origin is recorded and aborted (the page must work offline), and page errors are collected.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Requests to other origins (should stay empty). */
  foreign: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  close(): Promise<void>;
}

export async function openSandbox(browser: Browser, base: string, query = '', viewport = { width: 1280, height: 720 }): Promise<GuardedPage> {
  const origin = new URL(base).origin;
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const foreign: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:') && !foreign.includes(url)) foreign.push(url);
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(base + query);
  await page.waitForFunction(() => typeof window.govsim === 'object', null, { timeout: 30_000 });
  await page.evaluate(() => window.govsim.ready);
  await settled(page);
  return { page, context, foreign, errors, close: () => context.close() };
}

export interface SandboxState {
  day: number;
  horizon: number;
  done: boolean;
  digest?: string;
  baseDigest?: string;
  lang: 'zh' | 'en';
  mode: 'single' | 'compare';
  spec: { preset: string; patches: string[]; levers: Record<string, unknown>; seed: number; days: number };
  baseSpec: { preset: string; patches: string[]; levers: Record<string, unknown>; seed: number; days: number };
  playing: boolean;
  preparing: boolean;
  pending: boolean;
  /** Levers the ticked patches set differently. */
  conflicts: string[];
  mapFocus: number | null;
  selectedGrid: number | null;
  reps?: { n: number; digests: string[] };
  kpis: Record<string, number | null>;
  drawn: boolean;
  /** Compare mode over a posterior ensemble (viz/src/ensemble.ts). */
  ensemble?: { loaded: string | null; error: string | null; running: { done: number; n: number } | null; done: boolean; current: boolean | null };
}

export function state(page: Page): Promise<SandboxState> {
  return page.evaluate(() => window.govsim.state() as never);
}

/** Wait until no change is waiting and the runs are built. */
export async function settled(page: Page): Promise<void> {
  await until(page, (s) => !s.preparing && !s.pending, 60_000);
}

/** Wait for a condition on the sandbox's state (polled from Node: the page's CSP forbids eval). */
export async function until(page: Page, test: (s: SandboxState) => boolean, timeout = 90_000): Promise<SandboxState> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await state(page);
    if (test(s)) return s;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${test.toString()}; state: ${JSON.stringify({ ...s, kpis: undefined })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
