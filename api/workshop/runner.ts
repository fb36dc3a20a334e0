// Runs the workshop's group chains off the server's event loop: a few simulation threads
// (chain-worker.ts), each keeping the worlds of the groups assigned to it between rounds, so a
// round's close costs one round of simulation per group, spread over the threads, while the
// main thread keeps answering sockets. (api/pool/ runs stateless jobs; a group's round is a
// warm start on a world that lives across rounds, so it needs a thread that keeps it.)
// Threads start on first use. A group stays on its thread; when a thread dies, or a chain is
// not where the server expects it, the thread rebuilds it from its spec (the stored rounds,
// digests checked), so results stay the same byte for byte. `threads: 0` runs in-process.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { nodeEndpoint } from '../pool/node-endpoint.ts';
import { ChainHost, MISSING, type ChainHostApi, type ChainSpec } from './chain-host.ts';
import type { RoundInput } from './chain.ts';
import type { RoundOutcome } from './messages.ts';

export interface ChainRunner {
  readonly threads: number;
  /** Play the next round of chain `key` (which has played `played` rounds); `spec` is asked for only when the chain must be rebuilt. */
  advance(key: string, played: number, input: RoundInput, spec: () => ChainSpec): Promise<RoundOutcome>;
  /** Build chain `key` now (ahead of the first close), checking stored digests. */
  prepare(key: string, spec: ChainSpec): Promise<void>;
  /** Warm the engine's code on every thread with a scratch round. */
  warmUp(spec: ChainSpec): Promise<void>;
  drop(prefix: string): void;
  close(): Promise<void>;
}

/** Default simulation threads: one per core, at most 4 (the server's main thread mostly waits during a close). */
export function defaultChainThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./chain-worker.mjs', import.meta.url) : new URL('./chain-worker.js', import.meta.url);

interface Slot {
  worker: Worker;
  remote: Comlink.Remote<ChainHostApi>;
  dead: Promise<never>;
  alive: boolean;
  warm: boolean;
}

function spawn(): Slot {
  const worker = new Worker(WORKER_URL, { stdout: false, stderr: false });
  const remote = Comlink.wrap<ChainHostApi>(nodeEndpoint(worker));
  const slot = { worker, remote, alive: true, warm: false } as Slot;
  slot.dead = new Promise<never>((_, reject) => {
    worker.once('error', (e) => { slot.alive = false; reject(new Error(`workshop simulation thread failed: ${e.message}`)); });
    worker.once('exit', (code) => { slot.alive = false; reject(new Error(`workshop simulation thread exited with code ${code}`)); });
  });
  slot.dead.catch(() => undefined);
  return slot;
}

function inProcess(): ChainRunner {
  const host = new ChainHost();
  const advance = async (key: string, played: number, input: RoundInput, spec: () => ChainSpec): Promise<RoundOutcome> => {
    try {
      return host.advance(key, played, input);
    } catch (e) {
      if ((e as Error).message !== MISSING) throw e;
      return host.advance(key, played, input, spec());
    }
  };
  return {
    threads: 0,
    advance,
    prepare: async (key, spec) => host.prepare(key, spec),
    warmUp: async (spec) => host.warmUp(spec),
    drop: (prefix) => host.drop(prefix),
    close: async () => undefined,
  };
}

/** A runner on `threads` simulation threads (default defaultChainThreads()); 0 runs in-process. */
export function createChainRunner(threads = defaultChainThreads()): ChainRunner {
  if (!(Number.isInteger(threads) && threads >= 0)) throw new RangeError(`workshop threads must be an integer ≥ 0, got ${threads}`);
  if (threads === 0) return inProcess();
  const slots: (Slot | null)[] = Array.from({ length: threads }, () => null);
  /** key → slot index. */
  const home = new Map<string, number>();
  let closed = false;

  const slotAt = (i: number): Slot => {
    if (closed) throw new Error('the workshop simulation threads are closed');
    let s = slots[i];
    if (!s || !s.alive) {
      if (s) void s.worker.terminate();
      s = spawn();
      slots[i] = s;
    }
    return s;
  };
  const homeOf = (key: string): number => {
    let i = home.get(key);
    if (i === undefined) {
      // the thread with the fewest chains (a session's groups spread over the threads)
      const load = slots.map((_, k) => [...home.values()].filter((h) => h === k).length);
      i = load.indexOf(Math.min(...load));
      home.set(key, i);
    }
    return i;
  };
  const call = async <T>(i: number, f: (s: Slot) => Promise<T>): Promise<T> => {
    const s = slotAt(i);
    return Promise.race([f(s), s.dead]);
  };

  return {
    threads,
    async advance(key, played, input, spec) {
      const i = homeOf(key);
      try {
        return await call(i, (s) => s.remote.advance(key, played, input));
      } catch (e) {
        // Not there (a new or restarted thread, an earlier failure) or the thread died: rebuild and retry once.
        if ((e as Error).message !== MISSING && slots[i]?.alive) throw e;
        return call(i, (s) => s.remote.advance(key, played, input, spec()));
      }
    },
    async prepare(key, spec) {
      await call(homeOf(key), (s) => s.remote.prepare(key, spec));
    },
    async warmUp(spec) {
      await Promise.all(slots.map((_, i) => call(i, async (s) => {
        if (s.warm) return;
        s.warm = true;
        await s.remote.warmUp(spec);
      })));
    },
    drop(prefix) {
      for (const k of [...home.keys()]) if (k.startsWith(prefix)) home.delete(k);
      for (const s of slots) if (s?.alive) void s.remote.drop(prefix).catch(() => undefined);
    },
    async close() {
      closed = true;
      await Promise.all(slots.map(async (s) => {
        if (!s) return;
        s.remote[Comlink.releaseProxy]();
        await s.worker.terminate();
      }));
    },
  };
}
