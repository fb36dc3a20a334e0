// The run store: one SQLite file (WAL) in the data directory holding what was asked
// (requests), where each job stands (status), what it will run (manifests: the resolved plan
// and engine version), what came out (results: one row per scenario × replication, written in
// the same transaction as the progress count) and the analysis of a finished job (reports).
// Identical requests share a content key; a partial unique index lets at most one live job
// (queued, running or done) hold a key, so a result is never computed twice.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobKind, JobState } from '../schemas/job.ts';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  client TEXT NOT NULL,
  label TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_created ON requests(created_at);
CREATE TABLE IF NOT EXISTS status (
  id TEXT PRIMARY KEY REFERENCES requests(id),
  key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  runs_total INTEGER NOT NULL,
  runs_done INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  digest TEXT,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS status_live_key ON status(key) WHERE state IN ('queued', 'running', 'done');
CREATE INDEX IF NOT EXISTS status_state ON status(state);
CREATE TABLE IF NOT EXISTS manifests (
  id TEXT PRIMARY KEY REFERENCES requests(id),
  engine_version TEXT NOT NULL,
  scenario_id TEXT NOT NULL,
  scenario_hash TEXT NOT NULL,
  scenarios INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  days INTEGER NOT NULL,
  replications INTEGER NOT NULL,
  spec TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  id TEXT NOT NULL REFERENCES requests(id),
  scenario INTEGER NOT NULL,
  replication INTEGER NOT NULL,
  task INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  digest TEXT NOT NULL,
  manifest TEXT NOT NULL,
  summary TEXT NOT NULL,
  series TEXT,
  extras TEXT,
  PRIMARY KEY (id, scenario, replication)
);
CREATE INDEX IF NOT EXISTS results_task ON results(id, task);
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY REFERENCES requests(id),
  body TEXT NOT NULL
);
`;

/** A job as listed: request, status and manifest columns (not the plan itself). */
export interface JobRow {
  seq: number;
  id: string;
  kind: JobKind;
  key: string;
  client: string;
  label: string | null;
  created_at: string;
  state: JobState;
  runs_total: number;
  runs_done: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  digest: string | null;
  started_at: string | null;
  finished_at: string | null;
  engine_version: string;
  scenario_id: string;
  scenario_hash: string;
  scenarios: number;
  seed: number;
  days: number;
  replications: number;
}

export interface NewJob {
  id: string;
  kind: JobKind;
  key: string;
  client: string;
  label: string | null;
  body: string;
  engineVersion: string;
  scenarioId: string;
  scenarioHash: string;
  scenarios: number;
  seed: number;
  days: number;
  replications: number;
  runsTotal: number;
  spec: string;
}

export interface ResultRow {
  scenario: number;
  replication: number;
  task: number;
  seed: number;
  digest: string;
  manifest: string;
  summary: string;
  series: string | null;
  extras: string | null;
}

export type NewResult = Omit<ResultRow, 'task'>;

export interface JobFilter {
  kinds: readonly JobKind[];
  status?: JobState;
  kind?: JobKind;
  scenario?: string;
  scenarioHash?: string;
  seed?: number;
  label?: string;
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

const JOB_COLUMNS = `r.seq, r.id, r.kind, r.key, r.client, r.label, r.created_at, s.state, s.runs_total, s.runs_done, s.attempts,
  s.error_code, s.error_message, s.digest, s.started_at, s.finished_at, m.engine_version, m.scenario_id, m.scenario_hash,
  m.scenarios, m.seed, m.days, m.replications`;
const JOB_FROM = 'requests r JOIN status s ON s.id = r.id JOIN manifests m ON m.id = r.id';

export type Store = ReturnType<typeof openStore>;

/** Thrown when another live server holds the data directory. */
export class StoreLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`the data directory ${dir} is in use by another govsim server (pid ${pid}); stop it or choose another --data-dir`);
    this.name = 'StoreLockedError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Open (and create) the store in `dir`. With `lock`, a pid file keeps two servers from
 * running the same queue; a lock left by a killed server is taken over.
 */
export function openStore(dir: string, opts: { lock?: boolean } = {}) {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'server.pid');
  if (opts.lock) {
    // Exclusive create ('wx'): two servers starting together cannot both take the lock, and a
    // planted symlink is not followed. A lock whose holder is dead is taken over.
    for (let attempt = 0; ; attempt++) {
      try {
        writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw e;
        let holder = NaN;
        try { holder = Number(readFileSync(lockPath, 'utf8').trim()); } catch { /* vanished meanwhile */ }
        if (holder === process.pid) break;
        if (Number.isInteger(holder) && pidAlive(holder)) throw new StoreLockedError(dir, holder);
        rmSync(lockPath, { force: true });
      }
    }
  }
  const db = new Database(join(dir, 'govsim.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const version = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema') as string | undefined;
  if (version === undefined) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION));
  else if (Number(version) !== SCHEMA_VERSION) throw new Error(`store schema ${version} in ${dir}; this server reads schema ${SCHEMA_VERSION}`);

  const now = () => new Date().toISOString();
  // Statements built from a filter's shape, compiled once per shape.
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const st = {
    insertRequest: db.prepare(`INSERT INTO requests (id, kind, key, client, label, body, created_at)
      VALUES (@id, @kind, @key, @client, @label, @body, @createdAt)`),
    insertStatus: db.prepare(`INSERT INTO status (id, key, state, runs_total, updated_at) VALUES (@id, @key, 'queued', @runsTotal, @createdAt)`),
    insertManifest: db.prepare(`INSERT INTO manifests (id, engine_version, scenario_id, scenario_hash, scenarios, seed, days, replications, spec)
      VALUES (@id, @engineVersion, @scenarioId, @scenarioHash, @scenarios, @seed, @days, @replications, @spec)`),
    getJob: db.prepare(`SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE r.id = ?`),
    liveByKey: db.prepare(`SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE s.key = ? AND s.state IN ('queued', 'running', 'done')`),
    spec: db.prepare('SELECT spec FROM manifests WHERE id = ?').pluck(),
    requestBody: db.prepare('SELECT body FROM requests WHERE id = ?').pluck(),
    clientActive: db.prepare(`SELECT count(*) FROM requests r JOIN status s ON s.id = r.id WHERE r.client = ? AND s.state IN ('queued', 'running')`).pluck(),
    counts: db.prepare(`SELECT state, count(*) AS n FROM status WHERE state IN ('queued', 'running') GROUP BY state`),
    setRunning: db.prepare(`UPDATE status SET state = 'running', attempts = attempts + 1, started_at = coalesce(started_at, @t), updated_at = @t
      WHERE id = @id AND state IN ('queued', 'running')`),
    insertResult: db.prepare(`INSERT OR IGNORE INTO results (id, scenario, replication, task, seed, digest, manifest, summary, series, extras)
      VALUES (@id, @scenario, @replication, @task, @seed, @digest, @manifest, @summary, @series, @extras)`),
    storedDigest: db.prepare('SELECT digest FROM results WHERE id = ? AND scenario = ? AND replication = ?').pluck(),
    countDone: db.prepare('SELECT count(DISTINCT task) FROM results WHERE id = ?').pluck(),
    setDone: db.prepare('UPDATE status SET runs_done = @done, updated_at = @t WHERE id = @id'),
    doneTasks: db.prepare('SELECT DISTINCT task FROM results WHERE id = ?').pluck(),
    insertReport: db.prepare('INSERT OR REPLACE INTO reports (id, body) VALUES (?, ?)'),
    finish: db.prepare(`UPDATE status SET state = 'done', digest = @digest, runs_done = runs_total, finished_at = @t, updated_at = @t
      WHERE id = @id AND state IN ('queued', 'running')`),
    fail: db.prepare(`UPDATE status SET state = 'failed', error_code = @code, error_message = @message, finished_at = @t, updated_at = @t
      WHERE id = @id AND state IN ('queued', 'running')`),
    cancel: db.prepare(`UPDATE status SET state = 'cancelled', finished_at = @t, updated_at = @t WHERE id = @id AND state IN ('queued', 'running')`),
    deleteResults: db.prepare('DELETE FROM results WHERE id = ?'),
    requeue: db.prepare(`UPDATE status SET state = 'queued', updated_at = ? WHERE state = 'running'`),
    unfinished: db.prepare(`SELECT r.id FROM requests r JOIN status s ON s.id = r.id WHERE s.state IN ('queued', 'running') ORDER BY r.seq`).pluck(),
    report: db.prepare('SELECT body FROM reports WHERE id = ?').pluck(),
    result: db.prepare('SELECT scenario, replication, task, seed, digest, manifest, summary, series, extras FROM results WHERE id = ? AND scenario = ? AND replication = ?'),
    summaries: db.prepare('SELECT scenario, replication, task, seed, digest, manifest, summary, NULL AS series, NULL AS extras FROM results WHERE id = ? ORDER BY scenario, replication'),
    digests: db.prepare('SELECT scenario, replication, digest FROM results WHERE id = ? ORDER BY scenario, replication'),
  };

  return {
    db,
    dir,

    /** Insert a job (request, status, manifest) in one transaction. */
    insertJob: db.transaction((j: NewJob) => {
      const createdAt = now();
      st.insertRequest.run({ id: j.id, kind: j.kind, key: j.key, client: j.client, label: j.label, body: j.body, createdAt });
      st.insertStatus.run({ id: j.id, key: j.key, runsTotal: j.runsTotal, createdAt });
      st.insertManifest.run({
        id: j.id, engineVersion: j.engineVersion, scenarioId: j.scenarioId, scenarioHash: j.scenarioHash, scenarios: j.scenarios,
        seed: j.seed, days: j.days, replications: j.replications, spec: j.spec,
      });
    }),

    getJob: (id: string) => st.getJob.get(id) as JobRow | undefined,
    liveByKey: (key: string) => st.liveByKey.get(key) as JobRow | undefined,
    spec: (id: string) => st.spec.get(id) as string | undefined,
    /** The request body a job was submitted with (JSON text). */
    requestBody: (id: string) => st.requestBody.get(id) as string | undefined,
    clientActive: (client: string) => st.clientActive.get(client) as number,

    counts(): { queued: number; running: number } {
      const out = { queued: 0, running: 0 };
      for (const r of st.counts.all() as { state: 'queued' | 'running'; n: number }[]) out[r.state] = r.n;
      return out;
    },

    /** Mark a job running (counting the attempt); false if it is no longer queued or running. */
    setRunning: (id: string) => st.setRunning.run({ id, t: now() }).changes > 0,

    /** Save the outputs of one finished task and bump the job's progress, atomically. */
    saveTask: db.transaction((id: string, task: number, rows: NewResult[]): number => {
      for (const r of rows) {
        // A run saved twice (a retry after a restart) is kept once, and it must be the same run.
        if (st.insertResult.run({ id, task, ...r }).changes === 0) {
          const stored = st.storedDigest.get(id, r.scenario, r.replication) as string | undefined;
          if (stored !== undefined && stored !== r.digest) {
            throw new Error(`job ${id}: scenario ${r.scenario} replication ${r.replication} came back with digest ${r.digest}, but ${stored} is stored: the engine is not deterministic here`);
          }
        }
      }
      const done = st.countDone.get(id) as number;
      st.setDone.run({ id, done, t: now() });
      return done;
    }),

    doneTasks: (id: string) => new Set(st.doneTasks.all(id) as number[]),

    finish: db.transaction((id: string, digest: string, report: string): boolean => {
      if (st.finish.run({ id, digest, t: now() }).changes === 0) return false;
      st.insertReport.run(id, report);
      return true;
    }),

    fail: db.transaction((id: string, code: string, message: string): boolean => {
      if (st.fail.run({ id, code, message, t: now() }).changes === 0) return false;
      st.deleteResults.run(id);
      return true;
    }),

    cancel: db.transaction((id: string): boolean => {
      if (st.cancel.run({ id, t: now() }).changes === 0) return false;
      st.deleteResults.run(id);
      return true;
    }),

    /** After a crash or shutdown: running jobs go back to the queue (their finished runs stay). */
    requeueRunning: () => st.requeue.run(now()).changes,

    /** Ids of queued and running jobs, oldest first. */
    unfinished: () => st.unfinished.all() as string[],

    report: (id: string) => st.report.get(id) as string | undefined,

    /** Result rows of a job, in plan order, optionally one replication / scenario, with or without series. */
    results(id: string, o: { replication?: number; scenario?: number; series?: boolean } = {}): ResultRow[] {
      const where = ['id = @id'];
      if (o.replication !== undefined) where.push('replication = @replication');
      if (o.scenario !== undefined) where.push('scenario = @scenario');
      const cols = o.series === false ? 'NULL AS series, extras' : 'series, extras';
      return prepared(`SELECT scenario, replication, task, seed, digest, manifest, summary, ${cols} FROM results WHERE ${where.join(' AND ')}
        ORDER BY scenario, replication`).all({ id, replication: o.replication, scenario: o.scenario }) as ResultRow[];
    },

    /**
     * One result row by scenario and replication. Streams read rows one at a time with this
     * (an open SQLite iterator would block every other query while the client reads).
     */
    result: (id: string, scenario: number, replication: number) => st.result.get(id, scenario, replication) as ResultRow | undefined,

    summaries: (id: string) => st.summaries.all(id) as ResultRow[],
    digests: (id: string) => st.digests.all(id) as { scenario: number; replication: number; digest: string }[],

    list(f: JobFilter): { rows: JobRow[]; total: number } {
      const where = [`r.kind IN (${f.kinds.map((k) => `'${k}'`).join(', ')})`];
      const p: Record<string, unknown> = {};
      const add = (sql: string, key: string, value: unknown) => {
        if (value === undefined) return;
        where.push(sql);
        p[key] = value;
      };
      add('s.state = @status', 'status', f.status);
      add('r.kind = @kind', 'kind', f.kind);
      add('m.scenario_id = @scenario', 'scenario', f.scenario);
      add('m.scenario_hash = @scenarioHash', 'scenarioHash', f.scenarioHash);
      add('m.seed = @seed', 'seed', f.seed);
      add(`instr(coalesce(r.label, ''), @label) > 0`, 'label', f.label);
      add('r.created_at >= @since', 'since', f.since);
      add('r.created_at < @until', 'until', f.until);
      const w = where.join(' AND ');
      const total = prepared(`SELECT count(*) AS n FROM ${JOB_FROM} WHERE ${w}`).get(p) as { n: number };
      const rows = prepared(`SELECT ${JOB_COLUMNS} FROM ${JOB_FROM} WHERE ${w} ORDER BY r.seq DESC LIMIT @limit OFFSET @offset`)
        .all({ ...p, limit: f.limit, offset: f.offset }) as JobRow[];
      return { rows, total: total.n };
    },

    close(): void {
      if (!db.open) return;
      db.close();
      if (opts.lock) {
        try {
          if (Number(readFileSync(lockPath, 'utf8').trim()) === process.pid) rmSync(lockPath);
        } catch { /* already gone */ }
      }
    },
  };
}
