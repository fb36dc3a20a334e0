// The workshop in real browsers (Debian's Chromium and Firefox ESR): the facilitator page and
// three phone-sized participant pages in Chromium, one participant in Firefox ESR, two rounds.
// A participant reloads mid-round and keeps its seat and decision; the server is SIGKILLed
// mid-session and restarted, and the session resumes at the same round with the same results;
// a participant cannot change another role's lever. Screenshots go to WORKSHOP_SHOTS (if set).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser as PwBrowser, Page } from 'playwright-core';
import type { Browser as PpBrowser, Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getScenario } from '../../scenarios/index.ts';
import { resolvedLevers } from '../../sim/index.ts';
import type { FacilitatorView, ParticipantView } from '../../api/workshop/messages.ts';
import { launchChromium, launchFirefox } from '../viz/helpers/browsers.ts';
import { buildSandbox } from '../viz/helpers/serve.ts';
import { freePort, startChild, type ServerChild } from './child.ts';
import { createSession, tempDir } from './helpers.ts';

/** The training preset's lever values (the 'from' of a first change). */
const TRAINING = resolvedLevers(getScenario('training')!);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const shots = process.env.WORKSHOP_SHOTS;
async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name), fullPage: false });
}

type View = FacilitatorView | ParticipantView;
const viewIn = (page: Page) => page.evaluate(() => window.workshop?.view ?? null) as Promise<View | null>;
// The predicates run in the page as functions (with an optional argument), never as strings: the
// server's Content-Security-Policy (script-src 'self') forbids eval, which a string predicate needs.
type PagePred<A> = (arg: A) => boolean;
async function waitView<A>(page: Page, pred: PagePred<A>, arg?: A): Promise<void> {
  try {
    await page.waitForFunction(pred as (a: unknown) => boolean, arg as unknown, { timeout: 60_000 });
  } catch (e) {
    const seen = await page.evaluate(async () => ({
      url: location.href, status: window.workshop?.view?.status, round: window.workshop?.view?.round, link: window.workshop?.link, errors: window.workshop?.errors,
      scripts: await Promise.all([...document.scripts].map(async (el) => `${el.src}: ${el.src ? (await fetch(el.src)).status : 'inline'}`)),
    })).catch((err: Error) => err.message);
    throw new Error(`${(e as Error).message}\nwaiting for ${pred.toString()}\npage state: ${JSON.stringify(seen)}`);
  }
}
async function ffWaitView<A>(page: PpPage, pred: PagePred<A>, arg?: A): Promise<void> {
  await page.waitForFunction(pred as (a: unknown) => boolean, { timeout: 60_000 }, arg as unknown);
}

describe('workshop in browsers', () => {
  let chromium: PwBrowser;
  let firefox: PpBrowser;
  let server: ServerChild;
  let sandbox: string;
  let dataDir: string;
  let port: number;
  beforeAll(async () => {
    sandbox = await buildSandbox();
    dataDir = tempDir();
    port = await freePort();
    server = await startChild(port, dataDir, sandbox);
    chromium = await launchChromium();
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await chromium?.close();
    await firefox?.close();
    await server?.stop();
  });

  test('facilitator + 3 phones in Chromium + 1 in Firefox play 2 rounds through a reload and a SIGKILL', async () => {
    const base = server.base;
    const { code, adminToken } = await createSession(base, { title: 'Browser test', preset: 'training', groups: 2, rounds: 2, roundDays: 28, seed: 11, timerSeconds: 900, roles: ['district', 'street'] });

    const facCtx = await chromium.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const fac = await facCtx.newPage();
    const pageErrors: string[] = [];
    fac.on('pageerror', (e) => pageErrors.push(e.message));
    await fac.goto(`${base}/workshop/#code=${code}&admin=${encodeURIComponent(adminToken)}`);
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.kind === 'facilitator'); });
    expect(await fac.textContent('#code')).toBe(code);

    // three phones in Chromium join through the form
    const phones: Page[] = [];
    for (const name of ['Ana', 'Bo', 'Cai']) {
      const ctx = await chromium.newContext({ ...PHONE, locale: 'zh-CN' });
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(`${base}/workshop/join.html?code=${code}`);
      await p.fill('input[name=name]', name);
      await p.click('button[type=submit]');
      await waitView(p, () => { const v: any = window.workshop?.view; return !!v && (v.kind === 'participant'); });
      phones.push(p);
    }
    // one participant in Firefox ESR
    const ff = await firefox.newPage();
    await ff.setViewport({ width: 390, height: 844 });
    await ff.goto(`${base}/workshop/join.html?code=${code}&lang=en`);
    await ff.waitForSelector('input[name=name]');
    await ff.type('input[name=name]', 'Dee');
    await ff.click('button[type=submit]');
    await ffWaitView(ff, () => { const v: any = window.workshop?.view; return !!v && (v.kind === 'participant'); });
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.seats.length === 4 && v.seats.every((s: any) => s.connected)); });
    const seats = ((await viewIn(fac)) as FacilitatorView).seats;
    expect(seats.map((s) => [s.name, s.group, s.role])).toEqual([['Ana', 1, 'district'], ['Bo', 2, 'district'], ['Cai', 1, 'street'], ['Dee', 2, 'street']]);
    // roles see only their own levers
    expect(await phones[0].$$eval('input[type=number][data-lever]', (els) => els.map((e) => e.getAttribute('data-lever')))).toContain('money.budgetPerCapitaYuan');
    expect(await phones[2].$$eval('[data-lever]', (els) => els.map((e) => e.getAttribute('data-lever')))).not.toContain('money.budgetPerCapitaYuan');

    // round 1
    await fac.click('button[data-act=start]');
    await waitView(phones[0], () => { const v: any = window.workshop?.view; return !!v && (v.status === 'open'); });
    await phones[0].fill('input[type=number][data-lever="money.budgetPerCapitaYuan"]', '400');
    await phones[0].press('input[type=number][data-lever="money.budgetPerCapitaYuan"]', 'Tab');
    await phones[0].click('#submit');
    await waitView(phones[0], () => { const v: any = window.workshop?.view; return !!v && (v.decided === true); });
    // a reload mid-round keeps the seat and the decision
    await phones[0].reload();
    await waitView(phones[0], () => { const v: any = window.workshop?.view; return !!v && (v.kind === 'participant'); });
    const again = (await viewIn(phones[0])) as ParticipantView;
    expect(again.seat.name).toBe('Ana');
    expect(again.decided).toBe(true);
    expect(again.levers.find((l) => l.id === 'money.budgetPerCapitaYuan')!.value).toBe(400);
    expect(await phones[0].inputValue('input[type=number][data-lever="money.budgetPerCapitaYuan"]')).toBe('400');
    // another role's lever is refused with a clear error
    const refused = await phones[0].evaluate(async () => {
      // the seat token is in the fragment only (never in a request line)
      if (new URLSearchParams(location.search).has('seat')) throw new Error(`the seat token is in the query: ${location.search}`);
      const token = new URLSearchParams(location.hash.slice(1)).get('seat')!;
      const res = await fetch('/workshop/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': token }, body: JSON.stringify({ type: 'decide', levers: { 'staffing.streetStaff': 60 } }) });
      return { status: res.status, body: await res.json() as { error: { code: string; message: string } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_your_lever');
    expect(refused.body.error.message).toMatch(/belongs to the Street role/);
    // Firefox decides too (a street lever)
    await ff.click('input[type=checkbox][data-lever="whistle.community"]');
    // the draft goes to the server and the page redraws with it; only then submit
    await ffWaitView(ff, () => { const v: any = window.workshop?.view; return !!v && (v.levers.find((l: any) => l.id === 'whistle.community').value === false); });
    await ff.click('#submit');
    await ffWaitView(ff, () => { const v: any = window.workshop?.view; return !!v && (v.decided === true); });
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.seats.filter((s: any) => s.decided).length === 2); });
    await shot(fac, 'workshop-dashboard.png');
    await shot(phones[0], 'workshop-phone.png');

    await fac.click('button[data-act=close]');
    for (const p of [fac, ...phones]) await waitView(p, (round) => { const v: any = window.workshop?.view; return !!v && v.round === round; }, 1);
    await ffWaitView(ff, (round) => { const v: any = window.workshop?.view; return !!v && v.round === round; }, 1);
    await phones[0].waitForSelector('#kpis');
    const r1 = (await viewIn(fac)) as FacilitatorView;
    expect(r1.outcomes[0][0].changes).toEqual([{ role: 'district', lever: 'money.budgetPerCapitaYuan', from: TRAINING['money.budgetPerCapitaYuan'], to: 400 }]);
    expect(r1.outcomes[1][0].changes).toEqual([{ role: 'street', lever: 'whistle.community', from: TRAINING['whistle.community'], to: false }]);
    const r1digests = r1.outcomes.map((g) => g[0].digest);

    // round 2 opens, Bo decides, then the server is SIGKILLed and restarted on the same port
    await fac.click('button[data-event=budgetCut]');
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.pendingEvents.includes('budgetCut')); });
    await fac.click('button[data-act=start]');
    await waitView(phones[1], () => { const v: any = window.workshop?.view; return !!v && (v.status === 'open'); });
    await phones[1].fill('input[type=number][data-lever="workforce.incentiveYuan"]', '900');
    await phones[1].press('input[type=number][data-lever="workforce.incentiveYuan"]', 'Tab');
    await phones[1].click('#submit');
    await waitView(fac, (name) => { const v: any = window.workshop?.view; return !!v && v.seats.some((s: any) => s.name === name && s.decided); }, 'Bo');
    await server.kill();
    server = await startChild(port, dataDir, sandbox);
    // every page reconnects by itself to the same round, with the same results
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.status === 'paused' && v.round === 1 && v.seats.filter((s: any) => s.connected).length === 4); });
    const back = (await viewIn(fac)) as FacilitatorView;
    expect(back.outcomes.map((g) => g[0].digest)).toEqual(r1digests);
    expect(back.pendingEvents).toEqual(['budgetCut']);
    expect(back.seats.find((s) => s.name === 'Bo')!.decided).toBe(true);
    await waitView(phones[1], () => { const v: any = window.workshop?.view; return !!v && (v.status === "paused" && v.decided === true); });
    await fac.click('button[data-act=resume]');
    await waitView(fac, () => { const v: any = window.workshop?.view; return !!v && (v.status === 'open'); });
    await fac.click('button[data-act=close]');
    for (const p of [fac, ...phones]) await waitView(p, () => { const v: any = window.workshop?.view; return !!v && (v.status === 'finished'); });
    await ffWaitView(ff, () => { const v: any = window.workshop?.view; return !!v && (v.status === 'finished'); });
    const end = (await viewIn(fac)) as FacilitatorView;
    expect(end.outcomes[1][1].changes).toEqual([{ role: 'district', lever: 'workforce.incentiveYuan', from: TRAINING['workforce.incentiveYuan'], to: 900 }]);
    expect(end.outcomes.every((g) => g[1].events[0] === 'budgetCut')).toBe(true);

    await fac.click('button[data-tab=debrief]');
    await fac.waitForSelector('#debrief svg');
    expect(await fac.locator('#debrief .mark').count()).toBeGreaterThan(0);
    await shot(fac, 'workshop-debrief.png');
    await shot(phones[2], 'workshop-phone-results.png');
    expect(pageErrors).toEqual([]);
  }, 480_000); // a loaded 2-core machine: five browser pages, two server starts
});
