// `govsim presets` and `govsim levers` start light: the whole process loads the presets, the
// lever catalogue and sim/scenario.ts, never the engine (sim/index.ts, the world, the step loop)
// nor the HTTP server, the queue or the file readers. Checked by listing the modules the process
// loads (no timing in tests; `npm run bench` prints the time).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';

function loadedModules(args: string[]): { code: number | null; out: string; modules: string[] } {
  const dir = tempDir();
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, "export async function load(url, ctx, next) { if (url.startsWith('file:')) process.stderr.write(`LOADED ${url}\\n`); return next(url, ctx); }\n");
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(ROOT, 'bin/govsim.mjs'), ...args], { encoding: 'utf8', cwd: dir });
  const modules = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7).replace(pathToFileURL(ROOT).href, ''));
  return { code: r.status, out: r.stdout, modules };
}

describe('the start path of the light commands', () => {
  for (const cmd of ['presets', 'levers']) {
    it(`govsim ${cmd} loads neither the engine nor the server`, () => {
      const r = loadedModules([cmd, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toBeTypeOf('object');
      expect(r.modules).toContain('dist/api/cli/catalogue.js');
      const heavy = r.modules.filter((m) => /dist\/sim\/(index|world|step|engine|result|handling)\.js$|dist\/api\/(app|server)\.js$|dist\/api\/cli\/inputs\.js$|node_modules\/(fastify|bullmq|ioredis|yaml|typebox)\//.test(m));
      expect(heavy).toEqual([]);
    });
  }

  it('govsim run validates its scenario against the schema without loading TypeBox (sim/schema/plain.ts)', () => {
    const r = loadedModules(['run', 'training', '--days', '2', '--out', 'r.json']);
    expect(r.code).toBe(0);
    expect(r.modules).toEqual(expect.arrayContaining(['dist/sim/validate.js', 'dist/sim/schema/check.js', 'dist/sim/schema/plain.js']));
    expect(r.modules.filter((m) => /node_modules\/typebox\//.test(m))).toEqual([]);
  });

  it('the check sees the engine when a command loads it (govsim validate does)', () => {
    const r = loadedModules(['validate', 'training']);
    expect(r.code).toBe(0);
    expect(r.modules).toContain('dist/sim/index.js');
  });
});
