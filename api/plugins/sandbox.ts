// The browser sandbox at `/`: the Vite build in viz/dist, served as static files. Without a
// build, `/` answers 503 with what to run, rather than a bare 404.
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiError, sendError } from './errors.ts';

export function sandboxBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

export default async function sandboxPlugin(app: FastifyInstance, o: { dir: string }): Promise<void> {
  if (sandboxBuilt(o.dir)) {
    await app.register(fastifyStatic, { root: o.dir, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: true, maxAge: '1h' });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const message = `the sandbox is not built (its build folder has no index.html): run \`npm run build\`, then restart the server (or use \`npm start\`, which builds it when missing). The API is at /v1 and its documentation at /docs.`;
    if ((request.headers.accept ?? '').includes('text/html')) {
      return reply.code(503).type('text/html; charset=utf-8').send(
        `<!doctype html><meta charset="utf-8"><title>govsim: sandbox not built</title><h1>The sandbox is not built</h1><p>Run <code>npm run build</code>, then restart the server (or start it with <code>npm start</code>, which builds it when missing).</p><p>The API is at <a href="/docs">/docs</a>.</p>`);
    }
    return sendError(reply, new ApiError(503, 'sandbox_not_built', message));
  });
}
