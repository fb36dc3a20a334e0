// Speed figures for the sandbox in Debian's Chromium (a script that prints, not a test):
//   node bin/run-ts.mjs test/viz/measure.ts
// 1. sim-days per second for the training district played live (all charts drawing);
// 2. a full Qinhuai year (qinhuai-2021, 365 days) in a browser worker, alone and played live;
// 3. the longest main-thread task while playing (PerformanceObserver 'longtask', > 50 ms only).
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, until } from './helpers/page.ts';
import { buildSandbox, serveStatic } from './helpers/serve.ts';

async function playLive(page: Page): Promise<{ seconds: number; longest: number; longTasks: number }> {
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
  console.log('  draw times (longest, ms):', JSON.stringify(await page.evaluate(() => Object.fromEntries(Object.entries(window.govsim.drawTimes).map(([k, v]) => [k, Math.round(v)])))));
  return { seconds, longest: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length };
}

const dist = await buildSandbox();
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  const rows: string[] = [];
  for (const days of [365, 3650]) {
    const p = await openSandbox(browser, server.url, `?preset=training&days=${days}`);
    const r = await playLive(p.page);
    const worker = await p.page.evaluate(() => window.govsim.stepMillis());
    rows.push(`training, ${days} days, played live with charts: ${r.seconds.toFixed(2)} s = ${(days / r.seconds).toFixed(0)} sim-days/s `
      + `(worker stepping ${(worker / 1000).toFixed(2)} s); long tasks while playing: ${r.longTasks}, longest ${r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms'}`);
    await p.close();
  }
  {
    const p = await openSandbox(browser, server.url, '?preset=training&days=30');
    const ms = await p.page.evaluate(async () => {
      const t0 = performance.now();
      await window.govsim.digest({ preset: 'qinhuai-2021', levers: {}, seed: 1, days: 365 });
      return performance.now() - t0;
    });
    rows.push(`qinhuai-2021, 365 days, one run in a fresh browser worker (no drawing): ${(ms / 1000).toFixed(2)} s`);
    await p.close();
  }
  {
    const p = await openSandbox(browser, server.url, '?preset=qinhuai-2021&days=365');
    const r = await playLive(p.page);
    const worker = await p.page.evaluate(() => window.govsim.stepMillis());
    rows.push(`qinhuai-2021, 365 days, played live with charts: ${r.seconds.toFixed(2)} s (worker stepping ${(worker / 1000).toFixed(2)} s); `
      + `long tasks while playing: ${r.longTasks}, longest ${r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms'}`);
    await p.close();
  }
  {
    const p = await openSandbox(browser, server.url, '?preset=training&days=365&mode=compare&set.staffing.helpersPerGrid=2');
    const r = await playLive(p.page);
    rows.push(`training, 365 days, compare mode (two workers), played live: ${r.seconds.toFixed(2)} s = ${(365 / r.seconds).toFixed(0)} sim-days/s per arm; `
      + `long tasks: ${r.longTasks}, longest ${r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms'}`);
    await p.close();
  }
  console.log(`Chromium ${browser.version()}, ${(await import('node:os')).cpus().length} cores`);
  for (const r of rows) console.log(`- ${r}`);
} finally {
  await browser.close();
  await server.close();
  await rm(dist, { recursive: true, force: true });
}
