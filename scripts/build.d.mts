// Types of scripts/build.mjs (for the tests that import it).
export function isStale(): boolean;
export function build(o?: { force?: boolean; quiet?: boolean }): boolean;
