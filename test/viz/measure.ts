// Speed figures for the sandbox in Debian's Chromium (a script that prints, not a test):
//   node bin/run-ts.mjs test/viz/measure.ts [repeats] [--quick]
// (--quick: only the acceptance rows, training 365 days at desktop, phone and projector sizes;
// each row is printed as soon as it is measured)
// 1. sim-days per second for the training district played live (all charts drawing);
// 2. a full Qinhuai year (qinhuai-2021, 365 days) in a browser worker, alone and played live;
// 3. the longest main-thread task while playing (PerformanceObserver 'longtask', > 50 ms only);
// the training rows are also played at a phone's (390×844) and a projector's (1920×1080) size.
// Each case runs `repeats` times (3 by default) in a fresh page; the median and the range are
// printed with the machine's load, since other work on a 2-core machine stretches every figure.
import { cpus, loadavg } from 'node:os';
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, until } from './helpers/page.ts';
import { buildSandbox, serveStatic } from './helpers/serve.ts';

interface Play { seconds: number; worker: number; longest: number; longTasks: number; parts: Record<string, number> }

async function playLive(page: Page): Promise<Play> {
  await page.selectOption('#speed', 'Infinity');
  await page.waitForTimeout(500); // let the first full drawing (map, Sankeys) finish before timing the play
  await page.evaluate(() => {
    window.govsim.longTasks.length = 0;
    for (const k of Object.keys(window.govsim.drawTimes)) delete window.govsim.drawTimes[k];
  });
  const t0 = Date.now();
  await page.click('#play');
  await until(page, (s) => s.done && !s.playing, 600_000);
  const seconds = (Date.now() - t0) / 1000;
  const tasks = await page.evaluate(() => window.govsim.longTasks.slice());
  const parts = await page.evaluate(() => ({ ...window.govsim.drawTimes }));
  const worker = await page.evaluate(() => window.govsim.stepMillis());
  return { seconds, worker: worker / 1000, longest: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length, parts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const ms = (x: number) => (x ? `${x.toFixed(0)} ms` : 'none');

async function repeat(browser: Browser, base: string, query: string, n: number, viewport?: { width: number; height: number }): Promise<Play[]> {
  const out: Play[] = [];
  for (let i = 0; i < n; i++) {
    const p = await openSandbox(browser, base, query, viewport);
    out.push(await playLive(p.page));
    await p.close();
  }
  return out;
}

function describe(label: string, days: number, plays: Play[]): string {
  const rate = plays.map((p) => days / p.seconds);
  const longest = plays.map((p) => p.longest);
  const slowest = Object.entries(plays.reduce<Record<string, number>>((acc, p) => {
    for (const [k, v] of Object.entries(p.parts)) acc[k] = Math.max(acc[k] ?? 0, v);
    return acc;
  }, {})).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
  return `${label}: median ${median(plays.map((p) => p.seconds)).toFixed(2)} s = ${median(rate).toFixed(0)} sim-days/s (range ${range(rate, (x) => x.toFixed(0))}); `
    + `worker stepping median ${median(plays.map((p) => p.worker)).toFixed(2)} s; `
    + `long tasks per play ${plays.map((p) => p.longTasks).join('/')}, longest median ${ms(median(longest))} (range ${range(longest, ms)}); slowest draw parts: ${slowest}`;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repeats = Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 3));
const print = (r: string) => console.log(`- ${r} [load ${loadavg()[0].toFixed(1)}]`);

/** A row of the acceptance: ≥ 600 sim-days/s (median) and no main-thread task over 50 ms in any play. */
function accept(label: string, days: number, plays: Play[]): void {
  print(describe(label, days, plays));
  const rate = median(plays.map((p) => days / p.seconds));
  const long = plays.reduce((n, p) => n + p.longTasks, 0);
  console.log(`  acceptance (≥ 600 sim-days/s, no task > 50 ms in ${plays.length} plays): ${rate >= 600 && long === 0 ? 'met' : 'MISSED'}`);
}

const dist = await buildSandbox();
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  console.log(`Chromium ${browser.version()}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start; ${repeats} plays each`);
  const url = server.url;
  accept('training, 365 days, played live with all charts', 365, await repeat(browser, url, '?preset=training&days=365', repeats));
  accept('training, 365 days, phone viewport 390×844, played live with all charts', 365,
    await repeat(browser, url, '?preset=training&days=365', repeats, { width: 390, height: 844 }));
  accept('training, 365 days, projector viewport 1920×1080, played live with all charts', 365,
    await repeat(browser, url, '?preset=training&days=365', repeats, { width: 1920, height: 1080 }));
  if (!quick) {
    print(describe('training, 3650 days, played live with all charts', 3650, await repeat(browser, url, '?preset=training&days=3650', repeats)));
    print(describe('training, 365 days, compare mode (two workers), played live', 365,
      await repeat(browser, url, '?preset=training&days=365&mode=compare&set.staffing.helpersPerGrid=2', repeats)));
    const oneShot: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const p = await openSandbox(browser, url, '?preset=training&days=30');
      oneShot.push(await p.page.evaluate(async () => {
        const t0 = performance.now();
        await window.govsim.digest({ preset: 'qinhuai-2021', levers: {}, seed: 1, days: 365 });
        return performance.now() - t0;
      }));
      await p.close();
    }
    print(`qinhuai-2021, 365 days, one run in a fresh browser worker (no drawing): median ${(median(oneShot) / 1000).toFixed(2)} s (range ${range(oneShot, (x) => (x / 1000).toFixed(2))} s)`);
    print(describe('qinhuai-2021, 365 days, played live with all charts', 365, await repeat(browser, url, '?preset=qinhuai-2021&days=365', repeats)));
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dist, { recursive: true, force: true });
}
