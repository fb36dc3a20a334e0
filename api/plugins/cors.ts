// CORS, off by default: only origins listed in the options get Access-Control headers (and an
// answer to preflight requests); others are served as same-origin requests would be.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function corsPlugin(app: FastifyInstance, o: { origins: string[] }): Promise<void> {
  if (o.origins.length === 0) return;
  const allowed = new Set(o.origins);
  const any = allowed.has('*');
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !(any || allowed.has(origin))) return;
    reply.header('Access-Control-Allow-Origin', any ? '*' : origin);
    reply.header('Vary', 'Origin');
    reply.header('Access-Control-Expose-Headers', 'X-Govsim-Cache, Location, Retry-After');
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      reply.header('Access-Control-Max-Age', '600');
      return reply.code(204).send();
    }
  });
}

export default fp(corsPlugin, { name: 'govsim-cors' });
