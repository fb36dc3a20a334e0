// Types of scripts/build.mjs (for the tests and the serve command that use it).
export function isStale(o?: { sandbox?: boolean }): boolean;
export function sandboxStale(root?: string): string;
export const SANDBOX_STAMP: string;
export function buildSandbox(o?: { force?: boolean; quiet?: boolean }): boolean;
export function build(o?: { force?: boolean; quiet?: boolean; sandbox?: boolean }): boolean;
