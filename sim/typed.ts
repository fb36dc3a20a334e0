// Growing typed arrays (amortised doubling; rare, never in the per-event path).
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `a` with room for `capacity` elements (the rest zero). */
export function grown<T extends TypedArray>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a.subarray(0, Math.min(a.length, capacity)) as never);
  return b;
}
