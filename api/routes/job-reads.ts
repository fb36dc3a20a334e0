// The read side every job has, for runs (/v1/runs) and experiments (/v1/experiments) alike:
// list with paging and filters, status, progress as server-sent events, result as JSON, series
// as CSV, and cancel. Results are streamed from the store's JSON text without re-encoding.
import { seriesCsvChunks, seriesCsvHeader } from '../../sim/csv.ts';
import { Readable, PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import { ApiError } from '../plugins/errors.ts';
import { IdParams, errorResponses } from '../schemas/common.ts';
import { CsvQuery, JobList, JobStatus, ListQuery, ResultQuery, type JobKind } from '../schemas/job.ts';
import { specInfo, type StoredSpec } from '../store/plan.ts';
import type { JobRow, ResultRow } from '../store/store.ts';
import { basePath, findJob, jobStatus } from './job-status.ts';

export interface JobReadOptions {
  kinds: readonly JobKind[];
  tag: string;
  noun: string;
  resultSchema: TSchema;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
/** since/until: an ISO date or date-time (not "0", which Date.parse reads as the year 2000). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Open event streams of one server (runs and experiments together): in total and per client. */
interface StreamCount { total: number; byClient: Map<string, number> }
const streamCounts = new WeakMap<object, StreamCount>();
function streamsOf(app: FastifyInstance): StreamCount {
  let c = streamCounts.get(app.store);
  if (!c) {
    c = { total: 0, byClient: new Map() };
    streamCounts.set(app.store, c);
  }
  return c;
}


function notReady(row: JobRow, noun: string): ApiError {
  if (row.state === 'failed') return new ApiError(409, 'job_failed', `the ${noun} failed: ${row.error_message ?? 'unknown error'}`);
  if (row.state === 'cancelled') return new ApiError(409, 'job_cancelled', `the ${noun} was cancelled; submit it again to run it`);
  return new ApiError(409, 'not_ready', `the ${noun} is ${row.state} (${row.runs_done} of ${row.runs_total} runs done); follow ${basePath(row.kind)}/${row.id}/events or poll its status`,
    { headers: { 'Retry-After': '2' } });
}

function specOf(app: FastifyInstance, id: string): ReturnType<typeof specInfo> {
  return specInfo(JSON.parse(app.store.spec(id)!) as StoredSpec);
}

/** `{"a":1}` + extra fields → `{"a":1,"extra":...}` without parsing. */
function rowJson(row: ResultRow, withSeries: boolean): string {
  let out = `{"replication":${row.replication},"manifest":${row.manifest},"summary":${row.summary}`;
  if (withSeries && row.series) out += `,"series":${row.series}`;
  if (row.extras && row.extras.length > 2) out += `,${row.extras.slice(1, -1)}`;
  return `${out}}`;
}

async function* runResultJson(app: FastifyInstance, row: JobRow, q: { replication?: number; series?: boolean }): AsyncGenerator<string> {
  const spec = specOf(app, row.id);
  const report = app.store.report(row.id) ?? '{"aggregate":{}}';
  const aggregate = JSON.parse(report).aggregate;
  yield `{"id":${JSON.stringify(row.id)},"kind":"run","engineVersion":${JSON.stringify(row.engine_version)},`
    + `"scenarioId":${JSON.stringify(row.scenario_id)},"scenarioHash":${JSON.stringify(row.scenario_hash)},"days":${row.days},`
    + `"seeds":${JSON.stringify(spec.seeds)},"digest":${JSON.stringify(row.digest)},"aggregate":${JSON.stringify(aggregate)},"replications":[`;
  let first = true;
  for (const r of app.store.results(row.id, { replication: q.replication, series: false })) {
    // Series are read one row at a time, so a large result never sits in memory whole.
    const full = q.series === false ? r : app.store.result(row.id, r.scenario, r.replication);
    if (!full) continue;
    yield `${first ? '' : ','}${rowJson(full, q.series !== false)}`;
    first = false;
  }
  yield ']}';
}

function experimentResultJson(app: FastifyInstance, row: JobRow): string {
  const report = app.store.report(row.id) ?? '{}';
  const request = app.store.requestBody(row.id) ?? 'null';
  const wall = row.started_at && row.finished_at ? (Date.parse(row.finished_at) - Date.parse(row.started_at)) / 1000 : null;
  const inner = report.slice(1, -1);
  return `{"jobId":${JSON.stringify(row.id)},"digest":${JSON.stringify(row.digest)},${inner}${inner ? ',' : ''}`
    + `"request":${request},"timing":{"wallSeconds":${wall === null ? 'null' : wall}}}`;
}

async function* seriesCsv(app: FastifyInstance, row: JobRow, q: { layout?: 'tidy' | 'wide'; replication?: number; scenario?: string; metric?: string }): AsyncGenerator<string> {
  const spec = specOf(app, row.id);
  const keys = spec.scenarioKeys;
  let scenario: number | undefined;
  if (q.scenario !== undefined) {
    scenario = keys.indexOf(q.scenario);
    if (scenario < 0) throw new ApiError(404, 'not_found', `no scenario "${q.scenario}" in this job; scenarios: ${keys.slice(0, 20).join(', ')}`, { field: 'scenario' });
  }
  const isRun = row.kind === 'run';
  const layout = q.layout === 'wide' ? 'wide' : 'tidy';
  // Experiments: the CLI's series.csv columns (experiment, scenario, replication, day, metric, value).
  // Runs: replication and seed, then `govsim run --csv`'s columns (day, date, metric, value).
  const leadNames = isRun ? ['replication', 'seed'] : ['experiment', 'scenario', 'replication'];
  let header = true;
  for (const k of app.store.results(row.id, { replication: q.replication, scenario, series: false })) {
    const r = app.store.result(row.id, k.scenario, k.replication);
    if (!r?.series) continue;
    const s = JSON.parse(r.series) as { startDate: string; days: number; names: string[]; values: Record<string, (number | null)[]> };
    const names = q.metric ? s.names.filter((n) => n === q.metric) : s.names;
    const lead = { names: leadNames, values: isRun ? [r.replication, r.seed] : [spec.planId, keys[r.scenario], r.replication] };
    yield* seriesCsvChunks({ ...s, names }, { layout, lead, date: isRun, header });
    header = false;
  }
  if (header) yield seriesCsvHeader([], { layout: 'tidy', date: isRun, lead: { names: leadNames, values: [] } });
}

export function registerJobReads(instance: FastifyInstance, o: JobReadOptions): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { kinds, tag, noun } = o;
  const openStreams = new Set<PassThrough>();
  app.addHook('preClose', async () => {
    for (const s of openStreams) s.end();
  });

  app.get('', {
    schema: {
      tags: [tag], summary: `List ${noun}s, newest first`, querystring: ListQuery,
      response: { 200: JobList, ...errorResponses(400, 401, 429) },
    },
  }, async (request) => {
    const q = request.query;
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    for (const f of ['since', 'until'] as const) {
      if (q[f] !== undefined && (!ISO_DATE.test(q[f]!) || Number.isNaN(Date.parse(q[f]!)))) throw new ApiError(400, 'invalid_request', `${f} must be an ISO date or time, got ${JSON.stringify(q[f])}`, { field: f });
    }
    if (q.kind !== undefined && !kinds.includes(q.kind)) throw new ApiError(400, 'invalid_request', `kind must be one of ${kinds.join(', ')} here`, { field: 'kind' });
    const iso = (s?: string) => (s === undefined ? undefined : new Date(Date.parse(s)).toISOString());
    const { rows, total } = app.store.list({
      kinds, owner: request.admin ? undefined : request.tenant, status: q.status, kind: q.kind, scenario: q.scenario, scenarioHash: q.scenarioHash, seed: q.seed, label: q.label,
      since: iso(q.since), until: iso(q.until), limit, offset,
    });
    let next: string | null = null;
    if (offset + rows.length < total) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'offset' && k !== 'limit') params.set(k, String(v));
      params.set('limit', String(limit));
      params.set('offset', String(offset + rows.length));
      next = `${basePath(kinds[0])}?${params}`;
    }
    return { items: rows.map((r) => jobStatus(app, r)), total, limit, offset, next };
  });

  app.get('/:id', {
    schema: { tags: [tag], summary: `Status and progress of a ${noun}`, params: IdParams, response: { 200: JobStatus, ...errorResponses(400, 401, 404, 429) } },
  }, async (request) => jobStatus(app, findJob(app, request.params.id, kinds, request)));

  app.get('/:id/result', {
    schema: {
      tags: [tag], summary: `Result of a finished ${noun} (JSON)`, params: IdParams,
      querystring: ResultQuery,
      response: { 200: o.resultSchema, ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request, reply) => {
    const row = findJob(app, request.params.id, kinds, request);
    if (row.state !== 'done') throw notReady(row, noun);
    reply.type('application/json; charset=utf-8');
    if (row.kind !== 'run') return reply.send(experimentResultJson(app, row));
    const q: ResultQuery = request.query ?? {};
    if (q.replication !== undefined && q.replication >= row.replications) {
      throw new ApiError(404, 'not_found', `replication ${q.replication} does not exist; this run has ${row.replications} (0 to ${row.replications - 1})`, { field: 'replication' });
    }
    // Streamed as is: the stored JSON text needs no serialising (the schema documents it).
    return reply.send(Readable.from(runResultJson(app, row, q)) as unknown as string);
  });

  app.get('/:id/series.csv', {
    schema: {
      tags: [tag], summary: `Daily series of a finished ${noun} as CSV`, params: IdParams, querystring: CsvQuery,
      produces: ['text/csv'],
      description: 'Runs: `replication,seed,day,date,metric,value` (tidy) or `replication,seed,day,date,<one column per series>` (wide). '
        + 'Experiments: `experiment,scenario,replication,day,metric,value`, the columns of the CLI\'s series.csv (or one column per series).',
      response: { 200: Type.String({ description: 'CSV text' }), ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request, reply) => {
    const row = findJob(app, request.params.id, kinds, request);
    if (row.state !== 'done') throw notReady(row, noun);
    const q = request.query;
    if (q.replication !== undefined && q.replication >= row.replications) {
      throw new ApiError(404, 'not_found', `replication ${q.replication} does not exist; this job has ${row.replications}`, { field: 'replication' });
    }
    const gen = seriesCsv(app, row, q);
    // Take the first chunk now, so that a bad filter is a JSON error rather than a broken stream.
    const first = await gen.next();
    async function* rest(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* gen;
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${row.id}-series.csv"`)
      .send(Readable.from(rest()) as unknown as string);
  });

  app.get('/:id/events', {
    schema: {
      tags: [tag], summary: `Progress of a ${noun} as server-sent events`, params: IdParams, produces: ['text/event-stream'],
      description: '`event: progress` with the job status while it is queued or running (at most about five a second), then one '
        + '`event: done`, `failed` or `cancelled` with the final status, and the stream ends. Comments (`: keep-alive`) every 15 s.',
      response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(400, 401, 404, 429) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    findJob(app, id, kinds, request);
    const counts = streamsOf(app);
    const mine = counts.byClient.get(request.client) ?? 0;
    if (mine >= app.limits.sseStreamsPerClient) {
      throw new ApiError(429, 'too_many_streams', `you have ${mine} event streams open; this server allows ${app.limits.sseStreamsPerClient} per client. Close one, or poll the status instead.`,
        { headers: { 'Retry-After': '5' } });
    }
    if (counts.total >= app.limits.sseStreamsTotal) {
      throw new ApiError(429, 'too_many_streams', `the server has ${counts.total} event streams open (at most ${app.limits.sseStreamsTotal}); poll the status instead, or try again later`,
        { headers: { 'Retry-After': '5' } });
    }
    counts.total++;
    counts.byClient.set(request.client, mine + 1);
    const client = request.client;
    const stream = new PassThrough();
    openStreams.add(stream);
    let ended = false;
    let unsubscribe = () => {};
    const heartbeat = setInterval(() => { if (!ended) stream.write(': keep-alive\n\n'); }, 15_000);
    heartbeat.unref();
    const end = () => {
      if (ended) return;
      ended = true;
      counts.total--;
      const left = (counts.byClient.get(client) ?? 1) - 1;
      if (left > 0) counts.byClient.set(client, left);
      else counts.byClient.delete(client);
      unsubscribe();
      clearInterval(heartbeat);
      openStreams.delete(stream);
      stream.end();
    };
    const send = () => {
      if (ended) return;
      const row = app.store.getJob(id);
      if (!row) return end();
      const status = jobStatus(app, row);
      const event = TERMINAL.has(status.status) ? status.status : 'progress';
      stream.write(`event: ${event}\ndata: ${JSON.stringify(status)}\n\n`);
      if (TERMINAL.has(status.status)) end();
    };
    stream.write('retry: 2000\n\n');
    unsubscribe = app.queue.subscribe(id, send);
    reply.raw.on('close', end);
    send();
    return reply
      .type('text/event-stream; charset=utf-8')
      .header('Cache-Control', 'no-cache, no-transform')
      .header('X-Accel-Buffering', 'no')
      .send(stream as unknown as string);
  });

  app.delete('/:id', {
    schema: {
      tags: [tag], summary: `Delete a ${noun} and everything stored for it`, params: IdParams,
      description: 'The owner (or an admin) deletes the job: a queued or running job is cancelled first; its request, status, '
        + 'results and report are removed and the space is given back. 204 on success; another tenant\'s job is 404.',
      response: { 204: Type.Null(), ...errorResponses(400, 401, 404, 429) },
    },
  }, async (request, reply) => {
    const row = findJob(app, request.params.id, kinds, request);
    if (!TERMINAL.has(row.state)) app.queue.cancel(row.id);
    app.store.deleteJob(row.id);
    app.store.vacuum();
    request.log.info({ job: row.id, bytes: row.bytes }, 'job deleted');
    return reply.code(204).send(null);
  });

  app.post('/:id/cancel', {
    schema: {
      tags: [tag], summary: `Cancel a queued or running ${noun}`, params: IdParams,
      description: 'Runs in flight stop; finished runs of the job are discarded. A job that has finished cannot be cancelled (409).',
      response: { 200: JobStatus, ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request) => {
    const row = findJob(app, request.params.id, kinds, request);
    if (TERMINAL.has(row.state) || !app.queue.cancel(row.id)) {
      const now = app.store.getJob(row.id)!;
      throw new ApiError(409, 'already_finished', `the ${noun} is ${now.state}; only queued or running jobs can be cancelled`);
    }
    return jobStatus(app, app.store.getJob(row.id)!);
  });
}

