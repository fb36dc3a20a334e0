// The API description: every route's TypeBox schemas become an OpenAPI 3 document at
// /openapi.json, and Swagger UI at /docs (its assets come from node_modules, so it works
// offline).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ENGINE_VERSION } from '../../sim/index.ts';

export const API_VERSION = '1.0.0';

async function openapiPlugin(app: FastifyInstance, o: { authRequired: boolean }): Promise<void> {
  await app.register(swagger, {
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
