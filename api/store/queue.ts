// The job queue: takes queued jobs from the store oldest first, hands their planned runs to the
// executor (as many at once as it has slots, taking turns between the jobs in progress so a
// small job is not stuck behind a large one), saves each run's outputs as it finishes, and
// writes the report when the last one is in. Progress is published per job for the event
// stream. Everything it knows is in the store: after a crash, `start` puts running jobs back in
// the queue and their finished runs are kept, so nothing is lost or run twice.
import { EventEmitter } from 'node:events';
import type { RunJob } from '../../sim/experiments/index.ts';
import { ApiError } from '../plugins/errors.ts';
import { AbortedError, type Executor } from './executor.ts';
import { outputRows } from './outputs.ts';
import type { AnyRequest } from './plan.ts';
import { createPlanner, type Expanded, type Planner } from './planning.ts';
import type { Store } from './store.ts';

export interface QueueLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface InFlight {
  controller: AbortController;
  fraction: number;
}

interface ActiveJob {
  id: string;
  plan: Expanded;
  completing: boolean;
  pending: number[];
  inflight: Map<number, InFlight>;
  done: number;
  total: number;
  closed: boolean;
  lastEmit: number;
}

export interface LiveProgress {
  runsDone: number;
  runsTotal: number;
  fraction: number;
}

export type Queue = ReturnType<typeof createQueue>;

export function createQueue(o: {
  store: Store;
  executor: Executor;
  log: QueueLogger;
  /** Jobs that take turns even when the executor could be kept busy by fewer (default 2). */
  interleave?: number;
  /** Least time between two progress events of a job (ms). */
  progressEveryMs?: number;
  /** Where plans are expanded and reports built (default in-process). */
  planner?: Planner;
}) {
  const { store, executor, log } = o;
  const planner = o.planner ?? createPlanner({ thread: false });
  let activating: string | undefined;
  const interleave = Math.max(1, o.interleave ?? 2);
  const progressEveryMs = o.progressEveryMs ?? 200;
  const active = new Map<string, ActiveJob>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const tracked = new Set<Promise<void>>();
  let inflight = 0;
  let turn = 0;
  let stopping = false;
  let started = false;
  let idleWaiters: (() => void)[] = [];

  const emit = (a: ActiveJob | string, force = true) => {
    const id = typeof a === 'string' ? a : a.id;
    if (typeof a !== 'string') {
      const now = Date.now();
      if (!force && now - a.lastEmit < progressEveryMs) return;
      a.lastEmit = now;
    }
    events.emit(id, id);
  };

  function request(id: string): { kind: NonNullable<ReturnType<Store['getJob']>>['kind']; body: AnyRequest; spec: string } | undefined {
    const row = store.getJob(id);
    const spec = store.spec(id);
    const body = store.requestBody(id);
    if (!row || spec === undefined || body === undefined) return undefined;
    return { kind: row.kind, body: JSON.parse(body) as AnyRequest, spec };
  }

  /** Expand a queued job's plan (off the event loop) and make it active. */
  async function activate(id: string): Promise<void> {
    const req = request(id);
    if (!req) {
      store.fail(id, 'internal', 'the job\'s plan is missing from the store');
      emit(id);
      return;
    }
    let plan: Expanded;
    try {
      plan = await planner.expand(req.kind, req.body, req.spec);
    } catch (err) {
      // Never mix results of two engines in one job: submit it again to run it on this one.
      const code = err instanceof ApiError ? err.code : 'plan_failed';
      if (!(err instanceof ApiError)) log.error({ err, job: id }, 'could not expand the plan');
      store.fail(id, code, (err as Error)?.message ?? String(err));
      emit(id);
      return;
    }
    if (stopping) return;
    const done = store.doneTasks(id);
    if (!store.setRunning(id)) return;
    const a: ActiveJob = {
      id, plan, completing: false, pending: plan.jobs.map((_, i) => i).filter((i) => !done.has(i)), inflight: new Map(),
      done: done.size, total: plan.jobs.length, closed: false, lastEmit: 0,
    };
    active.set(id, a);
    if (done.size) log.info({ job: id, resumed: done.size, left: a.pending.length }, 'resuming job');
    emit(a);
    if (a.pending.length === 0) complete(a);
  }

  function track(p: Promise<void>): void {
    const q = p.finally(() => {
      tracked.delete(q);
      pump();
    });
    tracked.add(q);
  }

  function nextTask(): [ActiveJob, number] | undefined {
    const list = [...active.values()];
    const anyPending = list.some((a) => a.pending.length > 0);
    if ((!anyPending || active.size < interleave) && activating === undefined) {
      const id = store.unfinished().find((x) => !active.has(x));
      if (id !== undefined) {
        activating = id;
        track(activate(id).catch((err: unknown) => log.error({ err, job: id }, 'could not start the job')).finally(() => { activating = undefined; }));
      }
    }
    if (!anyPending) return undefined;
    for (let k = 0; k < list.length; k++) {
      const a = list[(turn + k) % list.length];
      if (a.pending.length) {
        turn = (turn + k + 1) % Math.max(1, list.length);
        return [a, a.pending.shift()!];
      }
    }
    return undefined;
  }

  function pump(): void {
    if (!started || stopping) return;
    while (inflight < executor.slots) {
      const next = nextTask();
      if (!next) break;
      dispatch(next[0], next[1]);
    }
    if (inflight === 0 && active.size === 0 && activating === undefined && tracked.size === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  }

  function dispatch(a: ActiveJob, task: number): void {
    const controller = new AbortController();
    const entry: InFlight = { controller, fraction: 0 };
    a.inflight.set(task, entry);
    inflight++;
    const plan = a.plan;
    const job = plan.jobs[task];
    const [first, ...rest] = job.scenarios;
    const payload: RunJob = { scenario: JSON.parse(plan.scenarioJson[first]), seed: job.seed, days: plan.days, series: plan.series };
    if (plan.forkDay !== undefined) payload.fork = { day: plan.forkDay, branches: rest.map((i) => JSON.parse(plan.scenarioJson[i])) };
    const p = executor.run(payload, {
      signal: controller.signal,
      onProgress: (done, total) => {
        entry.fraction = total > 0 ? done / total : 0;
        emit(a, false);
      },
    }).then(
      (outputs) => {
        a.inflight.delete(task);
        if (a.closed) return;
        a.done = store.saveTask(a.id, task, outputRows(job, outputs));
        if (a.pending.length === 0 && a.inflight.size === 0) complete(a);
        else emit(a);
      },
      (err: unknown) => {
        a.inflight.delete(task);
        if (a.closed || err instanceof AbortedError || controller.signal.aborted) {
          // Cancelled or stopping: the run goes back to the job's to-do list if the job lives on.
          if (!a.closed) a.pending.unshift(task);
          return;
        }
        const scenario = plan.scenarioKeys[job.scenarios[0]];
        fail(a, 'run_failed', `the run of scenario "${scenario}" with seed ${job.seed} failed: ${(err as Error)?.message ?? String(err)}`);
      },
    ).catch((err: unknown) => {
      // The store itself failed (disk full?): the job stays as it is and is retried after a restart.
      log.error({ err, job: a.id }, 'could not save a run');
      a.closed = true;
      active.delete(a.id);
    }).finally(() => {
      inflight--;
      tracked.delete(p);
      pump();
    });
    tracked.add(p);
  }

  function close(a: ActiveJob): void {
    a.closed = true;
    active.delete(a.id);
    for (const f of a.inflight.values()) f.controller.abort();
  }

  /** Build the report (off the event loop) and mark the job done. */
  function complete(a: ActiveJob): void {
    if (a.completing) return;
    a.completing = true;
    const req = request(a.id);
    track((async () => {
      try {
        if (!req) throw new Error('the job\'s request is missing from the store');
        const { digest, report } = await planner.report(req.kind, req.body, req.spec, store.summaries(a.id));
        if (a.closed) return;
        close(a);
        store.finish(a.id, digest, report);
        log.info({ job: a.id, digest }, 'job done');
      } catch (err) {
        if (a.closed) return;
        log.error({ err, job: a.id }, 'could not build the report');
        fail(a, 'analysis_failed', `the analysis failed: ${(err as Error)?.message ?? String(err)}`);
        return;
      }
      emit(a.id);
    })());
  }

  function fail(a: ActiveJob, code: string, message: string): void {
    close(a);
    store.fail(a.id, code, message);
    log.info({ job: a.id, code }, message);
    emit(a.id);
  }

  return {
    events,

    /** Put interrupted jobs back in the queue and begin. */
    start(): void {
      const n = store.requeueRunning();
      if (n) log.info({ requeued: n }, 'jobs interrupted by the last shutdown are queued again');
      started = true;
      pump();
    },

    /** Look at the queue again (after a job was inserted). */
    kick: pump,

    /** Cancel a queued or running job; false if it had already finished. */
    cancel(id: string): boolean {
      const a = active.get(id);
      if (a) close(a);
      const ok = store.cancel(id);
      emit(id);
      pump();
      return ok;
    },

    /** Progress of a job in flight, counting days of runs under way; undefined if not active. */
    progress(id: string): LiveProgress | undefined {
      const a = active.get(id);
      if (!a) return undefined;
      let partial = 0;
      for (const f of a.inflight.values()) partial += f.fraction;
      return { runsDone: a.done, runsTotal: a.total, fraction: a.total ? Math.min(1, (a.done + partial) / a.total) : 1 };
    },

    /** Call `listener` whenever job `id` changes; returns the unsubscribe function. */
    subscribe(id: string, listener: () => void): () => void {
      events.on(id, listener);
      return () => events.off(id, listener);
    },

    stats: () => ({ ...store.counts(), executorSlots: executor.slots, inflight }),

    /** Resolves when nothing is queued or running (tests and benchmarks). */
    idle(): Promise<void> {
      if (inflight === 0 && active.size === 0 && tracked.size === 0 && store.unfinished().length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        pump();
      });
    },

    /**
     * Stop: dispatch nothing new, give runs in flight `graceMs` to finish (their outputs are
     * saved), then abort the rest; jobs not finished go back to the queue for the next start.
     */
    async stop(graceMs = 10_000): Promise<void> {
      if (stopping) return;
      stopping = true;
      const all = () => Promise.allSettled([...tracked]);
      if (tracked.size) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([all(), new Promise((r) => { timer = setTimeout(r, graceMs); })]);
        clearTimeout(timer);
      }
      for (const a of active.values()) for (const f of a.inflight.values()) f.controller.abort();
      // Aborted runs end promptly; a stuck executor (an unreachable queue) must not hold shutdown.
      let timer2: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((r) => { timer2 = setTimeout(r, 5_000); })]);
      clearTimeout(timer2);
      const requeued = store.requeueRunning();
      if (requeued) log.info({ requeued }, 'unfinished jobs left queued for the next start');
      active.clear();
      for (const f of idleWaiters) f();
      idleWaiters = [];
    },
  };
}
