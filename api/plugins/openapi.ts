// The API description: every route's TypeBox schemas become an OpenAPI 3 document at
// /openapi.json, and Swagger UI at /docs (its assets come from node_modules, so it works
// offline). Every lever-values object in a request or response is shown as
// `#/components/schemas/LeverValues`: each lever id of the catalogue with its own type and
// range (sim/schema's per-lever schemas, written in OpenAPI 3.0's dialect of JSON Schema).
// test/api/openapi.test.ts validates the document against the official OpenAPI 3 schema.
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ENGINE_VERSION, LEVERS } from '../../sim/index.ts';
import { LEVER_SCHEMAS } from '../../sim/schema/index.ts';
import { LEVER_VALUES_TITLE } from '../schemas/scenario.ts';

export const API_VERSION = '1.0.0';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A JSON Schema (as TypeBox writes it) in OpenAPI 3.0's dialect: no `const` (an `enum` of one),
 * a union of literals of one type is that type with an `enum`, and TypeBox's symbols dropped.
 */
export function toOpenApi30(schema: unknown): Json {
  const s = JSON.parse(JSON.stringify(schema)) as Json;
  const walk = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') return x;
    const o: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(x)) o[k] = k === 'const' || k === 'enum' || k === 'default' ? v : walk(v);
    if ('const' in o) {
      o.enum = [o.const];
      if (!('type' in o)) o.type = typeof o.const;
      delete o.const;
    }
    const alts = o.anyOf;
    if (Array.isArray(alts) && alts.length && alts.every((a) => a !== null && typeof a === 'object' && !Array.isArray(a)
      && Array.isArray(a.enum) && Object.keys(a).every((k) => k === 'enum' || k === 'type') && a.type === (alts[0] as { type?: Json }).type)) {
      delete o.anyOf;
      o.type = (alts[0] as { type: Json }).type;
      o.enum = alts.flatMap((a) => (a as { enum: Json[] }).enum);
    }
    return o;
  };
  return walk(s);
}

/** Every lever id with its type and range: the documented form of lever values. */
export function leverValuesComponent(): Json {
  return {
    type: 'object',
    title: LEVER_VALUES_TITLE,
    description: 'Lever id → value, one property per lever of the catalogue (GET /v1/levers) with its type and range; '
      + 'unset levers keep the scenario\'s value. An unknown id or a value out of range is refused with a message naming the field.',
    properties: Object.fromEntries(LEVERS.map((l) => [l.id, toOpenApi30(LEVER_SCHEMAS[l.id])])),
    additionalProperties: false,
  };
}

/** The document with each lever-values schema replaced by a reference to the component. */
function referToLeverValues(doc: Json): Json {
  const walk = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') return x;
    if (x.title === LEVER_VALUES_TITLE) return { $ref: '#/components/schemas/LeverValues' };
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
  };
  return walk(doc);
}

async function openapiPlugin(app: FastifyInstance, o: { authRequired: boolean }): Promise<void> {
  await app.register(swagger, {
    transformObject: (d) => {
      const doc = referToLeverValues(JSON.parse(JSON.stringify('openapiObject' in d ? d.openapiObject : d.swaggerObject))) as { components: { schemas?: Record<string, Json> } };
      doc.components.schemas = { ...doc.components.schemas, LeverValues: leverValuesComponent() };
      return doc as unknown as ReturnType<SwaggerTransformObject>;
    },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'govsim API',
        version: API_VERSION,
        description: `Batch runs and experiments of govsim (engine ${ENGINE_VERSION}): submit a run or an experiment, follow its progress, fetch results as JSON or CSV. `
          + 'Identical requests are answered from the store (header `X-Govsim-Cache`). Errors are `{ "error": { "code", "message", "field" } }`. '
          + (o.authRequired ? 'Every /v1 route but health needs `Authorization: Bearer <key>`.' : 'On loopback an API key is optional.'),
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'meta', description: 'Health, version and catalogues' },
        { name: 'runs', description: 'One scenario, some replications' },
        { name: 'experiments', description: 'Compare, sweep and sensitivity' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()));
}

export default fp(openapiPlugin, { name: 'govsim-openapi' });
