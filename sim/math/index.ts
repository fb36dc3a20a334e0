// Deterministic elementary functions for the simulation engine (fdlibm ports, bit-identical on
// every JS engine): use these instead of Math.exp / Math.log / Math.expm1 / Math.log1p inside sim/.
export { exp } from './exp.ts';
export { expm1 } from './expm1.ts';
export { log } from './log.ts';
export { log1p } from './log1p.ts';
