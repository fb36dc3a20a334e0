// Speed figures for the sandbox in Debian's Chromium (a script that prints, not a test):
//   node bin/run-ts.mjs test/viz/measure.ts [repeats] [--quick] [--dist=DIR]
// (--quick: only the acceptance rows, training 365 days at desktop, phone and projector sizes;
// each row is printed as soon as it is measured; --dist: serve an already built sandbox, e.g. one
// built from another commit, to compare two versions in turn under the same load)
// 1. sim-days per second for the training district played live (all charts drawing);
// 2. a full Qinhuai year (qinhuai-2021, 365 days) in a browser worker, alone and played live;
// 3. the longest main-thread task while playing (PerformanceObserver 'longtask', > 50 ms only);
// the training rows are also played at a phone's (390×844) and a projector's (1920×1080) size.
// Each case runs `repeats` times (3 by default) in a fresh page; the median and the range are
// printed with the machine's load, since other work on a 2-core machine stretches every figure.
// The timed plays are never traced (tracing costs the page time). Because a loaded machine
// stretches wall times, each training row then plays `repeats` more times, traced (Chromium's
// 'toplevel' task events carry the thread's own CPU time, tdur): the CPU the page's main thread
// and its workers spent, and the longest main-thread task in CPU time, which other processes do
// not stretch. The acceptance line uses the untraced plays only.
import { cpus, loadavg } from 'node:os';
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browsers.ts';
import { openSandbox, until } from './helpers/page.ts';
import { buildSandbox, serveStatic } from './helpers/serve.ts';

interface Cpu { main: number; workers: number; longestCpu: number; longestWall: number; overCpu50: number }
interface Play { seconds: number; worker: number; longest: number; longTasks: number; parts: Record<string, number>; cpu?: Cpu }

interface TraceEvent { name: string; cat: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

/** CPU per thread kind between the marks 'play-start' and 'play-end' (top-level tasks only). */
function cpuOf(events: TraceEvent[]): Cpu | undefined {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const start = events.find((e) => e.name === 'play-start');
  const end = events.find((e) => e.name === 'play-end');
  if (!start || !end) return undefined;
  const pid = start.pid;
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === pid && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')
    && e.ts >= start.ts && e.ts <= end.ts && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const out: Cpu = { main: 0, workers: 0, longestCpu: 0, longestWall: 0, overCpu50: 0 };
  const lastEnd = new Map<string, number>();
  for (const e of tasks) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (lastEnd.get(key) ?? -Infinity)) continue; // nested in a task already counted
    lastEnd.set(key, e.ts + e.dur!);
    const cpu = (e.tdur ?? e.dur!) / 1000;
    const thread = names.get(key) ?? '';
    if (thread === 'CrRendererMain') {
      out.main += cpu;
      out.longestCpu = Math.max(out.longestCpu, cpu);
      out.longestWall = Math.max(out.longestWall, e.dur! / 1000);
      if (cpu > 50) out.overCpu50++;
    } else if (/Worker/.test(thread)) out.workers += cpu;
  }
  return out;
}

async function playLive(page: Page, browser?: Browser): Promise<Play> {
  await page.selectOption('#speed', 'Infinity');
  await page.waitForTimeout(500); // let the first full drawing (map, Sankeys) finish before timing the play
  await page.evaluate(() => {
    window.govsim.longTasks.length = 0;
    for (const k of Object.keys(window.govsim.drawTimes)) delete window.govsim.drawTimes[k];
  });
  if (browser) await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', '__metadata'] });
  await page.evaluate(() => performance.mark('play-start'));
  const t0 = Date.now();
  await page.click('#play');
  await until(page, (s) => s.done && !s.playing && s.drawn, 600_000);
  const seconds = (Date.now() - t0) / 1000;
  await page.evaluate(() => performance.mark('play-end'));
  let cpu: Cpu | undefined;
  if (browser) {
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    cpu = cpuOf(Array.isArray(trace) ? trace : trace.traceEvents ?? []);
  }
  const tasks = await page.evaluate(() => window.govsim.longTasks.slice());
  const parts = await page.evaluate(() => ({ ...window.govsim.drawTimes }));
  const worker = await page.evaluate(() => window.govsim.stepMillis());
  return { seconds, worker: worker / 1000, longest: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length, parts, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const ms = (x: number) => (x ? `${x.toFixed(0)} ms` : 'none');

async function repeat(browser: Browser, base: string, query: string, n: number, viewport?: { width: number; height: number }, trace = false): Promise<Play[]> {
  // Trace only in plays of their own (tracing costs the page time): the timed plays stay untraced.
  const out: Play[] = [];
  for (let i = 0; i < n; i++) {
    const p = await openSandbox(browser, base, query, viewport);
    out.push(await playLive(p.page, trace ? browser : undefined));
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

/**
 * A row of the acceptance: ≥ 600 sim-days/s (median) and no main-thread task over 50 ms in any
 * of the untraced `plays`; `traced` (the same plays again, traced) only give the CPU breakdown.
 */
function accept(label: string, days: number, plays: Play[], traced: Play[]): void {
  print(describe(`${label} (untraced)`, days, plays));
  print(describe(`${label} (traced, for the CPU only)`, days, traced));
  const cpus = traced.map((p) => p.cpu).filter((c): c is Cpu => !!c);
  if (cpus.length) {
    const f = (xs: number[]) => `${median(xs).toFixed(0)} ms (range ${range(xs, (x) => x.toFixed(0))})`;
    console.log(`  CPU (trace): main thread ${f(cpus.map((c) => c.main))}, workers ${f(cpus.map((c) => c.workers))}; `
      + `longest main-thread task ${f(cpus.map((c) => c.longestCpu))} of CPU (wall ${f(cpus.map((c) => c.longestWall))}); `
      + `tasks over 50 ms of CPU per play ${cpus.map((c) => c.overCpu50).join('/')}; `
      + `sim-days per second of the busier thread's CPU: median ${median(cpus.map((c) => days / (Math.max(c.main, c.workers) / 1000))).toFixed(0)}`);
  }
  const rate = median(plays.map((p) => days / p.seconds));
  const long = plays.reduce((n, p) => n + p.longTasks, 0);
  console.log(`  acceptance (untraced plays: ≥ 600 sim-days/s, no task > 50 ms in ${plays.length} plays): ${rate >= 600 && long === 0 ? 'met' : 'MISSED'}`);
}

const given = args.find((a) => a.startsWith('--dist='))?.slice('--dist='.length);
const dist = given ?? await buildSandbox();
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  console.log(`Chromium ${browser.version()}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start; ${repeats} plays each`);
  const url = server.url;
  const rows: [string, { width: number; height: number } | undefined][] = [
    ['training, 365 days, played live with all charts', undefined],
    ['training, 365 days, phone viewport 390×844, played live with all charts', { width: 390, height: 844 }],
    ['training, 365 days, projector viewport 1920×1080, played live with all charts', { width: 1920, height: 1080 }],
  ];
  for (const [label, viewport] of rows) {
    const plays = await repeat(browser, url, '?preset=training&days=365', repeats, viewport);
    const traced = await repeat(browser, url, '?preset=training&days=365', repeats, viewport, true);
    accept(label, 365, plays, traced);
  }
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
  if (!given) await rm(dist, { recursive: true, force: true });
}
