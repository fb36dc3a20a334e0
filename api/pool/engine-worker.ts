// The engine inside a Node worker thread, exposed with comlink over the thread's port: one
// method runs a job (sim/experiments' executeJob, the same function a browser worker calls)
// and transfers the series buffers back instead of copying them.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint.ts';
import { ENGINE_VERSION } from '../../sim/index.ts';
import { executeJob, transferablesOf, type JobOutput, type RunJob } from '../../sim/experiments/index.ts';

export interface EngineWorkerApi {
  engineVersion(): string;
  execute(job: RunJob): JobOutput[];
}

const api: EngineWorkerApi = {
  engineVersion: () => ENGINE_VERSION,
  execute(job: RunJob): JobOutput[] {
    const outs = executeJob(job);
    return Comlink.transfer(outs, transferablesOf(outs));
  },
};

if (!parentPort) throw new Error('engine-worker.ts must run in a worker thread');
Comlink.expose(api, nodeEndpoint(parentPort));
