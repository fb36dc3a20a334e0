// A job as clients see it (status, progress, links) and the submission path shared by runs and
// experiments: answer an identical request from the store (X-Govsim-Cache: hit when done,
// joined when it is still under way), hold each client to its cap of unfinished jobs, and
// otherwise queue a new job (202, Location).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../plugins/errors.ts';
import type { JobKind, JobStatus } from '../schemas/job.ts';
import { estimateRequest, type AnyRequest } from '../store/plan.ts';
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

function tooMuch(message: string, retryAfter: number): ApiError {
  return new ApiError(429, 'too_many_jobs', message, { headers: { 'Retry-After': String(retryAfter) } });
}

/**
 * Queue a request, or answer it from the store. In order, before any planning: the request's
 * cost (400 over the per-job caps), the client's unfinished jobs and their cost, and the whole
 * queue's jobs and cost (429 with Retry-After). Then the request is planned off the event loop;
 * the tenant's identical job answers it (hit or joined); another tenant's finished identical job
 * gives its results (copied into a new job of this tenant); else a new job is queued.
 */
export async function submit(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, kind: JobKind, body: AnyRequest): Promise<FastifyReply> {
  const { limits } = app;
  const estimate = estimateRequest(kind, body, limits);
  const owner = request.tenant;
  const bodyText = JSON.stringify(body);
  // The very same request again while it is under way joins it, even at the caps.
  const same = app.store.activeByBody(owner, kind, bodyText);
  if (same) {
    reply.header('X-Govsim-Cache', 'joined');
    reply.header('Location', `${basePath(same.kind)}/${same.id}`);
    return reply.code(202).send(jobStatus(app, same));
  }
  const unfinished = app.store.clientActive(owner);
  if (unfinished >= limits.jobsPerClient) {
    throw tooMuch(`you have ${unfinished} unfinished jobs; this server allows ${limits.jobsPerClient} per client at once. Wait for some to finish or cancel them.`, 5);
  }
  const clientCost = app.store.clientCost(owner);
  if (clientCost + estimate.cost > limits.costPerClient) {
    throw tooMuch(`your unfinished jobs cost ${clientCost.toExponential(3)} resident-days and this one ${estimate.cost.toExponential(3)}; this server allows ${limits.costPerClient.toExponential(3)} per client at once. Wait for some to finish or cancel them.`, 30);
  }
  const counts = app.store.counts();
  if (counts.queued + counts.running >= limits.queuedJobs) {
    throw tooMuch(`the server's queue is full (${counts.queued + counts.running} jobs, at most ${limits.queuedJobs}); try again later`, 30);
  }
  if (app.store.activeCost() + estimate.cost > limits.costTotal) {
    throw tooMuch(`the server's queue holds ${app.store.activeCost().toExponential(3)} resident-days of work (at most ${limits.costTotal.toExponential(3)}); try again later`, 60);
  }

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
      app.store.copyDone(source, { id, kind, key: planned.key, client: owner, label, body: bodyText });
      request.log.info({ job: id, kind, key: planned.key.slice(0, 12) }, 'job answered from stored results');
      return answer(app.store.getJob(id)!, 'copied');
    }
    app.store.insertJob({
      id, kind, key: planned.key, client: owner, label, body: bodyText,
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
