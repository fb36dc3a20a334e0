// Types of scripts/check-cycles.mjs (for the tests that import it).
export const FOLDERS: string[];
export function runtimeImports(text: string): string[];
export function findCycles(graph: Map<string, string[]>): string[][];
export function importGraph(): Map<string, string[]>;
export const SIM_ENTRY_POINTS: Record<string, string>;
export const SIM_EXCEPTIONS: Record<string, { from: string[]; why: string }>;
export const OUTSIDE: string[];
export function allImports(text: string): string[];
export function allowedSimImport(from: string, to: string): boolean;
export function deepSimImports(): { from: string; to: string }[];
