// The workshop over HTTP, under /workshop/api (the pages themselves are the Vite build's
// viz/dist/workshop/, served by the sandbox plugin):
//   POST /workshop/api/sessions                 create (loopback or an analyst API key) → code + admin token
//   GET  /workshop/api/sessions/:code           public facts for the join page (no secrets)
//   GET  /workshop/api/sessions/:code/qr.svg    the join link as a QR code (SVG, made here, no network)
//   POST /workshop/api/sessions/:code/join      { name, lang?, group?, role? } → seat token
//   GET  /workshop/api/ws                       WebSocket: first {type:'auth', token}, then ClientMessage in, ServerMessage out
//   POST /workshop/api/tickets                  a single-use ticket (30 s) for the event stream (token in X-Workshop-Token)
//   GET  /workshop/api/events?ticket=T          fallback: server-sent events (ServerMessage)
//   POST /workshop/api/messages                 fallback: one ClientMessage (token in X-Workshop-Token)
//   GET  /workshop/api/state                    the caller's view now
//   GET  /workshop/api/export                   facilitator: the session as JSON (govsim workshop replay)
//   GET  /workshop/api/handout?lang=zh|en       facilitator: the debrief handout (HTML)
// Tokens: the facilitator's admin token or a seat token, never an analyst key; they open only
// their own session. The run API (/v1) keeps its own keys. A token never travels in a URL (it
// would end up in access logs, proxies and browser history): X-Workshop-Token on HTTP, the
// first message on a WebSocket, a single-use ticket for EventSource; ?token= is refused.
import websocket from '@fastify/websocket';
import { Value } from 'typebox/value';
import { pointerToPath, schemaProblems } from '../../sim/schema/problems.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import { isLoopback } from '../plugins/auth.ts';
import { ApiError } from '../plugins/errors.ts';
import { renderHandout } from './handout.ts';
import { AuthMessage, ClientMessage, type ServerMessage } from './messages.ts';
import { ROLES } from './roles.ts';
import { createChainRunner } from './runner.ts';
import { WorkshopError, WorkshopManager, type Client, type CreateRequest, type Principal, type Session, type WorkshopLimits } from './session.ts';

declare module 'fastify' {
  interface FastifyInstance {
    workshop: WorkshopManager;
  }
}

export interface WorkshopPluginOptions {
  dataDir: string;
  limits?: Partial<WorkshopLimits>;
  /** Simulation threads for the groups' rounds (default one per core, at most 4; 0 = on the event loop). */
  threads?: number;
}

const toApi = (e: unknown): unknown => (e instanceof WorkshopError ? new ApiError(e.status, e.code, e.message, { field: e.field }) : e);

/** A token bucket per seat (or facilitator) and session. */
class Buckets {
  private readonly b = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly burst: number, private readonly perSecond: number) {}
  take(key: string, now = Date.now()): boolean {
    const x = this.b.get(key) ?? { tokens: this.burst, at: now };
    x.tokens = Math.min(this.burst, x.tokens + ((now - x.at) / 1000) * this.perSecond);
    x.at = now;
    this.b.set(key, x);
    if (x.tokens < 1) return false;
    x.tokens -= 1;
    return true;
  }
}

type Interfaces = ReturnType<typeof networkInterfaces>;

/**
 * The laptop's address on the venue's network: an IPv4 address that is not loopback, preferring
 * the private ranges (192.168/16, 10/8, 172.16/12) and interfaces that are not virtual bridges
 * or tunnels (docker0, br-…, veth…, virbr…, tun…, utun…, which phones cannot reach).
 */
export function lanAddress(interfaces: Interfaces = networkInterfaces()): string | undefined {
  const virtual = /^(docker|br-|veth|virbr|vmnet|vboxnet|tun|tap|utun|wg|zt|tailscale|lxc|cni|flannel|cali)/i;
  const isPrivate = (a: string) => /^(192\.168\.|10\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  const all = Object.entries(interfaces).flatMap(([name, as]) => (as ?? []).filter((a) => a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')).map((a) => ({ name, address: a.address })));
  const score = (x: { name: string; address: string }) => (virtual.test(x.name) ? 0 : 2) + (isPrivate(x.address) ? 1 : 0);
  return all.sort((a, b) => score(b) - score(a))[0]?.address;
}

/**
 * The link participants open: this server as the facilitator's browser reached it (the Host it
 * used), except that a loopback address (the facilitator on the serving laptop) becomes the
 * laptop's LAN address, which phones on the same Wi-Fi can reach.
 */
export function joinUrl(request: FastifyRequest, code: string): string {
  const host = request.headers.host ?? '127.0.0.1';
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  let name = m?.[1] ?? host;
  const port = m?.[2];
  if (isLoopback(name)) name = lanAddress() ?? name;
  return `${request.protocol}://${name}${port ? `:${port}` : ''}/workshop/join.html?code=${code}`;
}

/** Whether phones can reach this server at all: not when it listens on loopback only. */
function listensBeyondLoopback(app: FastifyInstance): boolean {
  const a = app.server.address();
  return !(a && typeof a === 'object' && isLoopback(a.address));
}

function tokenOf(request: FastifyRequest): string | undefined {
  const h = request.headers['x-workshop-token'];
  return typeof h === 'string' && h ? h : undefined;
}

const TOKEN_IN_URL = 'workshop tokens may not travel in URLs (they end up in access logs and browser history): send the X-Workshop-Token header; on the WebSocket send {"type":"auth","token":…} as the first message; for server-sent events get a ticket from POST /workshop/api/tickets';

/** Single-use tickets that open one event stream (EventSource cannot send headers). */
class Tickets {
  private readonly t = new Map<string, { who: { session: Session; principal: Principal }; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly max: number) {}
  issue(who: { session: Session; principal: Principal }, now = Date.now()): string {
    for (const [k, v] of this.t) if (v.expires <= now) this.t.delete(k);
    if (this.t.size >= this.max) throw new ApiError(429, 'too_many_tickets', `too many unused event-stream tickets (${this.max}); try again in ${Math.ceil(this.ttlMs / 1000)} s`);
    const ticket = randomBytes(18).toString('base64url');
    this.t.set(createHash('sha256').update(ticket).digest('hex'), { who, expires: now + this.ttlMs });
    return ticket;
  }
  /** The ticket's holder, once: a used or expired ticket opens nothing. */
  redeem(ticket: string | undefined, now = Date.now()): { session: Session; principal: Principal } | undefined {
    if (!ticket) return undefined;
    const k = createHash('sha256').update(ticket).digest('hex');
    const x = this.t.get(k);
    this.t.delete(k);
    return x && x.expires > now ? x.who : undefined;
  }
}

const TICKET_TTL_MS = 30_000;
const AUTH_WAIT_MS = 10_000;

export default async function workshopPlugin(app: FastifyInstance, o: WorkshopPluginOptions): Promise<void> {
  const manager = new WorkshopManager(o.dataDir, o.limits, (m) => app.log.warn(m), createChainRunner(o.threads));
  app.decorate('workshop', manager);
  const limits = manager.limits;
  const buckets = new Buckets(limits.burst, limits.perSecond);
  const noRateLimit = { rateLimit: false as const };
  const tickets = new Tickets(TICKET_TTL_MS, 10_000);
  // ?token= is refused everywhere under /workshop/api, before anything else (the WebSocket
  // refuses it in its first frame: a failed upgrade would leave browsers guessing)
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/workshop/api/') || request.url.startsWith('/workshop/api/ws')) return;
    const q = request.query as Record<string, unknown> | undefined;
    if (q && 'token' in q) throw new ApiError(400, 'token_in_url', TOKEN_IN_URL, { field: 'token' });
  });
  app.addHook('onReady', async () => manager.armAll());
  app.addHook('onClose', async () => manager.close());
  await app.register(websocket, { options: { maxPayload: limits.messageBytes } });

  const auth = (request: FastifyRequest): { session: Session; principal: Principal } => {
    const who = manager.authenticate(tokenOf(request));
    if (!who) throw new ApiError(401, 'bad_token', 'a valid workshop token is required (the seat link from joining, or the facilitator\'s admin token) in the X-Workshop-Token header', { field: 'token' });
    return who;
  };
  const admin = (request: FastifyRequest): Session => {
    const who = auth(request);
    if (who.principal.kind !== 'facilitator') throw new ApiError(403, 'facilitator_only', 'this needs the facilitator\'s admin token', { field: 'token' });
    return who.session;
  };
  const limitKey = (s: Session, p: Principal) => `${s.row.code}:${p.kind === 'seat' ? p.seatId : 'facilitator'}`;

  /** Check and handle one inbound message; errors become error messages. */
  const receive = (session: Session, p: Principal, raw: unknown): ServerMessage => {
    if (!buckets.take(limitKey(session, p))) return { type: 'error', code: 'rate_limited', message: `too many messages: at most ${limits.perSecond} a second (bursts of ${limits.burst})` };
    if (!Value.Check(ClientMessage, raw)) {
      const first = schemaProblems(Value.Errors(ClientMessage, raw))[0];
      const field = first ? pointerToPath(first.pointer) || undefined : undefined;
      return { type: 'error', code: 'bad_message', message: `not a workshop message${first ? `: ${field ?? 'the message'} ${first.message}` : ''}`, ...(field ? { field } : {}) };
    }
    try {
      return session.handle(p, raw) ?? { type: 'ack', of: raw.type };
    } catch (e) {
      if (e instanceof WorkshopError) return { type: 'error', code: e.code, message: e.message, field: e.field };
      app.log.error({ err: e }, 'workshop message failed');
      return { type: 'error', code: 'internal', message: 'internal error; it has been logged' };
    }
  };

  app.post('/workshop/api/sessions', { config: noRateLimit, bodyLimit: limits.messageBytes }, async (request, reply) => {
    // Creating a session: from the machine that serves (the facilitator's laptop) or with an analyst key.
    if (!isLoopback(request.ip) && !request.client.startsWith('key:')) {
      throw new ApiError(403, 'create_forbidden', 'workshop sessions are created on the serving machine (http://127.0.0.1:PORT/workshop/) or with an analyst API key (Authorization: Bearer <key>)');
    }
    try {
      const { session, adminToken } = manager.create((request.body ?? {}) as CreateRequest);
      return reply.code(201).send({ code: session.row.code, adminToken, config: session.config });
    } catch (e) {
      throw toApi(e);
    }
  });

  app.get('/workshop/api/roles', { config: noRateLimit }, async () => ({ roles: ROLES }));

  app.get<{ Params: { code: string } }>('/workshop/api/sessions/:code', { config: noRateLimit }, async (request) => {
    try {
      const s = manager.get(request.params.code);
      return { code: s.row.code, joinUrl: joinUrl(request, s.row.code), reachableFromLan: listensBeyondLoopback(app), title: s.config.title, status: s.state.status, ready: s.ready, groups: s.config.groups, roles: s.config.roles.map((id) => ({ id, label: ROLES.find((r) => r.id === id)!.label })), seats: s.seats.size };
    } catch (e) {
      throw toApi(e);
    }
  });

  app.get<{ Params: { code: string }; Querystring: { base?: string } }>('/workshop/api/sessions/:code/qr.svg', { config: noRateLimit }, async (request, reply) => {
    let s: Session;
    try {
      s = manager.get(request.params.code);
    } catch (e) {
      throw toApi(e);
    }
    const svg = await QRCode.toString(joinUrl(request, s.row.code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
  });

  app.post<{ Params: { code: string } }>('/workshop/api/sessions/:code/join', { config: noRateLimit, bodyLimit: limits.messageBytes }, async (request, reply) => {
    try {
      const { seat, token } = manager.join(request.params.code, (request.body ?? {}) as Record<string, unknown>);
      return reply.code(201).send({ token, seat: { id: seat.id, name: seat.name, group: seat.group + 1, role: seat.role, lang: seat.lang } });
    } catch (e) {
      throw toApi(e);
    }
  });

  app.get('/workshop/api/state', { config: noRateLimit }, async (request) => {
    const { session, principal } = auth(request);
    return session.view(principal);
  });

  app.post('/workshop/api/messages', { config: noRateLimit, bodyLimit: limits.messageBytes }, async (request, reply) => {
    const { session, principal } = auth(request);
    const out = receive(session, principal, request.body);
    if (out.type === 'error') {
      const status = out.code === 'rate_limited' ? 429 : out.code === 'bad_message' || out.code === 'invalid_lever_value' ? 400
        : out.code === 'not_your_lever' || out.code.endsWith('_only') ? 403 : out.code === 'internal' ? 500 : 409;
      return reply.code(status).send({ error: { code: out.code, message: out.message, ...(out.field ? { field: out.field } : {}) }, message: out });
    }
    return { message: out, state: session.view(principal) };
  });

  app.post('/workshop/api/tickets', { config: noRateLimit, bodyLimit: 1024 }, async (request, reply) => {
    const who = auth(request);
    if (!buckets.take(limitKey(who.session, who.principal))) throw new ApiError(429, 'rate_limited', `too many requests: at most ${limits.perSecond} a second (bursts of ${limits.burst})`);
    return reply.code(201).header('cache-control', 'no-store').send({ ticket: tickets.issue(who), expiresInMs: TICKET_TTL_MS });
  });

  app.get<{ Querystring: { ticket?: string } }>('/workshop/api/events', { config: noRateLimit }, async (request, reply) => {
    const who = tickets.redeem(typeof request.query.ticket === 'string' ? request.query.ticket : undefined);
    if (!who) throw new ApiError(401, 'bad_ticket', 'a fresh ticket is required (?ticket= from POST /workshop/api/tickets with X-Workshop-Token; each opens one stream, within 30 s)', { field: 'ticket' });
    const { session, principal } = who;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const client: Client = { principal, send: (m) => { res.write(`data: ${JSON.stringify(m)}\n\n`); } };
    session.clients.add(client);
    client.send(session.view(principal));
    if (principal.kind === 'seat') session.broadcast(-1);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      session.clients.delete(client);
      if (principal.kind === 'seat') session.broadcast(-1);
    });
  });

  app.get('/workshop/api/ws', { websocket: true, config: noRateLimit }, (socket, request) => {
    // Nothing is read until the first message, {type:'auth', token}, names a seat or the facilitator.
    let who: { session: Session; principal: Principal; client: Client } | undefined;
    const refuse = (code: string, message: string) => {
      socket.send(JSON.stringify({ type: 'error', code, message, field: 'token' } satisfies ServerMessage));
      socket.close(4401, code);
    };
    const q = request.query as Record<string, unknown> | undefined;
    if (q && 'token' in q) return refuse('token_in_url', TOKEN_IN_URL);
    const waiting = setTimeout(() => refuse('auth_timeout', `no {"type":"auth","token":…} message within ${AUTH_WAIT_MS / 1000} s`), AUTH_WAIT_MS);
    waiting.unref?.();
    socket.on('message', (data, isBinary) => {
      let parsed: unknown;
      try {
        parsed = isBinary ? undefined : JSON.parse(String(data));
      } catch {
        parsed = undefined;
      }
      if (!who) {
        clearTimeout(waiting);
        if (!Value.Check(AuthMessage, parsed)) return refuse('auth_first', 'the first message must be {"type":"auth","token":…} with the seat or admin token');
        const found = manager.authenticate(parsed.token);
        if (!found) return refuse('bad_token', 'a valid workshop token is required (the seat link from joining, or the facilitator\'s admin token)');
        const { session, principal } = found;
        const client: Client = { principal, send: (m) => socket.send(JSON.stringify(m)) };
        who = { session, principal, client };
        session.clients.add(client);
        client.send(session.view(principal));
        if (principal.kind === 'seat') session.broadcast(-1);
        return;
      }
      const out = receive(who.session, who.principal, parsed);
      if (out.type !== 'ack') socket.send(JSON.stringify(out));
    });
    socket.on('close', () => {
      clearTimeout(waiting);
      if (!who) return;
      who.session.clients.delete(who.client);
      if (who.principal.kind === 'seat') who.session.broadcast(-1);
    });
  });

  app.get('/workshop/api/export', { config: noRateLimit }, async (request, reply) => {
    const s = admin(request);
    return reply.header('content-disposition', `attachment; filename="workshop-${s.row.code}.json"`).send(s.export());
  });

  app.get<{ Querystring: { lang?: string } }>('/workshop/api/handout', { config: noRateLimit }, async (request, reply: FastifyReply) => {
    const s = admin(request);
    const lang = request.query.lang === 'en' ? 'en' : 'zh';
    return reply.type('text/html; charset=utf-8').header('content-disposition', `inline; filename="workshop-${s.row.code}-${lang}.html"`).send(renderHandout(s.export(), lang));
  });
}
