// Powers of a daily decay factor, tabulated once per run: trust's lazy update reads decay^days
// from this table (sim/residents.ts), so no pow() runs in the hot path.

/** decay^n for n = 0 .. table length, by repeated multiplication (deterministic). */
export function decayTable(decayPerDay: number, n: number): Float64Array {
  const t = new Float64Array(n + 1);
  t[0] = 1;
  for (let i = 1; i <= n; i++) t[i] = t[i - 1] * decayPerDay;
  return t;
}
