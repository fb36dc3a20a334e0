// One error handler for the whole app: every failure leaves as JSON
// `{ error: { code, message, field?, expected?, problems? } }` with a fitting status, and an
// unexpected error is logged with its stack but answered with a bare 500 that names the
// request id only, so internals never leak.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import sjson from 'secure-json-parse';
import { ScenarioError } from '../../sim/index.ts';
import { schemaProblems, type SchemaError } from '../../sim/schema/problems.ts';
import { findJsonSyntaxError } from '../cli/json-position.ts';
import type { ErrorBody } from '../schemas/common.ts';

type Problem = NonNullable<ErrorBody['error']['problems']>[number];

/** An error the client can act on: an HTTP status, a stable code, and the offending field. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly field?: string;
  readonly expected?: string;
  readonly problems?: Problem[];
  readonly headers?: Record<string, string>;
  constructor(statusCode: number, code: string, message: string, o: { field?: string; expected?: string; problems?: Problem[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.field = o.field;
    this.expected = o.expected;
    this.problems = o.problems;
    this.headers = o.headers;
  }
}

/** Join a prefix and an engine path (`levers.x`, `district.streets[0].id`) into one field path. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** An engine validation error as a 400 naming every problem, the first as `field`. */
export function fromScenarioError(e: ScenarioError, prefix: string, what = 'scenario'): ApiError {
  const problems: Problem[] = e.problems.map((p) => ({
    field: joinPath(prefix, p.path),
    message: p.message,
    ...(p.expected ? { expected: String(p.expected) } : {}),
  }));
  const first = problems[0];
  const message = problems.length === 1 ? `invalid ${what}: ${first.message}` : `invalid ${what}: ${problems.length} problems, first: ${first.message}`;
  return new ApiError(400, 'invalid_scenario', message, { field: first?.field, expected: first?.expected, problems });
}

/** JSON pointer (`/set/grid.discretion`, `/reforms/0/preset`) → dotted field (`set.grid.discretion`, `reforms[0].preset`). */
export function pointerToField(pointer: string, context?: string): string {
  const parts = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  // Body fields, path parameters and query parameters are named plainly; headers as headers.x.
  let out = context === 'headers' ? 'headers' : '';
  for (const p of parts) out = /^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p;
  return out;
}

type ValidationIssue = SchemaError;

function fromValidation(err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }): ApiError {
  const where = err.validationContext ?? 'body';
  const found = schemaProblems(err.validation ?? []);
  const problems: Problem[] = found.slice(0, 20).map((v) => {
    const field = pointerToField(v.pointer, where);
    return { field: field || where, message: v.message };
  });
  const first = problems[0] ?? { field: where, message: err.message };
  const label = where === 'body' ? 'request body' : where;
  const message = found[0]?.unknown
    ? `unknown field "${first.field}" in the ${label}`
    : `invalid ${label}: ${first.field} ${first.message}`;
  return new ApiError(400, 'invalid_request', message, { field: first.field, problems });
}

/** Fastify's own client errors (bad JSON, body too large, wrong media type …) by code. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 400, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'unsupported_media_type' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'invalid_request' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'the URL is not valid (a bad percent-encoding?)' },
};

/** The code of a client error that came without one, by status. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 406: 'not_acceptable',
  408: 'request_timeout', 409: 'conflict', 410: 'gone', 411: 'length_required', 413: 'body_too_large', 414: 'uri_too_long',
  415: 'unsupported_media_type', 416: 'range_not_satisfiable', 421: 'misdirected_request', 429: 'rate_limited', 431: 'headers_too_large',
  503: 'unavailable',
};

/** Thrown by the JSON body parser: where the text goes wrong, or a forbidden key. */
export function jsonBodyError(text: string, e: unknown): ApiError {
  const message = (e as Error)?.message ?? String(e);
  if (/prototype property/i.test(message)) {
    return new ApiError(400, 'forbidden_key', 'the body has a "__proto__" or "constructor.prototype" key, which this API refuses', { field: /constructor/i.test(message) ? 'constructor' : '__proto__' });
  }
  let where: ReturnType<typeof findJsonSyntaxError>;
  try {
    where = findJsonSyntaxError(text);
  } catch {
    where = undefined; // nested too deeply to scan: the parser's own message
  }
  if (where) {
    return new ApiError(400, 'malformed_json', `the body is not valid JSON: ${where.message} at line ${where.line}, column ${where.column} (offset ${where.offset})`,
      { field: 'body', expected: `valid JSON; the problem is at line ${where.line}, column ${where.column}` });
  }
  return new ApiError(400, 'malformed_json', `the body is not valid JSON: ${message.slice(0, 200)}`, { field: 'body' });
}

export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ScenarioError) return fromScenarioError(error, '');
  const e = error as FastifyError & { validation?: ValidationIssue[] };
  if (e && Array.isArray(e.validation)) return fromValidation(e);
  const known = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (known) return new ApiError(known.status, known.code, known.message ?? e.message);
  if (e && typeof e === 'object' && e.statusCode === 429) {
    return new ApiError(429, 'rate_limited', typeof e.message === 'string' && e.message ? e.message : 'too many requests; slow down');
  }
  if (e instanceof SyntaxError && /JSON/.test(e.message)) return new ApiError(400, 'malformed_json', e.message);
  // Other 4xx thrown by fastify or a plugin (a message written for clients; no host paths).
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.code && /^FST_ERR_/.test(e.code) ? e.code.toLowerCase().replace(/^fst_err_/, '') : STATUS_CODES[e.statusCode] ?? 'bad_request';
    const message = typeof e.message === 'string' && e.message && !/(^|[\s(])\/[\w.-]+\//.test(e.message) ? e.message : `request refused (${e.statusCode})`;
    return new ApiError(e.statusCode, code, message);
  }
  return undefined;
}

export function errorBody(e: ApiError): ErrorBody {
  const error: ErrorBody['error'] = { code: e.code, message: e.message };
  if (e.field !== undefined) error.field = e.field;
  if (e.expected !== undefined) error.expected = e.expected;
  if (e.problems && e.problems.length > 1) error.problems = e.problems;
  return { error };
}

export function sendError(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.statusCode).type('application/json; charset=utf-8').send(errorBody(e));
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  // JSON bodies: an empty body is no body (a bodiless POST such as cancel), errors name their
  // position, and "__proto__" keys are refused by name.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const body = String(text);
    if (body.trim() === '') {
      const wantsBody = Boolean((request.routeOptions?.schema as { body?: unknown } | undefined)?.body);
      if (wantsBody) return done(new ApiError(400, 'malformed_json', 'the body is empty; send a JSON object', { field: 'body' }), undefined);
      return done(null, undefined);
    }
    try {
      done(null, sjson.parse(body, null, { protoAction: 'error', constructorAction: 'error' }));
    } catch (e) {
      done(jsonBodyError(body, e), undefined);
    }
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const api = toApiError(error);
    if (api) {
      if (api.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: api.code, field: api.field }, api.message);
      return sendError(reply, api);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, new ApiError(500, 'internal', `internal error (request ${request.id}); it has been logged`));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, new ApiError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0].slice(0, 200)}; see /docs`)));
}

export default fp(errorsPlugin, { name: 'govsim-errors' });
