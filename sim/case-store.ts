// The case pool (a free list over parallel typed arrays) and the event heap, apart from the
// world's construction so that the mechanisms that create cases and schedule events
// (emergence) need not import the world itself. Moved from world.ts unchanged; world.ts
// re-exports everything here.
import { STAGE_FREE } from './case-codes.ts';
import { grown } from './typed.ts';
import type { Cases, Heap } from './world.ts';

/** Ensure the case pool has a free slot, growing every array (amortised, rare). */
export function growCases(c: Cases): void {
  const cap = c.capacity * 2;
  const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => grown(a, cap);
  c.sub = grow(c.sub); c.grid = grow(c.grid); c.resident = grow(c.resident); c.channel = grow(c.channel);
  c.stage = grow(c.stage); c.unit = grow(c.unit); c.klass = grow(c.klass); c.flags = grow(c.flags);
  c.bounces = grow(c.bounces); c.reopens = grow(c.reopens); c.next = grow(c.next); c.handler = grow(c.handler);
  c.emerged = grow(c.emerged); c.discovered = grow(c.discovered); c.accepted = grow(c.accepted);
  c.resolved = grow(c.resolved); c.whistled = grow(c.whistled); c.signed = grow(c.signed);
  c.remaining = grow(c.remaining); c.arrived = grow(c.arrived); c.hours = grow(c.hours); c.quality = grow(c.quality); c.uDecide = grow(c.uDecide);
  for (let i = c.capacity; i < cap; i++) c.next[i] = i + 1 < cap ? i + 1 : c.freeHead;
  c.freeHead = c.capacity;
  c.capacity = cap;
}

export function allocCase(c: Cases): number {
  if (c.freeHead === -1) growCases(c);
  const id = c.freeHead;
  c.freeHead = c.next[id];
  c.next[id] = -1;
  c.live++;
  c.flags[id] = 0;
  c.bounces[id] = 0;
  c.reopens[id] = 0;
  c.handler[id] = -1;
  c.unit[id] = -1;
  c.accepted[id] = -1;
  c.resolved[id] = -1;
  c.whistled[id] = -1;
  c.signed[id] = -1;
  c.discovered[id] = -1;
  c.quality[id] = 1;
  return id;
}

export function freeCase(c: Cases, id: number): void {
  c.stage[id] = STAGE_FREE;
  c.next[id] = c.freeHead;
  c.freeHead = id;
  c.live--;
}

// ---- event heap (time, then insertion order: deterministic ties)

export const EV_DISCOVER = 1;
export const EV_LAPSE = 2;
export const EV_ARRIVE = 3;
export const EV_RESOLVE = 4;

export function heapPush(h: Heap, time: number, item: number, kind: number): void {
  if (h.size === h.time.length) {
    const cap = h.time.length * 2;
    h.time = grown(h.time, cap);
    h.order = grown(h.order, cap);
    h.item = grown(h.item, cap);
    h.kind = grown(h.kind, cap);
  }
  let i = h.size++;
  const seq = h.seq++;
  const { time: T, order: O, item: I, kind: K } = h;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (T[p] < time || (T[p] === time && O[p] < seq)) break;
    T[i] = T[p]; O[i] = O[p]; I[i] = I[p]; K[i] = K[p];
    i = p;
  }
  T[i] = time; O[i] = seq; I[i] = item; K[i] = kind;
}

/** Remove the top; its fields must be read before calling. */
export function heapPop(h: Heap): void {
  const { time: T, order: O, item: I, kind: K } = h;
  const n = --h.size;
  if (n === 0) return;
  const time = T[n], seq = O[n], item = I[n], kind = K[n];
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && (T[c + 1] < T[c] || (T[c + 1] === T[c] && O[c + 1] < O[c]))) c++;
    if (time < T[c] || (time === T[c] && seq < O[c])) break;
    T[i] = T[c]; O[i] = O[c]; I[i] = I[c]; K[i] = K[c];
    i = c;
  }
  T[i] = time; O[i] = seq; I[i] = item; K[i] = kind;
}
