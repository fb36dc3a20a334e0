// A job as clients see it (status, progress, links) and the submission path shared by runs and
// experiments: answer an identical request from the store (X-Govsim-Cache: hit when done,
// joined when it is still under way), hold each client to its cap of unfinished jobs, and
// otherwise queue a new job (202, Location).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../plugins/errors.ts';
import type { JobKind, JobStatus } from '../schemas/job.ts';
import { estimateRequest, requestKey, type AnyRequest } from '../store/plan.ts';
import type { JobRow } from '../store/store.ts';

export const basePath = (kind: JobKind) => (kind === 'run' ? '/v1/runs' : '/v1/experiments');

export function jobStatus(app: FastifyInstance, row: JobRow): JobStatus {
  const live = row.state === 'running' ? app.queue.progress(row.id) : undefined;
  const self = `${basePath(row.kind)}/${row.id}`;
  const fraction = row.state === 'done' ? 1 : live?.fraction ?? (row.runs_total ? row.runs_done / row.runs_total : 0);
  return {
    id: row.id,
    kind: row.kind,
    status: row.state,
    label: row.label,
    progress: { runsDone: live?.runsDone ?? row.runs_done, runsTotal: row.runs_total, fraction },
    scenarioId: row.scenario_id,
    scenarioHash: row.scenario_hash,
    scenarios: row.scenarios,
    seed: row.seed,
    days: row.days,
    replications: row.replications,
    engineVersion: row.engine_version,
    key: row.key,
    digest: row.digest,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    costResidentDays: row.cost,
    storedBytes: row.bytes,
    links: { self, result: `${self}/result`, csv: `${self}/series.csv`, events: `${self}/events`, cancel: `${self}/cancel` },
  };
}

/**
 * The job `id` of one of `kinds` that the request may see (its tenant's, or any for an admin),
 * or a 404 naming it: another tenant's job is not found, never forbidden.
 */
export function findJob(app: FastifyInstance, id: string, kinds: readonly JobKind[], request: FastifyRequest): JobRow {
  const row = app.store.getJob(id);
  if (!row || !kinds.includes(row.kind) || (!request.admin && row.client !== request.tenant)) {
    throw new ApiError(404, 'not_found', `no ${kinds.includes('run') ? 'run' : 'experiment'} with id "${id}"`, { field: 'id' });
  }
  return row;
}

function newId(kind: JobKind): string {
  return `${kind === 'run' ? 'run' : 'exp'}_${randomBytes(8).toString('hex')}`;
}

/**
 * Requests being planned (in the planning thread) and not yet in the store: they count against
 * the caps like queued jobs, or a client could start any number of plans at once, each passing
 * the caps before the others are stored (and each then queued past them). Per store, as the
 * routes of runs and experiments live in separate plugin instances.
 */
interface Planning {
  jobs: Map<string, number>;
  cost: Map<string, number>;
  total: { jobs: number; cost: number };
  /** The plan under way for a tenant's canonical request key (an identical request waits for it). */
  byKey: Map<string, Promise<unknown>>;
}
const planningByStore = new WeakMap<object, Planning>();

function planningOf(app: FastifyInstance): Planning {
  let p = planningByStore.get(app.store);
  if (!p) {
    p = { jobs: new Map(), cost: new Map(), total: { jobs: 0, cost: 0 }, byKey: new Map() };
    planningByStore.set(app.store, p);
  }
  return p;
}

function tooMuch(message: string, retryAfter: number): ApiError {
  return new ApiError(429, 'too_many_jobs', message, { headers: { 'Retry-After': String(retryAfter) } });
}

/**
 * Queue a request, or answer it from the store. In order, before any planning: the request's
 * cost (400 over the per-job caps); the tenant's unfinished job with the same canonical request
 * key, which it joins; the client's unfinished jobs and their cost, and the whole queue's jobs
 * and cost, counting requests still being planned (429 with Retry-After). Then the request is
 * planned off the event loop;
 * the tenant's identical job answers it (hit or joined); another tenant's finished identical job
 * gives its results (copied into a new job of this tenant); else a new job is queued.
 */
export async function submit(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, kind: JobKind, body: AnyRequest): Promise<FastifyReply> {
  const { limits } = app;
  const estimate = estimateRequest(kind, body, limits);
  const owner = request.tenant;
  const bodyText = JSON.stringify(body);
  // The same request again while it is under way joins it, even at the caps: compared by its
  // canonical key (defaults filled in; key order and whitespace do not matter), not its bytes.
  const rkey = requestKey(kind, body);
  const pending = planningOf(app);
  const planKey = `${owner} ${rkey}`;
  // The same request is being planned right now: wait for that plan, then join its job.
  for (let i = 0; i < 3 && pending.byKey.has(planKey); i++) await pending.byKey.get(planKey)!.catch(() => undefined);
  const same = app.store.activeByRequestKey(owner, rkey);
  if (same) {
    reply.header('X-Govsim-Cache', 'joined');
    reply.header('Location', `${basePath(same.kind)}/${same.id}`);
    return reply.code(202).send(jobStatus(app, same));
  }
  const unfinished = app.store.clientActive(owner) + (pending.jobs.get(owner) ?? 0);
  if (unfinished >= limits.jobsPerClient) {
    throw tooMuch(`you have ${unfinished} unfinished jobs; this server allows ${limits.jobsPerClient} per client at once. Wait for some to finish or cancel them.`, 5);
  }
  const clientCost = app.store.clientCost(owner) + (pending.cost.get(owner) ?? 0);
  if (clientCost + estimate.cost > limits.costPerClient) {
    throw tooMuch(`your unfinished jobs cost ${clientCost.toExponential(3)} resident-days and this one ${estimate.cost.toExponential(3)}; this server allows ${limits.costPerClient.toExponential(3)} per client at once. Wait for some to finish or cancel them.`, 30);
  }
  const counts = app.store.counts();
  if (counts.queued + counts.running + pending.total.jobs >= limits.queuedJobs) {
    throw tooMuch(`the server's queue is full (${counts.queued + counts.running + pending.total.jobs} jobs, at most ${limits.queuedJobs}); try again later`, 30);
  }
  const activeCost = app.store.activeCost() + pending.total.cost;
  if (activeCost + estimate.cost > limits.costTotal) {
    throw tooMuch(`the server's queue holds ${activeCost.toExponential(3)} resident-days of work (at most ${limits.costTotal.toExponential(3)}); try again later`, 60);
  }

  // Reserved until the job is stored (or the request fails).
  const reserve = (sign: 1 | -1) => {
    pending.jobs.set(owner, (pending.jobs.get(owner) ?? 0) + sign);
    pending.cost.set(owner, (pending.cost.get(owner) ?? 0) + sign * estimate.cost);
    if (pending.jobs.get(owner) === 0) { pending.jobs.delete(owner); pending.cost.delete(owner); }
    pending.total.jobs += sign;
    pending.total.cost += sign * estimate.cost;
  };
  reserve(1);
  let settle!: () => void;
  pending.byKey.set(planKey, new Promise<void>((r) => { settle = r; }));
  try {
    return await queueJob(app, request, reply, kind, body, { owner, bodyText, rkey, cost: estimate.cost });
  } finally {
    reserve(-1);
    pending.byKey.delete(planKey);
    settle();
  }
}

async function queueJob(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, kind: JobKind, body: AnyRequest,
  o: { owner: string; bodyText: string; rkey: string; cost: number }): Promise<FastifyReply> {
  const { limits } = app;
  const { owner, bodyText, rkey } = o;
  const estimate = { cost: o.cost };
  const planned = await app.planner.plan(kind, body, limits);
  const label = (body as { label?: string }).label ?? null;
  const answer = (row: JobRow, cache: 'hit' | 'joined' | 'miss' | 'copied') => {
    reply.header('X-Govsim-Cache', cache === 'copied' ? 'hit' : cache);
    reply.header('Location', `${basePath(row.kind)}/${row.id}`);
    return reply.code(cache === 'hit' || cache === 'copied' ? 200 : 202).send(jobStatus(app, row));
  };
  const existing = app.store.liveByKey(owner, planned.key);
  if (existing) return answer(existing, existing.state === 'done' ? 'hit' : 'joined');

  const id = newId(kind);
  const source = app.store.doneByKey(planned.key);
  try {
    if (source !== undefined) {
      app.store.copyDone(source, { id, kind, key: planned.key, client: owner, label, body: bodyText, requestKey: rkey });
      request.log.info({ job: id, kind, key: planned.key.slice(0, 12) }, 'job answered from stored results');
      return answer(app.store.getJob(id)!, 'copied');
    }
    app.store.insertJob({
      id, kind, key: planned.key, client: owner, label, body: bodyText, requestKey: rkey,
      engineVersion: planned.engineVersion, scenarioId: planned.scenarioId, scenarioHash: planned.scenarioHash,
      scenarios: planned.scenarios, seed: planned.seed, days: planned.days, replications: planned.replications,
      runsTotal: planned.runsTotal, cost: estimate.cost, spec: planned.spec,
    });
  } catch (e) {
    // Another request of this tenant with the same key got in first (the partial unique index): join it.
    const again = app.store.liveByKey(owner, planned.key);
    if (again && (e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) return answer(again, again.state === 'done' ? 'hit' : 'joined');
    throw e;
  }
  request.log.info({ job: id, kind, key: planned.key.slice(0, 12), runs: planned.runs, cost: estimate.cost }, 'job queued');
  app.queue.kick();
  return answer(app.store.getJob(id)!, 'miss');
}
