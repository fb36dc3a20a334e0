// The one host function sim/ relies on beyond ECMAScript 2022: structuredClone (every browser
// and Node ≥ 17 has it) for deep copies of plain data and typed arrays. tsconfig.sim.json
// type-checks sim/ with this and the ES2022 library only: no DOM, no Node types.
declare function structuredClone<T>(value: T): T;
// An abort signal as sim/ reads it (only whether it has fired); hosts pass their AbortSignal.
interface AbortSignal {
  readonly aborted: boolean;
}
