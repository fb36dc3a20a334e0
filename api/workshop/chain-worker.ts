// The workshop's simulation thread: keeps group chains (GroupChain, one world per group of a
// session) alive between rounds and advances them on request, off the server's event loop.
// Exposed with comlink over the thread's port (as api/pool/engine-worker.ts). A chain is
// addressed by a key ("session id/group"); the server says how many rounds it believes the
// chain has played, and when the thread's chain is missing or elsewhere (a new thread, a failed
// round) the server sends the chain's spec and the thread rebuilds it by replaying the stored
// rounds, checking every digest. Calls run one at a time, in the order they were sent.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from '../pool/node-endpoint.ts';
import { ChainHost, type ChainHostApi } from './chain-host.ts';

if (!parentPort) throw new Error('chain-worker.ts must run in a worker thread');
const api: ChainHostApi = new ChainHost();
Comlink.expose({
  engineVersion: () => api.engineVersion(),
  advance: (...a: Parameters<ChainHostApi['advance']>) => api.advance(...a),
  prepare: (...a: Parameters<ChainHostApi['prepare']>) => api.prepare(...a),
  warmUp: (...a: Parameters<ChainHostApi['warmUp']>) => api.warmUp(...a),
  drop: (...a: Parameters<ChainHostApi['drop']>) => api.drop(...a),
} satisfies ChainHostApi, nodeEndpoint(parentPort));
