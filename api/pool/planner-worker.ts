// The planning thread: planning, plan expansion and reports (api/store/planning.ts) exposed with
// comlink, off the server's event loop.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from './node-endpoint.ts';
import { planning } from '../store/planning.ts';

if (!parentPort) throw new Error('planner-worker.ts must run in a worker thread');
Comlink.expose(planning, nodeEndpoint(parentPort));
