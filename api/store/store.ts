// The run store: one SQLite file (WAL) in the data directory holding what was asked
// (requests), where each job stands (status), what it will run (manifests: the resolved plan
// and engine version), what came out (results: one row per scenario × replication, written in
// the same transaction as the progress count) and the analysis of a finished job (reports).
// Identical requests share a content key; a partial unique index lets at most one live job
// (queued, running or done) hold a key, so a result is never computed twice.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobKind, JobState } from '../schemas/job.ts';

const SCHEMA_VERSION = 3;

// Schema 2: jobs belong to a tenant (requests.client); a live key is unique per tenant
// (status.key is "<tenant> <content key>"); each job records its cost and the bytes it stores.
const MIGRATE_1_TO_2 = `
ALTER TABLE status ADD COLUMN cost REAL NOT NULL DEFAULT 0;
ALTER TABLE status ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET client = 'local' WHERE client LIKE 'ip:%';
UPDATE requests SET client = 'key-' || substr(client, 5) WHERE client LIKE 'key:%';
UPDATE status SET key = (SELECT r.client FROM requests r WHERE r.id = status.id) || ' ' || key;
UPDATE status SET bytes = coalesce((SELECT sum(length(manifest) + length(summary) + coalesce(length(series), 0) + coalesce(length(extras), 0))
  FROM results WHERE results.id = status.id), 0);
`;

// Schema 3: each request keeps its canonical request key (plan.ts `requestKey`: defaults filled in,
// key order and whitespace gone), so that a request identical to an unfinished one joins it
// before any cap or planning (schema 2 compared the body text).
const MIGRATE_2_TO_3 = `
ALTER TABLE requests ADD COLUMN rkey TEXT;
`;

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
  created_at TEXT NOT NULL,
  rkey TEXT
);
CREATE INDEX IF NOT EXISTS requests_created ON requests(created_at);
CREATE INDEX IF NOT EXISTS requests_key ON requests(key);
CREATE INDEX IF NOT EXISTS requests_client ON requests(client);
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
  updated_at TEXT NOT NULL,
  cost REAL NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0
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
  /** Cost in resident-days (runs × days × residents), from the request. */
  cost: number;
  /** Bytes of stored results. */
  bytes: number;
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
  /** The canonical request key (plan.ts `requestKey`). */
  requestKey?: string;
  engineVersion: string;
  scenarioId: string;
  scenarioHash: string;
  scenarios: number;
  seed: number;
  days: number;
  replications: number;
  runsTotal: number;
  /** Resident-days (runs × days × residents); 0 when unknown. */
  cost?: number;
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
  /** Only this tenant's jobs (all tenants when absent: admin). */
  owner?: string;
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
  s.error_code, s.error_message, s.digest, s.started_at, s.finished_at, s.cost, s.bytes, m.engine_version, m.scenario_id, m.scenario_hash,
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

/**
 * When process `pid` started (clock ticks since boot, from /proc), or undefined where /proc
 * is not there. A pid with another start time than the lock says is another process that
 * happens to have the same pid: the lock is stale.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): the 22nd field is starttime.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

/** What a lock file holds: `pid start-time`. */
export function lockText(pid: number): string {
  return `${pid} ${processStartTime(pid) ?? '?'}\n`;
}

/** Whether the lock file text names a process that is alive and is the same process that wrote it. */
export function lockHeld(text: string): { pid: number; held: boolean } {
  const [p, start] = text.trim().split(/\s+/);
  const pid = Number(p);
  if (!Number.isSafeInteger(pid) || pid <= 0) return { pid, held: false };
  if (!pidAlive(pid)) return { pid, held: false };
  const now = processStartTime(pid);
  // Same pid, other start time: the pid was reused by an unrelated process.
  if (start && start !== '?' && now !== undefined && now !== start) return { pid, held: false };
  return { pid, held: true };
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
export function openStore(dir: string, opts: {
  lock?: boolean;
  /** Durability of acknowledged writes (default FULL). */
  synchronous?: 'FULL' | 'NORMAL';
  /** Durability of saved runs (default NORMAL; see saveTask). */
  runsSynchronous?: 'FULL' | 'NORMAL';
} = {}) {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'server.pid');
  if (opts.lock) {
    // Exclusive create ('wx'): two servers starting together cannot both take the lock, and a
    // planted symlink is not followed. A lock whose holder is dead is taken over.
    for (let attempt = 0; ; attempt++) {
      try {
        writeFileSync(lockPath, lockText(process.pid), { flag: 'wx' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw e;
        let text = '';
        try { text = readFileSync(lockPath, 'utf8'); } catch { /* vanished meanwhile */ }
        const holder = lockHeld(text);
        if (holder.pid === process.pid && holder.held) break;
        if (holder.held) throw new StoreLockedError(dir, holder.pid);
        rmSync(lockPath, { force: true });
      }
    }
  }
  const dbPath = join(dir, 'govsim.sqlite');
  const fresh = !existsSync(dbPath);
  const db = new Database(dbPath);
  // Deleted jobs give their pages back to the file system (incremental vacuum after a prune).
  if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // FULL: a 202 (and a cancel, a delete, a finished job) is only sent once it is on disk, also
  // across a power loss. Saved runs commit with NORMAL (runsSynchronous): no fsync, which costs
  // 7–8 ms of the event loop per commit here (npm run bench:store; docs/api.md). WAL commits stay
  // in order, so a power loss can only drop the last saved runs, never an acknowledged write
  // after them (its fsync carries them), and a dropped run is run again on the next start with
  // the same digest.
  const syncAcks = opts.synchronous ?? 'FULL';
  const syncRuns = opts.runsSynchronous ?? 'NORMAL';
  db.pragma(`synchronous = ${syncAcks}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const version = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema') as string | undefined;
  if (version === undefined) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION));
  else if (Number(version) === 1 || Number(version) === 2) {
    db.transaction(() => {
      if (Number(version) === 1) db.exec(MIGRATE_1_TO_2);
      db.exec(MIGRATE_2_TO_3);
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(SCHEMA_VERSION), 'schema');
    })();
  } else if (Number(version) !== SCHEMA_VERSION) throw new Error(`store schema ${version} in ${dir}; this server reads schema ${SCHEMA_VERSION}`);
  db.exec('CREATE INDEX IF NOT EXISTS requests_rkey ON requests(client, rkey)');
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  }

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
    insertRequest: db.prepare(`INSERT INTO requests (id, kind, key, client, label, body, created_at, rkey)
      VALUES (@id, @kind, @key, @client, @label, @body, @createdAt, @rkey)`),
    insertStatus: db.prepare(`INSERT INTO status (id, key, state, runs_total, cost, updated_at) VALUES (@id, @key, 'queued', @runsTotal, @cost, @createdAt)`),
    insertDoneStatus: db.prepare(`INSERT INTO status (id, key, state, runs_total, runs_done, attempts, digest, started_at, finished_at, cost, bytes, updated_at)
      SELECT @id, @key, 'done', runs_total, runs_total, 0, digest, @createdAt, @createdAt, cost, bytes, @createdAt FROM status WHERE id = @from`),
    copyManifest: db.prepare(`INSERT INTO manifests (id, engine_version, scenario_id, scenario_hash, scenarios, seed, days, replications, spec)
      SELECT @id, engine_version, scenario_id, scenario_hash, scenarios, seed, days, replications, spec FROM manifests WHERE id = @from`),
    copyResults: db.prepare(`INSERT INTO results (id, scenario, replication, task, seed, digest, manifest, summary, series, extras)
      SELECT @id, scenario, replication, task, seed, digest, manifest, summary, series, extras FROM results WHERE id = @from`),
    copyReport: db.prepare('INSERT INTO reports (id, body) SELECT @id, body FROM reports WHERE id = @from'),
    doneByKey: db.prepare(`SELECT r.id FROM requests r JOIN status s ON s.id = r.id WHERE r.key = ? AND s.state = 'done' ORDER BY r.seq LIMIT 1`).pluck(),
    deleteReport: db.prepare('DELETE FROM reports WHERE id = ?'),
    deleteManifest: db.prepare('DELETE FROM manifests WHERE id = ?'),
    deleteStatus: db.prepare('DELETE FROM status WHERE id = ?'),
    deleteRequest: db.prepare('DELETE FROM requests WHERE id = ?'),
    clientCost: db.prepare(`SELECT coalesce(sum(s.cost), 0) FROM requests r JOIN status s ON s.id = r.id WHERE r.client = ? AND s.state IN ('queued', 'running')`).pluck(),
    activeCost: db.prepare(`SELECT coalesce(sum(cost), 0) FROM status WHERE state IN ('queued', 'running')`).pluck(),
    addBytes: db.prepare('UPDATE status SET bytes = bytes + @bytes WHERE id = @id'),
    activeByRequestKey: db.prepare(`SELECT r.id FROM requests r JOIN status s ON s.id = r.id WHERE r.client = ? AND r.rkey = ?
      AND s.state IN ('queued', 'running') LIMIT 1`).pluck(),
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
    zeroBytes: db.prepare('UPDATE status SET bytes = 0 WHERE id = ?'),
    deleteResults: db.prepare('DELETE FROM results WHERE id = ?'),
    requeue: db.prepare(`UPDATE status SET state = 'queued', updated_at = ? WHERE state = 'running'`),
    unfinished: db.prepare(`SELECT r.id FROM requests r JOIN status s ON s.id = r.id WHERE s.state IN ('queued', 'running') ORDER BY r.seq`).pluck(),
    report: db.prepare('SELECT body FROM reports WHERE id = ?').pluck(),
    result: db.prepare('SELECT scenario, replication, task, seed, digest, manifest, summary, series, extras FROM results WHERE id = ? AND scenario = ? AND replication = ?'),
    summaries: db.prepare('SELECT scenario, replication, task, seed, digest, manifest, summary, NULL AS series, NULL AS extras FROM results WHERE id = ? ORDER BY scenario, replication'),
    digests: db.prepare('SELECT scenario, replication, digest FROM results WHERE id = ? ORDER BY scenario, replication'),
  };

  // One task's outputs and the job's progress, in one transaction.
  const saveTask = db.transaction((id: string, task: number, rows: NewResult[]): number => {
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
    let bytes = 0;
    for (const r of rows) bytes += r.manifest.length + r.summary.length + (r.series?.length ?? 0) + (r.extras?.length ?? 0);
    st.addBytes.run({ id, bytes });
    return done;
  });

  return {
    db,
    dir,

    /** Insert a job (request, status, manifest) in one transaction. */
    insertJob: db.transaction((j: NewJob) => {
      const createdAt = now();
      st.insertRequest.run({ id: j.id, kind: j.kind, key: j.key, client: j.client, label: j.label, body: j.body, createdAt, rkey: j.requestKey ?? null });
      st.insertStatus.run({ id: j.id, key: `${j.client} ${j.key}`, runsTotal: j.runsTotal, cost: j.cost ?? 0, createdAt });
      st.insertManifest.run({
        id: j.id, engineVersion: j.engineVersion, scenarioId: j.scenarioId, scenarioHash: j.scenarioHash, scenarios: j.scenarios,
        seed: j.seed, days: j.days, replications: j.replications, spec: j.spec,
      });
    }),

    getJob: (id: string) => st.getJob.get(id) as JobRow | undefined,
    /** The tenant's queued, running or done job with this content key. */
    liveByKey: (owner: string, key: string) => st.liveByKey.get(`${owner} ${key}`) as JobRow | undefined,
    /** Any tenant's finished job with this content key (its results may be copied, never the job shared). */
    doneByKey: (key: string) => st.doneByKey.get(key) as string | undefined,
    /** A tenant's unfinished job submitted with this canonical request key (joined even at the caps). */
    activeByRequestKey: (owner: string, requestKey: string) => {
      const id = st.activeByRequestKey.get(owner, requestKey) as string | undefined;
      return id === undefined ? undefined : (st.getJob.get(id) as JobRow | undefined);
    },
    /** Cost of a tenant's unfinished jobs, and of everyone's. */
    clientCost: (client: string) => st.clientCost.get(client) as number,
    activeCost: () => st.activeCost.get() as number,

    /**
     * A finished job of another tenant as a new job of `j.client`: its results, report and
     * manifest are copied (the results are reused; the job, its label and request are not).
     */
    copyDone: db.transaction((from: string, j: { id: string; kind: JobKind; key: string; client: string; label: string | null; body: string; requestKey?: string }) => {
      const createdAt = now();
      st.insertRequest.run({ id: j.id, kind: j.kind, key: j.key, client: j.client, label: j.label, body: j.body, createdAt, rkey: j.requestKey ?? null });
      st.insertDoneStatus.run({ id: j.id, key: `${j.client} ${j.key}`, from, createdAt });
      st.copyManifest.run({ id: j.id, from });
      st.copyResults.run({ id: j.id, from });
      st.copyReport.run({ id: j.id, from });
    }),

    /** Remove a job and everything stored for it; false if there was none. */
    deleteJob: db.transaction((id: string): boolean => {
      st.deleteResults.run(id);
      st.deleteReport.run(id);
      st.deleteManifest.run(id);
      st.deleteStatus.run(id);
      return st.deleteRequest.run(id).changes > 0;
    }),
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

    /** Save the outputs of one finished task and bump the job's progress, atomically (`runsSynchronous`). */
    saveTask: (id: string, task: number, rows: NewResult[]): number => {
      if (syncRuns === syncAcks) return saveTask(id, task, rows);
      db.pragma(`synchronous = ${syncRuns}`);
      try {
        return saveTask(id, task, rows);
      } finally {
        db.pragma(`synchronous = ${syncAcks}`);
      }
    },

    doneTasks: (id: string) => new Set(st.doneTasks.all(id) as number[]),

    finish: db.transaction((id: string, digest: string, report: string): boolean => {
      if (st.finish.run({ id, digest, t: now() }).changes === 0) return false;
      st.insertReport.run(id, report);
      return true;
    }),

    fail: db.transaction((id: string, code: string, message: string): boolean => {
      if (st.fail.run({ id, code, message, t: now() }).changes === 0) return false;
      st.deleteResults.run(id);
      st.zeroBytes.run(id);
      return true;
    }),

    cancel: db.transaction((id: string): boolean => {
      if (st.cancel.run({ id, t: now() }).changes === 0) return false;
      st.deleteResults.run(id);
      st.zeroBytes.run(id);
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
      add('r.client = @owner', 'owner', f.owner);
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

    /** Give the pages of deleted rows back to the file system (and empty the write-ahead log). */
    vacuum(): void {
      db.pragma('incremental_vacuum');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },

    /** Bytes on disk: the database file and its write-ahead log. */
    fileBytes(): number {
      let n = 0;
      for (const f of [dbPath, `${dbPath}-wal`]) {
        try { n += statSync(f).size; } catch { /* absent */ }
      }
      return n;
    },

    /**
     * Delete what is no longer wanted: cancelled and failed jobs finished more than
     * `graceHours` ago; finished jobs older than `retentionDays` (0: kept); then the oldest
     * finished jobs until the stored results fit in `maxBytes` (0: no cap). Queued and running
     * jobs are never pruned. Returns the ids deleted and the bytes of results they held.
     */
    prune(o: { retentionDays: number; maxBytes: number; graceHours?: number; now?: number }): { deleted: string[]; freedBytes: number } {
      const t = o.now ?? Date.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const deleted: string[] = [];
      let freed = 0;
      const drop = (id: string, bytes: number) => {
        if (this.deleteJob(id)) {
          deleted.push(id);
          freed += bytes;
        }
      };
      db.transaction(() => {
        const grace = iso(t - (o.graceHours ?? 1) * 3_600_000);
        for (const r of db.prepare(`SELECT id, bytes FROM status WHERE state IN ('cancelled', 'failed') AND coalesce(finished_at, updated_at) < ?`).all(grace) as { id: string; bytes: number }[]) drop(r.id, r.bytes);
        if (o.retentionDays > 0) {
          const old = iso(t - o.retentionDays * 86_400_000);
          for (const r of db.prepare(`SELECT id, bytes FROM status WHERE state = 'done' AND coalesce(finished_at, updated_at) < ?`).all(old) as { id: string; bytes: number }[]) drop(r.id, r.bytes);
        }
        if (o.maxBytes > 0) {
          let total = db.prepare('SELECT coalesce(sum(bytes), 0) FROM status').pluck().get() as number;
          if (total > o.maxBytes) {
            for (const r of db.prepare(`SELECT id, bytes FROM status WHERE state = 'done' ORDER BY coalesce(finished_at, updated_at), id`).iterate() as IterableIterator<{ id: string; bytes: number }>) {
              if (total <= o.maxBytes) break;
              // Collected first, deleted after the iteration (no writes under an open cursor).
              deleted.push(r.id);
              total -= r.bytes;
              freed += r.bytes;
            }
            const late = deleted.filter((id) => db.prepare('SELECT 1 FROM requests WHERE id = ?').get(id) !== undefined);
            for (const id of late) this.deleteJob(id);
          }
        }
      })();
      if (deleted.length) this.vacuum();
      return { deleted, freedBytes: freed };
    },

    /** What the store holds: jobs by state, bytes of results, bytes on disk, per tenant. */
    stats(): { jobs: Record<JobState, number>; resultBytes: number; fileBytes: number; tenants: { tenant: string; jobs: number; resultBytes: number }[] } {
      const jobs: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
      for (const r of db.prepare('SELECT state, count(*) AS n FROM status GROUP BY state').all() as { state: JobState; n: number }[]) jobs[r.state] = r.n;
      const resultBytes = db.prepare('SELECT coalesce(sum(bytes), 0) FROM status').pluck().get() as number;
      const tenants = db.prepare(`SELECT r.client AS tenant, count(*) AS jobs, coalesce(sum(s.bytes), 0) AS resultBytes
        FROM requests r JOIN status s ON s.id = r.id GROUP BY r.client ORDER BY r.client`).all() as { tenant: string; jobs: number; resultBytes: number }[];
      return { jobs, resultBytes, fileBytes: this.fileBytes(), tenants };
    },

    close(): void {
      if (!db.open) return;
      db.close();
      if (opts.lock) {
        try {
          if (Number(readFileSync(lockPath, 'utf8').trim().split(/\s+/)[0]) === process.pid) rmSync(lockPath);
        } catch { /* already gone */ }
      }
    },
  };
}
