// A workshop end to end over loopback: create, join, decide over WebSocket, close rounds,
// restart the server on the same data directory mid-session, finish, export and replay.
import { networkInterfaces } from 'node:os';
import { describe, expect, test } from 'vitest';
import { getScenario } from '../../scenarios/index.ts';
import { resolvedLevers } from '../../sim/index.ts';
import { replaySession, type SessionExport } from '../../api/workshop/chain.ts';
import type { FacilitatorView, ParticipantView, ServerMessage } from '../../api/workshop/messages.ts';
import WebSocket from 'ws';
import { createSession, isState, joinSession, json, postMessage, tempDir, ticket, workshopApp, WsClient } from './helpers.ts';

/** The training preset's lever values (the 'from' of a first change). */
const TRAINING = resolvedLevers(getScenario('training')!);
const SMALL = { preset: 'training', groups: 2, rounds: 2, roundDays: 14, seed: 7, timerSeconds: 600, roles: ['district', 'street', 'grid'] };
const viewOf = (m: ServerMessage) => (m.type === 'state' ? m.view : undefined);

describe('a session over WebSocket', () => {
  test('join, decide, refuse another role\'s lever, close, restart, finish, replay', async () => {
    const dir = tempDir();
    let { app, base } = await workshopApp(dir);
    const { code, adminToken } = await createSession(base, SMALL);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const seats = [];
    for (const name of ['阿明', 'Bea', 'Chen', 'Dao']) seats.push(await joinSession(base, code, { name }));
    // groups are balanced, then roles within a group
    expect(seats.map((s) => s.seat.group)).toEqual([1, 2, 1, 2]);
    expect(seats.map((s) => s.seat.role)).toEqual(['district', 'district', 'street', 'street']);

    const fac = new WsClient(base, adminToken);
    const ps = seats.map((s) => new WsClient(base, s.token));
    await Promise.all([fac.opened, ...ps.map((p) => p.opened)]);
    const first = viewOf(await ps[0].waitFor((m) => m.type === 'state')) as ParticipantView;
    expect(first.kind).toBe('participant');
    expect(first.levers.map((l) => l.id)).toEqual(['money.budgetPerCapitaYuan', 'money.generalShare', 'money.fundsFollowTasks', 'workforce.payYuan', 'workforce.incentiveYuan']);

    // a district player cannot move a street lever: a clear error naming the lever and the owner
    ps[0].send({ type: 'decide', levers: { 'staffing.streetStaff': 40 } });
    const err = await ps[0].waitFor((m) => m.type === 'error');
    expect(err).toMatchObject({ type: 'error', code: 'not_your_lever', field: 'levers.staffing.streetStaff' });
    expect((err as { message: string }).message).toMatch(/belongs to the Street role/);
    // nor a value out of range
    ps[0].send({ type: 'decide', levers: { 'money.budgetPerCapitaYuan': 1e9 } });
    expect(await ps[0].next((m) => m.type === 'error')).toMatchObject({ code: 'invalid_lever_value', field: 'levers.money.budgetPerCapitaYuan' });
    // a participant cannot steer the rounds
    ps[1].send({ type: 'close' });
    expect(await ps[1].waitFor((m) => m.type === 'error')).toMatchObject({ code: 'facilitator_only' });
    // junk is refused by the schema
    ps[1].send({ type: 'decide', levers: { x: { nested: 1 } } });
    expect(await ps[1].next((m) => m.type === 'error')).toMatchObject({ code: 'bad_message' });

    fac.send({ type: 'start' });
    await fac.waitFor((m) => m.type === 'state' && m.view.status === 'open');
    // group 1 doubles the budget; group 2 keeps the defaults
    ps[0].send({ type: 'decide', levers: { 'money.budgetPerCapitaYuan': 420 }, final: true });
    const decided = await fac.waitFor((m) => m.type === 'state' && (m.view as FacilitatorView).seats.some((s) => s.decided));
    expect((viewOf(decided) as FacilitatorView).seats.filter((s) => s.decided).map((s) => s.name)).toEqual(['阿明']);
    // the decision is visible to the group-mate's lever view? no: only the district's own levers; but the seat's own view keeps it
    const mine = viewOf(await ps[0].waitFor((m) => m.type === 'state' && (m.view as ParticipantView).decided)) as ParticipantView;
    expect(mine.levers.find((l) => l.id === 'money.budgetPerCapitaYuan')!.value).toBe(420);

    fac.send({ type: 'close' });
    const after = await Promise.all([fac, ...ps].map((c) => c.waitFor(isState(1))));
    const fv = viewOf(after[0]) as FacilitatorView;
    expect(fv.status).toBe('review');
    expect(fv.outcomes.map((g) => g.length)).toEqual([1, 1]);
    expect(fv.outcomes[0][0].changes).toEqual([{ role: 'district', lever: 'money.budgetPerCapitaYuan', from: TRAINING['money.budgetPerCapitaYuan'], to: 420 }]);
    expect(fv.outcomes[1][0].changes).toEqual([]);
    // common random numbers, different decisions: different results
    expect(fv.outcomes[0][0].digest).not.toBe(fv.outcomes[1][0].digest);
    // each participant sees its own group's outcomes only
    expect((viewOf(after[2]) as ParticipantView).outcomes).toEqual(fv.outcomes[1]);
    const round1 = fv.outcomes.map((g) => g[0].digest);

    // a decision for round 2 is saved, then the server dies without a goodbye (no close hooks run)
    fac.send({ type: 'inject', event: 'heatWave' });
    await fac.waitFor((m) => m.type === 'state' && m.view.pendingEvents.includes('heatWave'));
    fac.send({ type: 'start' });
    await fac.waitFor((m) => m.type === 'state' && m.view.round === 1 && m.view.status === 'open');
    ps[3].send({ type: 'decide', levers: { 'whistle.street': false }, final: true });
    await fac.waitFor((m) => m.type === 'state' && (m.view as FacilitatorView).seats.some((s) => s.name === 'Dao' && s.decided));
    for (const c of [fac, ...ps]) c.close();
    await app.close();

    ({ app, base } = await workshopApp(dir));
    try {
      const st = await json<ServerMessage>(await fetch(`${base}/workshop/api/state`, { headers: { 'x-workshop-token': adminToken } }));
      const v = viewOf(st) as FacilitatorView;
      expect(v.round).toBe(1);
      expect(v.status).toBe('paused'); // an open round comes back paused, for the facilitator to resume
      expect(v.pendingEvents).toEqual(['heatWave']);
      expect(v.outcomes.map((g) => g[0].digest)).toEqual(round1);
      // the seat token still works and the seat keeps its decision
      const dao = viewOf(await json<ServerMessage>(await fetch(`${base}/workshop/api/state`, { headers: { 'x-workshop-token': seats[3].token } }))) as ParticipantView;
      expect(dao.seat.name).toBe('Dao');
      expect(dao.decided).toBe(true);
      expect(dao.levers.find((l) => l.id === 'whistle.street')!.value).toBe(false);

      const fac2 = new WsClient(base, adminToken);
      await fac2.opened;
      fac2.send({ type: 'resume' });
      await fac2.waitFor((m) => m.type === 'state' && m.view.status === 'open');
      fac2.send({ type: 'close' });
      const end = viewOf(await fac2.waitFor(isState(2))) as FacilitatorView;
      expect(end.status).toBe('finished');
      expect(end.outcomes[1][1].changes).toEqual([{ role: 'street', lever: 'whistle.street', from: TRAINING['whistle.street'], to: false }]);
      expect(end.outcomes[0][1].events).toEqual(['heatWave']);
      expect(end.outcomes[0][1].levers['shock.heatWave.startDay']).toBe(14);
      fac2.close();

      // export → replay: the same digests, round by round
      const exp = await json<SessionExport>(await fetch(`${base}/workshop/api/export`, { headers: { 'x-workshop-token': adminToken } }));
      const report = replaySession(exp);
      expect(report.allSame).toBe(true);
      expect(report.groups.flatMap((g) => g.rounds.map((r) => r.digest))).toEqual(end.outcomes.flatMap((g) => g.map((r) => r.digest)));
      // a tampered decision gives other digests (the check can fail)
      exp.groups[1].rounds[1].levers['whistle.street'] = true;
      expect(replaySession(exp).allSame).toBe(false);
      // the handout names every group and the decisions
      const handout = await (await fetch(`${base}/workshop/api/handout?lang=en`, { headers: { 'x-workshop-token': adminToken } })).text();
      expect(handout).toContain('Group 2');
      expect(handout).toContain('Street whistle, departments report');
      // seats cannot export
      expect((await fetch(`${base}/workshop/api/export`, { headers: { 'x-workshop-token': seats[0].token } })).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});

/** A raw WebSocket that sends one message on open and reports how it was closed. */
class WsClientRaw {
  states = 0;
  readonly closed: Promise<{ code: number; msg?: ServerMessage }>;
  constructor(url: string, first: unknown) {
    const ws = new WebSocket(url);
    let msg: ServerMessage | undefined;
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'state') this.states++;
      else msg = m;
    });
    ws.once('open', () => ws.send(JSON.stringify(first)));
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code, msg })));
  }
}

describe('tokens never travel in URLs', () => {
  test('?token= is refused on every workshop endpoint, the WebSocket wants the token as its first message', async () => {
    const dir = tempDir();
    const { app, base } = await workshopApp(dir);
    try {
      const { code, adminToken } = await createSession(base, { ...SMALL, groups: 1, rounds: 1 });
      const seat = await joinSession(base, code, { name: 'Old link' });
      // the old ways: a token in the query string, on HTTP, the event stream and the WebSocket upgrade
      for (const path of ['/workshop/api/state', '/workshop/api/events', '/workshop/api/export']) {
        for (const t of [seat.token, adminToken]) {
          const res = await fetch(`${base}${path}?token=${encodeURIComponent(t)}`);
          expect(res.status, path).toBe(400);
          const body = await json<{ error: { code: string; field: string; message: string } }>(res);
          expect(body.error).toMatchObject({ code: 'token_in_url', field: 'token' });
          expect(body.error.message).toMatch(/X-Workshop-Token/);
        }
      }
      const inUrl = new WsClientRaw(`${base.replace(/^http/, 'ws')}/workshop/api/ws?token=${encodeURIComponent(seat.token)}`, { type: 'auth', token: seat.token });
      expect(await inUrl.closed).toMatchObject({ code: 4401, msg: { type: 'error', code: 'token_in_url', field: 'token' } });
      expect(inUrl.states).toBe(0); // no view was sent
      // a WebSocket whose first message is not the auth message is closed with a clear reason
      const pingFirst = new WsClientRaw(`${base.replace(/^http/, 'ws')}/workshop/api/ws`, { type: 'ping' });
      expect(await pingFirst.closed).toMatchObject({ code: 4401, msg: { type: 'error', code: 'auth_first' } });
      expect(pingFirst.states).toBe(0);
      // and a wrong token in the auth message likewise
      const wrong = new WsClient(base, 'not-a-token');
      expect(await wrong.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'bad_token' });
      // the right token in the first message opens the seat's view
      const ok = new WsClient(base, seat.token);
      expect(viewOf(await ok.waitFor((m) => m.type === 'state'))).toMatchObject({ kind: 'participant', seat: { name: 'Old link' } });
      ok.close();
      wrong.close();
    } finally {
      await app.close();
    }
  });
});

describe('fallback and access', () => {
  test('server-sent events plus POST carry the same messages; bad tokens and wrong roles are refused', async () => {
    const dir = tempDir();
    const { app, base } = await workshopApp(dir);
    try {
      const { code, adminToken } = await createSession(base, { ...SMALL, groups: 1, rounds: 1 });
      const seat = await joinSession(base, code, { name: 'Eve', role: 'grid', lang: 'en' });
      expect(seat.seat.role).toBe('grid');
      const ctrl = new AbortController();
      const t1 = await ticket(base, seat.token);
      const res = await fetch(`${base}/workshop/api/events?ticket=${encodeURIComponent(t1)}`, { signal: ctrl.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const events: ServerMessage[] = [];
      let buf = '';
      const pump = (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buf += new TextDecoder().decode(value);
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (chunk.startsWith('data: ')) events.push(JSON.parse(chunk.slice(6)) as ServerMessage);
          }
        }
      })();
      const ok = await postMessage(base, seat.token, { type: 'decide', levers: { 'grid.discretion': 0.5 }, final: true });
      expect(ok.status).toBe(200);
      const wrong = await postMessage(base, seat.token, { type: 'decide', levers: { 'money.generalShare': 0.1 } });
      expect(wrong.status).toBe(403);
      expect((await json<{ error: { code: string; field: string } }>(wrong)).error).toMatchObject({ code: 'not_your_lever', field: 'levers.money.generalShare' });
      expect((await postMessage(base, 'nope', { type: 'ping' })).status).toBe(401);
      expect((await postMessage(base, seat.token, { type: 'start' })).status).toBe(403);
      expect((await postMessage(base, adminToken, { type: 'start' })).status).toBe(200);
      expect((await postMessage(base, adminToken, { type: 'close' })).status).toBe(200);
      const deadline = Date.now() + 20_000;
      while (!events.some((e) => e.type === 'state' && e.view.round === 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const last = events.filter((e) => e.type === 'state').at(-1)!;
      expect(last.type === 'state' && last.view.kind === 'participant' && last.view.outcomes[0].changes).toEqual([{ role: 'grid', lever: 'grid.discretion', from: TRAINING['grid.discretion'], to: 0.5 }]);
      ctrl.abort();
      await pump;
      // a ticket opens one stream only, and a bad one nothing
      const again = await fetch(`${base}/workshop/api/events?ticket=${encodeURIComponent(t1)}`);
      expect(again.status).toBe(401);
      expect((await json<{ error: { code: string } }>(again)).error.code).toBe('bad_ticket');
      expect((await fetch(`${base}/workshop/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': 'nope' }, body: '{}' })).status).toBe(401);
      // the join page's facts hold no secrets; the QR is an SVG of the join link
      const info = await json(await fetch(`${base}/workshop/api/sessions/${code}`));
      expect(JSON.stringify(info)).not.toContain(adminToken);
      // the join link: the facilitator on the laptop (loopback) gets the laptop's LAN address for the phones
      const lan = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
      const shown = new URL(info.joinUrl as string);
      if (lan.length) expect(lan).toContain(shown.hostname);
      else expect(shown.hostname).toBe('127.0.0.1');
      expect(info.joinUrl).toBe(`http://${shown.hostname}:${new URL(base).port}/workshop/join.html?code=${code}`);
      // this test server listens on loopback only: the dashboard is told phones cannot reach it
      expect(info.reachableFromLan).toBe(false);
      const qr = await fetch(`${base}/workshop/api/sessions/${code}/qr.svg`);
      expect(qr.headers.get('content-type')).toMatch(/image\/svg\+xml/);
      expect(await qr.text()).toMatch(/^<svg/);
      // bad create requests name the field
      const bad = await fetch(`${base}/workshop/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ groups: 99 }) });
      expect(bad.status).toBe(400);
      expect((await json<{ error: { field: string } }>(bad)).error.field).toBe('groups');
      // the run API is still protected the usual way; creating from another machine needs a key
      const remote = await app.inject({ method: 'POST', url: '/workshop/api/sessions', payload: {}, remoteAddress: '192.168.1.20' });
      expect(remote.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
