// Helpers for workshop tests: an app on a temporary data directory (in-process runs, no logs,
// no rate limit) listening on 127.0.0.1, WebSocket clients that keep every message, and a
// session made through the HTTP API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../../api/app.ts';
import type { ServerMessage } from '../../api/workshop/messages.ts';

const made: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'govsim-ws-'));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export async function workshopApp(dataDir: string, sandboxDir?: string): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({ workers: 0, logger: false, env: {}, dataDir, sandboxDir: sandboxDir ?? join(dataDir, 'no-sandbox'), limits: { requestsPerMinute: 0 } });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: address };
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function createSession(base: string, body: Record<string, unknown>): Promise<{ code: string; adminToken: string }> {
  const res = await fetch(`${base}/workshop/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return json(res);
}

export async function joinSession(base: string, code: string, body: Record<string, unknown>): Promise<{ token: string; seat: { id: string; group: number; role: string } }> {
  const res = await fetch(`${base}/workshop/api/sessions/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`join: ${res.status} ${await res.text()}`);
  return json(res);
}

/** A single-use ticket for the event stream (token in the header). */
export async function ticket(base: string, token: string): Promise<string> {
  const res = await fetch(`${base}/workshop/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': token }, body: '{}' });
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${await res.text()}`);
  return (await json<{ ticket: string }>(res)).ticket;
}

export async function postMessage(base: string, token: string, message: unknown): Promise<Response> {
  return fetch(`${base}/workshop/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': token }, body: JSON.stringify(message) });
}

/** A WebSocket client that records every server message and can wait for one. */
export class WsClient {
  readonly messages: ServerMessage[] = [];
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  constructor(base: string, token: string) {
    this.ws = new WebSocket(`${base.replace(/^http/, 'ws')}/workshop/api/ws`);
    // the token goes in the first message, never in the URL
    this.opened = new Promise((resolve, reject) => { this.ws.once('open', () => { this.send({ type: 'auth', token }); resolve(); }); this.ws.once('error', reject); });
    this.ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }
  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }
  /** The first message (already received or coming) that matches. */
  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs = 30_000): Promise<ServerMessage> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; last: ${JSON.stringify(this.messages.at(-1))?.slice(0, 300)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => { clearTimeout(t); resolve(m); } });
    });
  }
  /** The next message that matches, ignoring those already received. */
  next(pred: (m: ServerMessage) => boolean, timeoutMs = 30_000): Promise<ServerMessage> {
    const n = this.messages.length;
    return this.waitFor((m) => this.messages.indexOf(m) >= n && pred(m), timeoutMs);
  }
  close(): void {
    this.ws.close();
  }
}

export const isState = (round: number) => (m: ServerMessage) => m.type === 'state' && m.view.round === round;
