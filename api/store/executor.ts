// How engine runs execute. The queue hands an executor one planned job at a time (a scenario,
// a seed and a horizon, or a warm-start fork: sim/experiments' RunJob) and gets the outputs
// back; it never cares where the engine ran. The in-process executor steps the engine in
// slices of a few milliseconds and yields to the event loop between them, so status requests
// stay fast while runs execute. A worker-thread pool implements the same interface; switching
// is the one line in `createExecutor` below.
import { setImmediate as nextTick } from 'node:timers/promises';
import { createSimulation, finish, restore, snapshot, stepDays, type Scenario, type Simulation } from '../../sim/index.ts';
import { jobOutput, type RunJob } from '../../sim/experiments/index.ts';
import { defaultPoolSize } from '../pool/pool.ts';
import { createLanes } from '../pool/lanes.ts';
import { AbortedError, type ExecuteOptions, type ExecutedOutput, type Executor } from './executor-contract.ts';

// The contract (types and AbortedError) lives in executor-contract.ts; re-exported here.
export { AbortedError, type ExecuteOptions, type ExecutedOutput, type Executor } from './executor-contract.ts';

/**
 * Runs in this thread, a slice at a time. `slots` > 1 interleaves jobs (fairness between
 * clients), not parallelism.
 */
export function createInProcessExecutor(o: { sliceMs?: number; slots?: number } = {}): Executor {
  const sliceMs = o.sliceMs ?? 8;
  let closed = false;

  async function stepTo(sim: Simulation, day: number, signal: AbortSignal, tick: () => void): Promise<void> {
    while (sim.day < day) {
      if (signal.aborted || closed) throw new AbortedError();
      const until = performance.now() + sliceMs;
      do stepDays(sim, 1);
      while (sim.day < day && performance.now() < until);
      tick();
      await nextTick();
    }
  }

  return {
    name: 'in-process',
    slots: o.slots ?? 1,
    async run(job: RunJob, { signal, onProgress }: ExecuteOptions): Promise<ExecutedOutput[]> {
      await nextTick();
      if (signal.aborted || closed) throw new AbortedError();
      const branches: Scenario[] = job.fork?.branches ?? [];
      const forkDay = job.fork?.day ?? job.days;
      const total = job.days + branches.length * (job.days - forkDay);
      const sim = createSimulation(job.scenario, { seed: job.seed, days: job.days });
      const trunkTick = () => onProgress?.(sim.day, total);
      if (!job.fork) {
        await stepTo(sim, job.days, signal, trunkTick);
        return [jobOutput(finish(sim), job.series)];
      }
      if (!(Number.isInteger(forkDay) && forkDay >= 1 && forkDay < job.days)) {
        throw new RangeError(`fork day must be an integer in [1, ${job.days - 1}], got ${forkDay}`);
      }
      await stepTo(sim, forkDay, signal, trunkTick);
      const snap = snapshot(sim);
      await stepTo(sim, job.days, signal, trunkTick);
      const trunk = jobOutput(finish(sim), job.series);
      const outs = [trunk];
      for (const [i, b] of branches.entries()) {
        const w = restore(snap, b);
        const offset = job.days + i * (job.days - forkDay) - forkDay;
        await stepTo(w, job.days, signal, () => onProgress?.(offset + w.day, total));
        outs.push({ ...jobOutput(finish(w), job.series), fork: { day: forkDay, trunkScenarioHash: trunk.manifest.scenarioHash } });
      }
      return outs;
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Runs on worker threads (api/pool): one single-thread pool per slot, so that cancelling one
 * job ends only its own worker (the pool respawns it for the next job). Outputs carry what the
 * pool's workers send back (manifest, summary, series).
 */
export function createPoolExecutor(workers = defaultPoolSize()): Executor {
  const lanes = createLanes(workers);
  const take = lanes.take;
  const give = lanes.give;
  return {
    name: `worker-pool(${workers})`,
    slots: workers,
    async run(job: RunJob, { signal, onProgress }: ExecuteOptions): Promise<ExecutedOutput[]> {
      const lane = await take();
      try {
        if (signal.aborted) throw new AbortedError();
        const [outcome] = await lane.run([job], { signal });
        if (!outcome || (!outcome.ok && outcome.cancelled) || signal.aborted) throw new AbortedError();
        if (!outcome.ok) throw new Error(outcome.error);
        onProgress?.(job.days, job.days);
        return outcome.outputs;
      } finally {
        give(lane);
      }
    },
    async close() {
      await lanes.close();
    },
  };
}

/** Makes the executor that sends runs to the BullMQ queue (api/queue/redis-executor.ts). */
export type RemoteExecutorFactory = (o: { url: string; queueName?: string }) => Executor;

/**
 * The executor the server uses: the BullMQ queue on Redis when `redisUrl` is given (runs go to
 * `govsim worker` processes, docs/scale-out.md), else the worker-thread pool (one thread per
 * core by default), or in-process with `workers: 0`. This is the one place that chooses. The
 * queue's executor is passed in (api/app.ts passes createRedisExecutor), so this file does not
 * import the queue, which imports this file's contract.
 */
export function createExecutor(
  o: { workers?: number; redisUrl?: string; queueName?: string } = {},
  remote?: RemoteExecutorFactory,
): Executor {
  if (o.redisUrl) {
    if (!remote) throw new Error('createExecutor: a redisUrl needs the queue executor (api/queue/redis-executor.ts) passed in');
    return remote({ url: o.redisUrl, queueName: o.queueName });
  }
  const workers = o.workers ?? defaultPoolSize();
  return workers > 0 ? createPoolExecutor(workers) : createInProcessExecutor();
}
