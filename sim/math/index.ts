// Deterministic elementary functions for the simulation engine (fdlibm ports, bit-identical on
// every JS engine): use these instead of Math.exp / Math.log inside sim/.
export { exp } from './exp.ts';
export { log } from './log.ts';
