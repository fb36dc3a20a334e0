// A job as clients see it (status, progress, links) and the submission path shared by runs and
// experiments: answer an identical request from the store (X-Govsim-Cache: hit when done,
// joined when it is still under way), hold each client to its cap of unfinished jobs, and
// otherwise queue a new job (202, Location).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../plugins/errors.ts';
import type { JobKind, JobStatus } from '../schemas/job.ts';
import type { PlannedRequest } from '../store/plan.ts';
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
    links: { self, result: `${self}/result`, csv: `${self}/series.csv`, events: `${self}/events`, cancel: `${self}/cancel` },
  };
}

/** The job `id` of one of `kinds`, or a 404 naming it. */
export function findJob(app: FastifyInstance, id: string, kinds: readonly JobKind[]): JobRow {
  const row = app.store.getJob(id);
  if (!row || !kinds.includes(row.kind)) {
    throw new ApiError(404, 'not_found', `no ${kinds.includes('run') ? 'run' : 'experiment'} with id "${id}"`, { field: 'id' });
  }
  return row;
}

function newId(kind: JobKind): string {
  return `${kind === 'run' ? 'run' : 'exp'}_${randomBytes(8).toString('hex')}`;
}

/** Queue a planned request, or answer it from the store. */
export function submit(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, planned: PlannedRequest, label: string | undefined): FastifyReply {
  const kind = planned.spec.kind;
  const answer = (row: JobRow, cache: 'hit' | 'joined' | 'miss') => {
    reply.header('X-Govsim-Cache', cache);
    reply.header('Location', `${basePath(row.kind)}/${row.id}`);
    return reply.code(cache === 'hit' ? 200 : 202).send(jobStatus(app, row));
  };
  const existing = app.store.liveByKey(planned.key);
  if (existing) return answer(existing, existing.state === 'done' ? 'hit' : 'joined');

  const unfinished = app.store.clientActive(request.client);
  if (unfinished >= app.limits.jobsPerClient) {
    throw new ApiError(429, 'too_many_jobs', `you have ${unfinished} unfinished jobs; this server allows ${app.limits.jobsPerClient} per client at once. Wait for some to finish or cancel them.`,
      { headers: { 'Retry-After': '5' } });
  }
  const id = newId(kind);
  try {
    app.store.insertJob({
      id, kind, key: planned.key, client: request.client, label: label ?? null, body: JSON.stringify(request.body),
      engineVersion: planned.spec.plan.engineVersion, scenarioId: planned.scenarioId, scenarioHash: planned.scenarioHash,
      scenarios: planned.spec.plan.scenarios.length, seed: planned.seed, days: planned.days, replications: planned.replications,
      runsTotal: planned.spec.plan.jobs.length, spec: JSON.stringify(planned.spec),
    });
  } catch (e) {
    // Another request with the same key got in first (the partial unique index): join it.
    const again = app.store.liveByKey(planned.key);
    if (again && (e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) return answer(again, again.state === 'done' ? 'hit' : 'joined');
    throw e;
  }
  request.log.info({ job: id, kind, key: planned.key.slice(0, 12), runs: planned.runs }, 'job queued');
  app.queue.kick();
  return answer(app.store.getJob(id)!, 'miss');
}
