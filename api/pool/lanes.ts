// Lanes: single-thread pools handed out one job at a time, so that cancelling or killing one
// job ends only its own worker thread (the lane's pool respawns it for the next job). Used by
// the HTTP API's executor and by `govsim worker`.
import { createPool, type Pool } from './pool.ts';

export interface Lanes {
  readonly all: Pool[];
  /** A free lane (waits for one when all are busy, first come first served). */
  take(): Promise<Pool>;
  give(lane: Pool): void;
  close(): Promise<void>;
}

export function createLanes(n: number): Lanes {
  const all: Pool[] = Array.from({ length: n }, () => createPool(1));
  const free = [...all];
  const waiting: ((p: Pool) => void)[] = [];
  return {
    all,
    take: () => new Promise<Pool>((resolve) => {
      const p = free.pop();
      if (p) resolve(p);
      else waiting.push(resolve);
    }),
    give: (p) => {
      const w = waiting.shift();
      if (w) w(p);
      else free.push(p);
    },
    close: async () => {
      await Promise.all(all.map((p) => p.close()));
    },
  };
}
