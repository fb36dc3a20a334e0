// The CPU-heavy side of jobs, as plain functions of plain data so that they can run in a worker
// thread (api/pool/planner-worker.ts) and the event loop stays free: planning a request,
// expanding a stored request into the runs to execute, and building the report of a finished
// job. `createPlanner` runs them in a thread, or in-process (tests, `workers: 0`).
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from '../pool/node-endpoint.ts';
import type { PlannedJob } from '../../sim/experiments/index.ts';
import { ApiError, toApiError } from '../plugins/errors.ts';
import type { JobKind } from '../schemas/job.ts';
import { buildReportFrom } from './outputs.ts';
import { isCompact, planRequest, regenerate, type AnyRequest, type JobSpec, type Limits, type PlannedSummary, type StoredSpec } from './plan.ts';
import type { ResultRow } from './store.ts';

/** What the queue needs to run a job: its runs, each run's scenarios as JSON text. */
export interface Expanded {
  jobs: PlannedJob[];
  /** JSON text of every planned scenario, by index (parsed one run at a time). */
  scenarioJson: string[];
  scenarioKeys: string[];
  days: number;
  series: JobSpec['plan']['series'];
  forkDay?: number;
}

type Wire<T> = { ok: true; value: T } | { ok: false; error: { statusCode: number; code: string; message: string; field?: string; expected?: string; problems?: ApiError['problems'] } };

function wrap<T>(f: () => T): Wire<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    const api = toApiError(e);
    if (api) return { ok: false, error: { statusCode: api.statusCode, code: api.code, message: api.message, field: api.field, expected: api.expected, problems: api.problems } };
    return { ok: false, error: { statusCode: 500, code: 'internal', message: (e as Error)?.message ?? String(e) } };
  }
}

function unwrap<T>(w: Wire<T>): T {
  if (w.ok) return w.value;
  const e = w.error;
  if (e.statusCode >= 500) throw new Error(e.message);
  throw new ApiError(e.statusCode, e.code, e.message, { field: e.field, expected: e.expected, problems: e.problems });
}

function fullSpec(kind: JobKind, body: AnyRequest, specText: string): JobSpec {
  const stored = JSON.parse(specText) as StoredSpec;
  return isCompact(stored) ? regenerate(kind, body, stored) : stored;
}

/** The functions, on plain data (what the worker thread exposes). */
export const planning = {
  plan: (kind: JobKind, body: AnyRequest, limits: Limits): Wire<PlannedSummary> => wrap(() => planRequest(kind, body, limits).summary),
  expand: (kind: JobKind, body: AnyRequest, specText: string): Wire<Expanded> => wrap(() => {
    const { plan } = fullSpec(kind, body, specText);
    return {
      jobs: plan.jobs, scenarioJson: plan.scenarios.map((x) => JSON.stringify(x.scenario)), scenarioKeys: plan.scenarios.map((x) => x.key),
      days: plan.days, series: plan.series, forkDay: plan.forkDay,
    };
  }),
  report: (kind: JobKind, body: AnyRequest, specText: string, rows: ResultRow[]): Wire<{ digest: string; report: string }> =>
    wrap(() => buildReportFrom(rows, fullSpec(kind, body, specText))),
};
export type PlanningApi = typeof planning;

export interface Planner {
  readonly threaded: boolean;
  plan(kind: JobKind, body: AnyRequest, limits: Limits): Promise<PlannedSummary>;
  expand(kind: JobKind, body: AnyRequest, specText: string): Promise<Expanded>;
  report(kind: JobKind, body: AnyRequest, specText: string, rows: ResultRow[]): Promise<{ digest: string; report: string }>;
  /** Start the thread now rather than on the first request. */
  warm(): void;
  close(): Promise<void>;
}

// Compiled (dist/): the compiled planner-worker.js; from the TypeScript sources: planner.mjs registers tsx first.
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../pool/planner.mjs', import.meta.url) : new URL('../pool/planner-worker.js', import.meta.url);

/** A planner in a worker thread (started on first use, restarted if it dies), or in-process. */
export function createPlanner(o: { thread: boolean }): Planner {
  if (!o.thread) {
    return {
      threaded: false,
      plan: async (k, b, l) => unwrap(planning.plan(k, b, l)),
      expand: async (k, b, s) => unwrap(planning.expand(k, b, s)),
      report: async (k, b, s, r) => unwrap(planning.report(k, b, s, r)),
      warm: () => {},
      close: async () => {},
    };
  }
  let worker: Worker | undefined;
  let remote: Comlink.Remote<PlanningApi> | undefined;
  let dead: Promise<never> | undefined;
  const get = () => {
    if (!worker) {
      const w = new Worker(WORKER_URL, { stdout: false, stderr: false });
      w.unref();
      worker = w;
      remote = Comlink.wrap<PlanningApi>(nodeEndpoint(w));
      dead = new Promise<never>((_, reject) => {
        const gone = (why: string) => {
          if (worker === w) { worker = undefined; remote = undefined; }
          reject(new Error(`the planning thread ${why}`));
        };
        w.once('error', (e) => gone(`failed: ${e.message}`));
        w.once('exit', (code) => gone(`exited (${code})`));
      });
      dead.catch(() => undefined);
    }
    return { remote: remote!, dead: dead! };
  };
  const call = async <T>(f: (r: Comlink.Remote<PlanningApi>) => Promise<Wire<T>>): Promise<T> => {
    const { remote: r, dead: d } = get();
    return unwrap(await Promise.race([f(r), d]));
  };
  return {
    threaded: true,
    plan: (k, b, l) => call((r) => r.plan(k, b, l)),
    expand: (k, b, s) => call((r) => r.expand(k, b, s)),
    report: (k, b, s, rows) => call((r) => r.report(k, b, s, rows)),
    warm: () => { get(); },
    async close() {
      const w = worker;
      worker = undefined;
      remote = undefined;
      if (w) await w.terminate();
    },
  };
}
