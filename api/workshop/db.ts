// Workshop state in its own SQLite file (<data dir>/workshop.sqlite, WAL), beside the run
// store: sessions, seats, decisions and round results. Every change is written before it is
// announced, so a server killed mid-session restarts with the same seats, the same round and
// the same results. Tokens are kept only as SHA-256 hashes.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LeverValues } from '../../sim/index.ts';
import type { EventKind, Lang, RoundOutcome, Status } from './messages.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ws_sessions (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  admin_hash TEXT NOT NULL,
  config TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ws_seats (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES ws_sessions(id),
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  grp INTEGER NOT NULL,
  role TEXT NOT NULL,
  lang TEXT NOT NULL,
  joined_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ws_seats_session ON ws_seats(session_id);
CREATE TABLE IF NOT EXISTS ws_decisions (
  session_id TEXT NOT NULL,
  seat_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  levers TEXT NOT NULL,
  final INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (session_id, seat_id, round)
);
CREATE TABLE IF NOT EXISTS ws_rounds (
  session_id TEXT NOT NULL,
  grp INTEGER NOT NULL,
  round INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (session_id, grp, round)
);
`;

export const hashToken = (t: string): string => createHash('sha256').update(t).digest('hex');

export interface SessionConfig {
  title: string;
  preset: string;
  roles: string[];
  groups: number;
  rounds: number;
  roundDays: number;
  seed: number;
  timerSeconds: number;
  seatsMax: number;
}

export interface SessionState {
  status: Status;
  round: number;
  /** Epoch ms when the open round's timer ends. */
  deadline: number | null;
  /** Ms left when paused. */
  remainingMs: number | null;
  pendingEvents: EventKind[];
}

export interface SessionRow { id: string; code: string; adminHash: string; config: SessionConfig; state: SessionState; createdAt: number }
export interface SeatRow { id: string; sessionId: string; tokenHash: string; name: string; group: number; role: string; lang: Lang; joinedAt: number }
export interface DecisionRow { seatId: string; round: number; levers: LeverValues; final: boolean; /** Order of saving: the latest decision on a lever wins. */ seq: number }

export class WorkshopDb {
  private db: Database.Database;
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'workshop.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  insertSession(s: SessionRow): void {
    this.db.prepare('INSERT INTO ws_sessions (id, code, admin_hash, config, state, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.id, s.code, s.adminHash, JSON.stringify(s.config), JSON.stringify(s.state), s.createdAt);
  }

  saveState(sessionId: string, state: SessionState): void {
    this.db.prepare('UPDATE ws_sessions SET state = ? WHERE id = ?').run(JSON.stringify(state), sessionId);
  }

  sessions(): SessionRow[] {
    const rows = this.db.prepare('SELECT * FROM ws_sessions ORDER BY created_at').all() as { id: string; code: string; admin_hash: string; config: string; state: string; created_at: number }[];
    return rows.map((r) => ({ id: r.id, code: r.code, adminHash: r.admin_hash, config: JSON.parse(r.config) as SessionConfig, state: JSON.parse(r.state) as SessionState, createdAt: r.created_at }));
  }

  codeTaken(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM ws_sessions WHERE code = ?').get(code) !== undefined;
  }

  insertSeat(s: SeatRow): void {
    this.db.prepare('INSERT INTO ws_seats (id, session_id, token_hash, name, grp, role, lang, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.id, s.sessionId, s.tokenHash, s.name, s.group, s.role, s.lang, s.joinedAt);
  }

  setSeatLang(seatId: string, lang: Lang): void {
    this.db.prepare('UPDATE ws_seats SET lang = ? WHERE id = ?').run(lang, seatId);
  }

  seats(sessionId: string): SeatRow[] {
    const rows = this.db.prepare('SELECT * FROM ws_seats WHERE session_id = ? ORDER BY joined_at, id').all(sessionId) as { id: string; session_id: string; token_hash: string; name: string; grp: number; role: string; lang: string; joined_at: number }[];
    return rows.map((r) => ({ id: r.id, sessionId: r.session_id, tokenHash: r.token_hash, name: r.name, group: r.grp, role: r.role, lang: r.lang as Lang, joinedAt: r.joined_at }));
  }

  saveDecision(sessionId: string, d: DecisionRow): void {
    this.db.prepare('INSERT INTO ws_decisions (session_id, seat_id, round, levers, final, seq) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(session_id, seat_id, round) DO UPDATE SET levers = excluded.levers, final = excluded.final, seq = excluded.seq')
      .run(sessionId, d.seatId, d.round, JSON.stringify(d.levers), d.final ? 1 : 0, d.seq);
  }

  decisions(sessionId: string): DecisionRow[] {
    const rows = this.db.prepare('SELECT * FROM ws_decisions WHERE session_id = ? ORDER BY round, seq').all(sessionId) as { seat_id: string; round: number; levers: string; final: number; seq: number }[];
    return rows.map((r) => ({ seatId: r.seat_id, round: r.round, levers: JSON.parse(r.levers) as LeverValues, final: r.final === 1, seq: r.seq }));
  }

  /** Store a closed round of every group and the new state, in one transaction. */
  saveRound(sessionId: string, outcomes: RoundOutcome[], state: SessionState): void {
    const ins = this.db.prepare('INSERT INTO ws_rounds (session_id, grp, round, outcome) VALUES (?, ?, ?, ?)');
    const upd = this.db.prepare('UPDATE ws_sessions SET state = ? WHERE id = ?');
    this.db.transaction(() => {
      outcomes.forEach((o, g) => ins.run(sessionId, g, o.round, JSON.stringify(o)));
      upd.run(JSON.stringify(state), sessionId);
    })();
  }

  rounds(sessionId: string): { group: number; outcome: RoundOutcome }[] {
    const rows = this.db.prepare('SELECT grp, outcome FROM ws_rounds WHERE session_id = ? ORDER BY grp, round').all(sessionId) as { grp: number; outcome: string }[];
    return rows.map((r) => ({ group: r.grp, outcome: JSON.parse(r.outcome) as RoundOutcome }));
  }
}
