// Workshop sessions in memory, backed by WorkshopDb: seats, decisions, the round state machine
// (lobby → open ⇄ paused → review → … → finished), events, and each group's GroupChain.
// Connected clients (WebSocket or SSE, see plugin.ts) get the whole view of the session after
// every change; a view is small (levers of one role, a few KPIs, charted series).
// Closing a round simulates every group on the simulation threads (runner.ts) at once; each
// group's screens get their results as soon as that group is done, the facilitator when all are
// (then the round is stored, in one transaction). While a round closes, new decisions count for
// the round after it.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { getScenario } from '../../scenarios/index.ts';
import { checkLeverValue, ENGINE_VERSION, resolvedLevers, type LeverValues, type Scenario } from '../../sim/index.ts';
import type { RoundInput, SessionExport } from './chain.ts';
import type { ChainSpec } from './chain-host.ts';
import { createChainRunner, type ChainRunner } from './runner.ts';
import { hashToken, type DecisionRow, type SeatRow, type SessionConfig, type SessionRow, type SessionState, WorkshopDb } from './db.ts';
import type { ClientMessage, EventKind, FacilitatorView, Lang, LeverView, ParticipantView, RoundOutcome, ServerMessage } from './messages.ts';
import { eventLevers, getRole, ownerOf, ROLES, roleLevers } from './roles.ts';

export class WorkshopError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export interface WorkshopLimits {
  /** Live (unfinished) sessions on one server. */
  sessions: number;
  seatsPerSession: number;
  groups: number;
  rounds: number;
  /** Largest message a client may send (bytes). */
  messageBytes: number;
  /** Messages a seat may send: a burst, refilled at this rate a second. */
  burst: number;
  perSecond: number;
}

export const DEFAULT_WORKSHOP_LIMITS: WorkshopLimits = {
  sessions: 20, seatsPerSession: 120, groups: 12, rounds: 12, messageBytes: 16 * 1024, burst: 20, perSecond: 5,
};

/** Who is on the other end of a connection. */
export type Principal = { kind: 'facilitator' } | { kind: 'seat'; seatId: string };

export interface Client {
  principal: Principal;
  send(m: ServerMessage): void;
}

export interface CreateRequest {
  title?: string;
  preset?: string;
  roles?: string[];
  groups?: number;
  rounds?: number;
  roundDays?: number;
  seed?: number;
  timerSeconds?: number;
  seatsMax?: number;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const token = () => randomBytes(24).toString('base64url');

function intField(v: unknown, field: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new WorkshopError(400, 'invalid_field', `${field} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`, field);
  }
  return v;
}

export class Session {
  readonly row: SessionRow;
  readonly scenario: Scenario;
  private readonly db: WorkshopDb;
  readonly seats = new Map<string, SeatRow>();
  /** decisions[round] = seat id → decision. */
  private readonly decisions = new Map<number, Map<string, DecisionRow>>();
  private decisionSeq = 0;
  /** outcomes[g] = rounds played by group g. */
  readonly outcomes: RoundOutcome[][];
  /** While a round closes: the state after it, and the groups whose results are in (already on their screens). */
  private closing: { next: SessionState; ready: Map<number, RoundOutcome>; eventsUsed: number } | null = null;
  private prepared = false;
  /** The groups' chains are built on the simulation threads (a close now costs one round per group). */
  ready = false;
  private readonly runner: ChainRunner;
  readonly clients = new Set<Client>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly log: (msg: string) => void;

  constructor(row: SessionRow, db: WorkshopDb, log: (msg: string) => void, runner: ChainRunner) {
    this.row = row;
    this.db = db;
    this.log = log;
    this.runner = runner;
    const scenario = getScenario(row.config.preset);
    if (!scenario) throw new WorkshopError(400, 'invalid_field', `preset "${row.config.preset}" is not a scenario preset`, 'preset');
    this.scenario = scenario;
    this.outcomes = Array.from({ length: row.config.groups }, () => []);
  }

  /** Load seats, decisions and rounds from the database (after a restart). */
  load(): void {
    for (const s of this.db.seats(this.row.id)) this.seats.set(s.id, s);
    for (const d of this.db.decisions(this.row.id)) {
      this.decisionMap(d.round).set(d.seatId, d);
      this.decisionSeq = Math.max(this.decisionSeq, d.seq);
    }
    for (const r of this.db.rounds(this.row.id)) this.outcomes[r.group].push(r.outcome);
  }

  get config(): SessionConfig { return this.row.config; }
  get state(): SessionState { return this.row.state; }

  private decisionMap(round: number): Map<string, DecisionRow> {
    let m = this.decisions.get(round);
    if (!m) this.decisions.set(round, (m = new Map()));
    return m;
  }

  private key(group: number): string {
    return `${this.row.id}/${group}`;
  }

  /** What a simulation thread needs to rebuild group g's chain: the recipe and the rounds stored. */
  private spec(group: number): ChainSpec {
    return {
      scenario: this.scenario, seed: this.config.seed, roundDays: this.config.roundDays, rounds: this.config.rounds,
      played: this.outcomes[group].map((r) => ({ levers: r.levers, events: r.events, changes: r.changes, digest: r.digest })),
    };
  }

  /**
   * Build the chains on the simulation threads (replaying stored rounds after a restart, digests
   * checked) and warm the engine's code, ahead of the first close, while people join: otherwise
   * the first round's close pays for building every group's world.
   */
  async warm(): Promise<void> {
    if (this.prepared || this.state.status === 'finished') return;
    this.prepared = true;
    try {
      await this.runner.warmUp(this.spec(0));
      await Promise.all(this.outcomes.map((_, g) => this.runner.prepare(this.key(g), this.spec(g))));
      this.ready = true;
    } catch (e) {
      this.log(`session ${this.row.code}: could not prepare the groups: ${(e as Error).message}`);
    }
  }

  /** Lever values in force for group g's next round so far: last round's, then this round's decisions by saving order. */
  effectiveLevers(group: number): { levers: LeverValues; changes: RoundOutcome['changes'] } {
    const played = this.outcomes[group];
    const before: LeverValues = played.length ? { ...played[played.length - 1].levers } : {};
    const levers: LeverValues = { ...before };
    const round = this.deciding();
    const ds = [...(this.decisions.get(round)?.values() ?? [])].filter((d) => this.seats.get(d.seatId)?.group === group).sort((a, b) => a.seq - b.seq);
    for (const d of ds) Object.assign(levers, d.levers);
    const all = resolvedLevers(this.scenario);
    const changes: RoundOutcome['changes'] = [];
    for (const [id, v] of Object.entries(levers)) {
      const from = id in before ? before[id] : all[id];
      const owner = ownerOf(id);
      if (owner && v !== from) changes.push({ role: owner.id, lever: id, from, to: v });
    }
    return { levers, changes };
  }

  /** The round decisions now go to: the next one, or the one after it while a round closes. */
  private deciding(): number {
    return this.state.round + (this.closing ? 2 : 1);
  }

  remainingMs(now = Date.now()): number | null {
    if (this.state.status === 'open' && this.state.deadline !== null) return Math.max(0, this.state.deadline - now);
    if (this.state.status === 'paused') return this.state.remainingMs;
    return null;
  }

  // --- seats ---

  join(body: { name?: unknown; lang?: unknown; group?: unknown; role?: unknown }, limits: WorkshopLimits): { seat: SeatRow; token: string } {
    if (this.state.status === 'finished') throw new WorkshopError(409, 'session_finished', 'this session has finished; ask the facilitator for a new code');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length < 1 || name.length > 40) throw new WorkshopError(400, 'invalid_field', 'name must be 1 to 40 characters', 'name');
    const lang: Lang = body.lang === undefined ? 'zh' : body.lang === 'zh' || body.lang === 'en' ? body.lang : (() => { throw new WorkshopError(400, 'invalid_field', 'lang must be "zh" or "en"', 'lang'); })();
    const cap = Math.min(this.config.seatsMax, limits.seatsPerSession);
    if (this.seats.size >= cap) throw new WorkshopError(409, 'session_full', `this session is full (${cap} seats)`);
    const counts = (pred: (s: SeatRow) => boolean) => [...this.seats.values()].filter(pred).length;
    let group: number;
    if (body.group !== undefined) group = intField(body.group, 'group', 1, 1, this.config.groups) - 1;
    else {
      group = 0;
      for (let g = 1; g < this.config.groups; g++) if (counts((s) => s.group === g) < counts((s) => s.group === group)) group = g;
    }
    let role: string;
    if (body.role !== undefined) {
      if (typeof body.role !== 'string' || !this.config.roles.includes(body.role)) throw new WorkshopError(400, 'invalid_field', `role must be one of ${this.config.roles.join(', ')}`, 'role');
      role = body.role;
    } else {
      role = this.config.roles[0];
      for (const r of this.config.roles) if (counts((s) => s.group === group && s.role === r) < counts((s) => s.group === group && s.role === role)) role = r;
    }
    const t = token();
    const seat: SeatRow = { id: randomUUID(), sessionId: this.row.id, tokenHash: hashToken(t), name, group, role, lang, joinedAt: Date.now() };
    this.db.insertSeat(seat);
    this.seats.set(seat.id, seat);
    this.broadcast(-1);
    return { seat, token: t };
  }

  // --- messages ---

  /** Handle one message from a client; returns a direct reply (state goes out by broadcast). */
  handle(p: Principal, m: ClientMessage): ServerMessage | undefined {
    switch (m.type) {
      case 'ping': return { type: 'pong', id: m.id };
      case 'lang': {
        if (p.kind !== 'seat') return { type: 'ack', of: 'lang' };
        const seat = this.seats.get(p.seatId)!;
        seat.lang = m.lang;
        this.db.setSeatLang(seat.id, m.lang);
        this.broadcast(seat.group);
        return { type: 'ack', of: 'lang' };
      }
      case 'decide': {
        if (p.kind !== 'seat') throw new WorkshopError(403, 'not_a_participant', 'only participants decide; the facilitator steers the rounds');
        this.decide(p.seatId, m.levers, m.final ?? false);
        return { type: 'ack', of: 'decide' };
      }
      default: {
        if (p.kind !== 'facilitator') throw new WorkshopError(403, 'facilitator_only', `"${m.type}" is for the facilitator only`);
        if (m.type === 'start') this.start(m.seconds);
        else if (m.type === 'close') void this.close().catch((e: unknown) => this.closeFailed(e));
        else if (m.type === 'pause') this.pause();
        else if (m.type === 'resume') this.resume();
        else if (m.type === 'inject') this.inject(m.event);
        return { type: 'ack', of: m.type };
      }
    }
  }

  decide(seatId: string, levers: Record<string, unknown>, final: boolean): void {
    if (this.state.status === 'finished') throw new WorkshopError(409, 'session_finished', 'the session has finished');
    const seat = this.seats.get(seatId)!;
    const role = getRole(seat.role)!;
    for (const [id, v] of Object.entries(levers)) {
      if (!role.levers.includes(id)) {
        const owner = ownerOf(id);
        throw new WorkshopError(403, 'not_your_lever', owner
          ? `lever "${id}" belongs to the ${owner.label.en} role (${owner.label.zh}); your role ${role.label.en} (${role.label.zh}) may change only: ${role.levers.join(', ')}`
          : `"${id}" is not a lever of your role ${role.label.en} (${role.label.zh}); you may change only: ${role.levers.join(', ')}`, `levers.${id}`);
      }
      const problem = checkLeverValue(id, v);
      if (problem) throw new WorkshopError(400, 'invalid_lever_value', problem.message, problem.path);
    }
    const round = this.deciding();
    const map = this.decisionMap(round);
    const prev = map.get(seatId);
    const d: DecisionRow = { seatId, round, levers: { ...(prev?.levers ?? {}), ...(levers as LeverValues) }, final: final || (prev?.final ?? false), seq: ++this.decisionSeq };
    this.db.saveDecision(this.row.id, d);
    map.set(seatId, d);
    this.broadcast(seat.group);
  }

  private setState(patch: Partial<SessionState>): void {
    Object.assign(this.row.state, patch);
    this.db.saveState(this.row.id, this.row.state);
  }

  start(seconds?: number): void {
    if (this.state.status !== 'lobby' && this.state.status !== 'review') throw new WorkshopError(409, 'bad_state', `a round can start from the lobby or the review, not while ${this.state.status}`);
    const ms = (seconds ?? this.config.timerSeconds) * 1000;
    this.setState({ status: 'open', deadline: Date.now() + ms, remainingMs: null });
    this.arm();
    this.broadcast();
  }

  private notClosing(what: string): void {
    if (this.closing) throw new WorkshopError(409, 'round_closing', `the round is being simulated; ${what} once its results are in`);
  }

  pause(): void {
    this.notClosing('pause');
    if (this.state.status !== 'open') throw new WorkshopError(409, 'bad_state', `only an open round can be paused (now ${this.state.status})`);
    this.disarm();
    this.setState({ status: 'paused', remainingMs: this.remainingMs(), deadline: null });
    this.broadcast();
  }

  resume(): void {
    this.notClosing('resume');
    if (this.state.status !== 'paused') throw new WorkshopError(409, 'bad_state', `only a paused round can resume (now ${this.state.status})`);
    this.setState({ status: 'open', deadline: Date.now() + (this.state.remainingMs ?? 0), remainingMs: null });
    this.arm();
    this.broadcast();
  }

  inject(event: EventKind): void {
    if (this.state.status === 'finished') throw new WorkshopError(409, 'bad_state', 'the session has finished');
    if (!this.state.pendingEvents.includes(event)) this.setState({ pendingEvents: [...this.state.pendingEvents, event] });
    this.broadcast();
  }

  /**
   * Close the open (or paused) round: every group plays it on the simulation threads; each
   * group's screens update as soon as its result is in; then the round is stored and the
   * facilitator's screen updates. Throws (synchronously) when no round can close now.
   */
  close(): Promise<RoundOutcome[]> {
    this.notClosing('wait');
    if (this.state.status !== 'open' && this.state.status !== 'paused') throw new WorkshopError(409, 'bad_state', `no round is open (now ${this.state.status})`);
    this.disarm();
    const day = this.state.round * this.config.roundDays;
    const events = [...this.state.pendingEvents];
    const eventValues: LeverValues = {};
    for (const e of events) Object.assign(eventValues, eventLevers(e, day));
    const inputs: RoundInput[] = this.outcomes.map((_, g) => {
      const { levers, changes } = this.effectiveLevers(g);
      return { levers: { ...levers, ...eventValues }, events, changes };
    });
    const round = this.state.round + 1;
    const next: SessionState = { status: round >= this.config.rounds ? 'finished' : 'review', round, deadline: null, remainingMs: null, pendingEvents: [] };
    const closing = { next, ready: new Map<number, RoundOutcome>(), eventsUsed: events.length };
    this.closing = closing;
    return this.simulate(inputs, closing);
  }

  private async simulate(inputs: RoundInput[], closing: NonNullable<Session['closing']>): Promise<RoundOutcome[]> {
    let outs: RoundOutcome[];
    try {
      outs = await Promise.all(inputs.map(async (input, g) => {
        const o = await this.runner.advance(this.key(g), this.outcomes[g].length, input, () => this.spec(g));
        closing.ready.set(g, o);
        this.sendToGroup(g);
        return o;
      }));
    } catch (e) {
      // Nothing is stored; the round stays as it was (the facilitator may close it again).
      this.closing = null;
      this.broadcast();
      throw e;
    }
    // Events injected while the round was closing wait for the next one.
    const next: SessionState = { ...closing.next, pendingEvents: this.state.pendingEvents.slice(closing.eventsUsed) };
    this.db.saveRound(this.row.id, outs, next);
    this.row.state = next;
    outs.forEach((o, g) => this.outcomes[g].push(o));
    this.closing = null;
    if (next.status === 'finished') this.runner.drop(`${this.row.id}/`);
    // every group's screens have their results already: only the facilitator's screens now
    this.broadcast(-1);
    return outs;
  }

  private closeFailed(e: unknown): void {
    const message = e instanceof WorkshopError ? e.message : `closing the round failed: ${(e as Error).message}`;
    this.log(`session ${this.row.code}: ${message}`);
    for (const c of this.clients) {
      if (c.principal.kind !== 'facilitator') continue;
      try {
        c.send({ type: 'error', code: e instanceof WorkshopError ? e.code : 'close_failed', message });
      } catch { /* a closed socket */ }
    }
  }

  /** Start the timer of an open round (also after a restart). */
  arm(): void {
    this.disarm();
    const left = this.remainingMs();
    if (this.state.status !== 'open' || left === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state.status !== 'open' || this.closing) return;
      try {
        this.close().catch((e: unknown) => this.closeFailed(e));
      } catch (e) {
        this.closeFailed(e);
      }
    }, left);
    this.timer.unref?.();
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // --- views ---

  private decidedSet(round = this.state.round + 1): Set<string> {
    const out = new Set<string>();
    for (const d of this.decisions.get(round)?.values() ?? []) if (d.final) out.add(d.seatId);
    return out;
  }

  participantView(seatId: string): ParticipantView {
    const seat = this.seats.get(seatId)!;
    const ready = this.closing?.ready.get(seat.group);
    if (ready) return this.readyView(seat, ready, this.closing!.next);
    const role = getRole(seat.role)!;
    const { levers } = this.effectiveLevers(seat.group);
    const views = this.leverViews(role, levers, resolvedLevers(this.scenario));
    return {
      ...this.common(),
      kind: 'participant',
      seat: { id: seat.id, name: seat.name, group: seat.group + 1, role: seat.role, lang: seat.lang },
      role: { id: role.id, label: role.label, brief: role.brief },
      levers: views,
      decided: this.decidedSet().has(seatId),
      outcomes: this.outcomes[seat.group],
    };
  }

  /** A seat's view once its group's round is in, before the other groups' are (the state after the close). */
  private readyView(seat: SeatRow, outcome: RoundOutcome, next: SessionState): ParticipantView {
    const role = getRole(seat.role)!;
    const levers: LeverValues = { ...outcome.levers };
    const decided = this.decisions.get(next.round + 1)?.get(seat.id);
    for (const d of [...(this.decisions.get(next.round + 1)?.values() ?? [])].filter((x) => this.seats.get(x.seatId)?.group === seat.group).sort((a, b) => a.seq - b.seq)) Object.assign(levers, d.levers);
    const all = resolvedLevers(this.scenario);
    return {
      code: this.row.code, title: this.config.title, status: next.status, round: next.round, rounds: this.config.rounds,
      roundDays: this.config.roundDays, remainingMs: null, pendingEvents: this.state.pendingEvents.slice(this.closing?.eventsUsed ?? 0), seq: this.seq,
      kind: 'participant',
      seat: { id: seat.id, name: seat.name, group: seat.group + 1, role: seat.role, lang: seat.lang },
      role: { id: role.id, label: role.label, brief: role.brief },
      levers: this.leverViews(role, levers, all),
      decided: decided?.final ?? false,
      outcomes: [...this.outcomes[seat.group], outcome],
    };
  }

  private leverViews(role: NonNullable<ReturnType<typeof getRole>>, levers: LeverValues, all: LeverValues): LeverView[] {
    return roleLevers(role).map((l) => ({
      id: l.id, kind: l.kind, label: l.label, meaning: l.meaning, unit: l.unit,
      ...(l.kind === 'number' || l.kind === 'integer' ? { min: l.min, max: l.max, step: l.step } : {}),
      ...(l.kind === 'choice' ? { choices: l.choices } : {}),
      value: l.id in levers ? levers[l.id] : all[l.id],
    }));
  }

  facilitatorView(): FacilitatorView {
    const decided = this.decidedSet();
    const connected = new Set<string>();
    for (const c of this.clients) if (c.principal.kind === 'seat') connected.add(c.principal.seatId);
    return {
      ...this.common(),
      kind: 'facilitator',
      seed: this.config.seed,
      preset: this.config.preset,
      groups: this.config.groups,
      roles: this.config.roles.map((id) => ({ id, label: getRole(id)!.label })),
      seats: [...this.seats.values()].map((s) => ({ id: s.id, name: s.name, group: s.group + 1, role: s.role, connected: connected.has(s.id), decided: decided.has(s.id) })),
      outcomes: this.outcomes,
    };
  }

  private common() {
    return {
      code: this.row.code, title: this.config.title, status: this.state.status, round: this.state.round, rounds: this.config.rounds,
      roundDays: this.config.roundDays, remainingMs: this.remainingMs(), pendingEvents: this.state.pendingEvents, seq: this.seq,
    };
  }

  view(p: Principal): ServerMessage {
    return { type: 'state', view: p.kind === 'facilitator' ? this.facilitatorView() : this.participantView(p.seatId) };
  }

  /** Send one group's seats their new state (nobody else). */
  private sendToGroup(group: number): void {
    this.seq += 1;
    for (const c of this.clients) {
      if (c.principal.kind !== 'seat' || this.seats.get(c.principal.seatId)?.group !== group) continue;
      try {
        c.send(this.view(c.principal));
      } catch (e) {
        this.log(`session ${this.row.code}: a send failed: ${(e as Error).message}`);
      }
    }
  }

  /** Send the new state to every client, or to the facilitator and one group's seats only (-1: the facilitator only). */
  broadcast(group?: number): void {
    this.seq += 1;
    let facilitator: ServerMessage | undefined;
    for (const c of this.clients) {
      if (group !== undefined && c.principal.kind === 'seat' && this.seats.get(c.principal.seatId)?.group !== group) continue;
      try {
        if (c.principal.kind === 'facilitator') c.send(facilitator ??= this.view(c.principal));
        else c.send(this.view(c.principal));
      } catch (e) {
        this.log(`session ${this.row.code}: a send failed: ${(e as Error).message}`);
      }
    }
  }

  export(): SessionExport {
    return {
      format: 'govsim-workshop/1', engineVersion: ENGINE_VERSION, code: this.row.code, title: this.config.title, preset: this.config.preset,
      scenario: this.scenario, seed: this.config.seed, roundDays: this.config.roundDays, rounds: this.config.rounds, roles: this.config.roles,
      groups: this.outcomes.map((rounds) => ({ rounds })),
    };
  }
}

export class WorkshopManager {
  readonly db: WorkshopDb;
  readonly limits: WorkshopLimits;
  private readonly byCode = new Map<string, Session>();
  private readonly adminIndex = new Map<string, Session>();
  private readonly seatIndex = new Map<string, { session: Session; seatId: string }>();
  private readonly log: (msg: string) => void;

  private readonly runner: ChainRunner;

  constructor(dataDir: string, limits: Partial<WorkshopLimits> = {}, log: (msg: string) => void = () => undefined, runner: ChainRunner = createChainRunner(0)) {
    this.db = new WorkshopDb(dataDir);
    this.runner = runner;
    this.limits = { ...DEFAULT_WORKSHOP_LIMITS, ...limits };
    this.log = log;
    for (const row of this.db.sessions()) {
      try {
        const s = new Session(row, this.db, log, runner);
        s.load();
        // A round that was open when the server stopped waits, paused, for the facilitator.
        if (row.state.status === 'open') {
          const left = Math.max(10_000, (row.state.deadline ?? 0) - Date.now());
          row.state = { ...row.state, status: 'paused', remainingMs: left, deadline: null };
          this.db.saveState(row.id, row.state);
        }
        this.index(s);
      } catch (e) {
        log(`workshop session ${row.code} could not be loaded: ${(e as Error).message}`);
      }
    }
  }

  private index(s: Session): void {
    this.byCode.set(s.row.code, s);
    this.adminIndex.set(s.row.adminHash, s);
    for (const seat of s.seats.values()) this.seatIndex.set(seat.tokenHash, { session: s, seatId: seat.id });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const h of this.pending) clearImmediate(h);
    for (const s of this.byCode.values()) s.disarm();
    await this.runner.close();
    this.db.close();
  }

  get(code: string): Session {
    const s = this.byCode.get(code.toUpperCase());
    if (!s) throw new WorkshopError(404, 'no_session', `no workshop session with code "${code}"`, 'code');
    return s;
  }

  create(body: CreateRequest): { session: Session; adminToken: string } {
    const live = [...this.byCode.values()].filter((s) => s.state.status !== 'finished').length;
    if (live >= this.limits.sessions) throw new WorkshopError(429, 'too_many_sessions', `this server already runs ${live} unfinished sessions (limit ${this.limits.sessions})`);
    const preset = body.preset ?? 'training';
    if (typeof preset !== 'string' || !getScenario(preset)) throw new WorkshopError(400, 'invalid_field', `preset must be a scenario preset id (e.g. "training"), got ${JSON.stringify(preset)}`, 'preset');
    const roles = body.roles ?? ROLES.map((r) => r.id);
    if (!Array.isArray(roles) || roles.length === 0 || new Set(roles).size !== roles.length || roles.some((r) => typeof r !== 'string' || !getRole(r))) {
      throw new WorkshopError(400, 'invalid_field', `roles must be a non-empty list of distinct roles from ${ROLES.map((r) => r.id).join(', ')}`, 'roles');
    }
    const title = body.title ?? '';
    if (typeof title !== 'string' || title.length > 80) throw new WorkshopError(400, 'invalid_field', 'title must be a string of at most 80 characters', 'title');
    const config: SessionConfig = {
      title: title || 'govsim workshop',
      preset,
      roles,
      groups: intField(body.groups, 'groups', 2, 1, this.limits.groups),
      rounds: intField(body.rounds, 'rounds', 4, 1, this.limits.rounds),
      roundDays: intField(body.roundDays, 'roundDays', 91, 7, 365),
      seed: intField(body.seed, 'seed', 1, 0, 0xffffffff),
      timerSeconds: intField(body.timerSeconds, 'timerSeconds', 180, 10, 3600),
      seatsMax: intField(body.seatsMax, 'seatsMax', this.limits.seatsPerSession, 1, this.limits.seatsPerSession),
    };
    if (config.rounds * config.roundDays > 3650) throw new WorkshopError(400, 'invalid_field', `rounds × roundDays must be at most 3650 days, got ${config.rounds * config.roundDays}`, 'rounds');
    let code = '';
    do code = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    while (this.byCode.has(code) || this.db.codeTaken(code));
    const adminToken = token();
    const row: SessionRow = {
      id: randomUUID(), code, adminHash: hashToken(adminToken), config, createdAt: Date.now(),
      state: { status: 'lobby', round: 0, deadline: null, remainingMs: null, pendingEvents: [] },
    };
    const session = new Session(row, this.db, this.log, this.runner);
    this.db.insertSession(row);
    this.index(session);
    this.later(() => void session.warm());
    return { session, adminToken };
  }

  join(code: string, body: Parameters<Session['join']>[0]): { session: Session; seat: SeatRow; token: string } {
    const session = this.get(code);
    const { seat, token: t } = session.join(body, this.limits);
    this.seatIndex.set(seat.tokenHash, { session, seatId: seat.id });
    return { session, seat, token: t };
  }

  /** Who holds this token (admin or seat), or undefined. */
  authenticate(t: string | undefined): { session: Session; principal: Principal } | undefined {
    if (!t) return undefined;
    const h = hashToken(t);
    const admin = this.adminIndex.get(h);
    if (admin) return { session: admin, principal: { kind: 'facilitator' } };
    const seat = this.seatIndex.get(h);
    if (seat) return { session: seat.session, principal: { kind: 'seat', seatId: seat.seatId } };
    return undefined;
  }

  private readonly pending = new Set<NodeJS.Immediate>();
  private closed = false;

  /** Run soon, after the current request has been answered (never after close). */
  private later(f: () => void): void {
    const h = setImmediate(() => {
      this.pending.delete(h);
      if (!this.closed) f();
    });
    this.pending.add(h);
  }

  /** When ready: start the timers of open rounds (after a restart they load paused) and prepare unfinished sessions. */
  armAll(): void {
    for (const s of this.byCode.values()) {
      s.arm();
      if (s.state.status !== 'finished') this.later(() => void s.warm());
    }
  }
}
