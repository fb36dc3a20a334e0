// Types of scripts/check-deps.mjs (for the tests that import it).
export function runtimeSpecifiers(text: string): string[];
export function packageOf(spec: string): string;
export function checkDependencies(): { used: string[]; problems: string[] };
