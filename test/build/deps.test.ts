// The dependency check (scripts/check-deps.mjs): what it reads as a run-time import, and that
// the project passes it (every run-time package declared and resolved by npm ls --omit=dev).
import { describe, expect, it } from 'vitest';
import { checkDependencies, packageOf, runtimeSpecifiers } from '../../scripts/check-deps.mjs';

describe('dependency check', () => {
  it('reads value, side-effect, re-export, dynamic and createRequire imports, but not type-only ones', () => {
    const text = [
      "import type { X } from 'only-types';",
      "import fp from 'fastify-plugin';",
      "import 'side-effect';",
      "export { a } from 'reexported';",
      "export type { B } from 'type-reexport';",
      "const m = await import('dynamic-one');",
      "const y = createRequire(import.meta.url)('yaml');",
      "const d = createRequire(import.meta.url).resolve('d3');",
      "import { local } from './local.ts';",
      '// import gone from "commented-out";',
    ].join('\n');
    expect(runtimeSpecifiers(text).sort()).toEqual(['d3', 'dynamic-one', 'fastify-plugin', 'reexported', 'side-effect', 'yaml']);
  });

  it('maps a specifier to its package, scoped or not', () => {
    expect(packageOf('comlink/dist/esm/node-adapter.mjs')).toBe('comlink');
    expect(packageOf('@fastify/static')).toBe('@fastify/static');
    expect(packageOf('typebox/value')).toBe('typebox');
    expect(packageOf('@fastify/swagger-ui/static/logo.svg')).toBe('@fastify/swagger-ui');
  });

  it('the project passes: every run-time import is a declared dependency that npm ls --omit=dev resolves', () => {
    const { used, problems } = checkDependencies();
    expect(problems).toEqual([]);
    // The check did look at the code (these are imported at run time by sim/ and api/).
    expect(used).toEqual(expect.arrayContaining(['seedrandom', 'fastify', 'commander', 'comlink', 'fastify-plugin']));
  });
});
