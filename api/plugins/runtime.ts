// The app's running parts: the store (SQLite in the data directory), the executor and the job
// queue, decorated onto the instance for the routes. On close, in order: running runs get a
// grace period (or go back to the queue), the executor stops, the database closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../store/executor.ts';
import type { Limits } from '../store/plan.ts';
import { createQueue, type Queue } from '../store/queue.ts';
import { openStore, type Store } from '../store/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    queue: Queue;
    executor: Executor;
    limits: Limits;
    startedAt: number;
  }
}

export interface RuntimeOptions {
  dataDir: string;
  executor: Executor;
  limits: Limits;
  /** Take the data directory's lock (one server per directory). */
  lock: boolean;
  shutdownGraceMs: number;
  /** Start executing queued jobs as soon as the app is ready (default true). */
  autoStart: boolean;
}

async function runtimePlugin(app: FastifyInstance, o: RuntimeOptions): Promise<void> {
  const store = openStore(o.dataDir, { lock: o.lock });
  const queue = createQueue({ store, executor: o.executor, log: app.log.child({ part: 'queue' }) });
  app.decorate('store', store);
  app.decorate('queue', queue);
  app.decorate('executor', o.executor);
  app.decorate('limits', o.limits);
  app.decorate('startedAt', Date.now());
  app.addHook('onReady', async () => {
    if (o.autoStart) queue.start();
  });
  app.addHook('onClose', async () => {
    await queue.stop(o.shutdownGraceMs);
    await o.executor.close();
    store.close();
    app.log.info({ dataDir: o.dataDir }, 'store closed');
  });
}

export default fp(runtimePlugin, { name: 'govsim-runtime' });
