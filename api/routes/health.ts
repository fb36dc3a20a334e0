// GET /v1/health (open to all: for load balancers and `curl`) and GET /v1/version (engine and
// API versions, the executor, the server's caps and whether a key is required).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ENGINE_VERSION } from '../../sim/index.ts';
import { API_VERSION } from '../plugins/openapi.ts';
import { Health, Version } from '../schemas/catalogue.ts';
import { errorResponses } from '../schemas/common.ts';

export default async function healthRoutes(instance: FastifyInstance, o: { authRequired: boolean }): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/health', {
    schema: { tags: ['meta'], summary: 'Is the server up', security: [], response: { 200: Health, ...errorResponses(429) } },
  }, async () => {
    const q = app.queue.stats();
    return {
      status: 'ok' as const, engineVersion: ENGINE_VERSION, uptimeSeconds: Math.round((Date.now() - app.startedAt) / 1000),
      queue: { queued: q.queued, running: q.running, executorSlots: q.executorSlots },
    };
  });

  app.get('/version', {
    schema: { tags: ['meta'], summary: 'Engine and API versions, executor and limits', response: { 200: Version, ...errorResponses(401, 429) } },
  }, async () => ({
    engineVersion: ENGINE_VERSION,
    apiVersion: API_VERSION,
    node: process.version,
    executor: app.executor.name,
    limits: { ...app.limits },
    auth: { required: o.authRequired, scheme: 'bearer' as const },
  }));
}
