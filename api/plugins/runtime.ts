// The app's running parts: the store (SQLite in the data directory), the executor and the job
// queue, decorated onto the instance for the routes. On close, in order: running runs get a
// grace period (or go back to the queue), the executor stops, the database closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../store/executor.ts';
import type { Limits } from '../store/plan.ts';
import { createPlanner, type Planner } from '../store/planning.ts';
import { createQueue, type Queue } from '../store/queue.ts';
import { openStore, type Store } from '../store/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    queue: Queue;
    executor: Executor;
    planner: Planner;
    /** Prune the store now (retention and size caps); the server also does it hourly. */
    prune(): { deleted: string[]; freedBytes: number };
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
  /** Plan and analyse in a worker thread (default: when runs execute in threads too). */
  planInThread: boolean;
}

async function runtimePlugin(app: FastifyInstance, o: RuntimeOptions): Promise<void> {
  const store = openStore(o.dataDir, { lock: o.lock });
  const planner = createPlanner({ thread: o.planInThread });
  const queue = createQueue({ store, executor: o.executor, planner, log: app.log.child({ part: 'queue' }) });
  const prune = () => {
    const r = store.prune({ retentionDays: o.limits.retentionDays, maxBytes: o.limits.maxStoreMB * 1024 * 1024 });
    if (r.deleted.length) app.log.info({ deleted: r.deleted.length, freedBytes: r.freedBytes }, 'store pruned');
    return r;
  };
  let pruneTimer: NodeJS.Timeout | undefined;
  app.decorate('store', store);
  app.decorate('queue', queue);
  app.decorate('executor', o.executor);
  app.decorate('planner', planner);
  app.decorate('prune', prune);
  app.decorate('limits', o.limits);
  app.decorate('startedAt', Date.now());
  app.addHook('onReady', async () => {
    if (o.autoStart) queue.start();
    planner.warm();
    if (o.lock) {
      prune();
      pruneTimer = setInterval(prune, 3_600_000);
      pruneTimer.unref();
    }
  });
  app.addHook('onClose', async () => {
    clearInterval(pruneTimer);
    await queue.stop(o.shutdownGraceMs);
    await o.executor.close();
    await planner.close();
    store.close();
    app.log.info({ dataDir: o.dataDir }, 'store closed');
  });
}

export default fp(runtimePlugin, { name: 'govsim-runtime' });
