// Types of scripts/check-cycles.mjs (for the tests that import it).
export const FOLDERS: string[];
export function runtimeImports(text: string): string[];
export function findCycles(graph: Map<string, string[]>): string[][];
export function importGraph(): Map<string, string[]>;
