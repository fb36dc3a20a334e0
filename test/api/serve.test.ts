// `govsim serve`: registered in the CLI, flags checked, and the real command serving until
// SIGTERM (then exiting 0).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type CliIo } from '../../api/cli.ts';
import { BUILD_SCRIPT, buildSandbox } from '../../api/cli/serve.ts';
import { ROOT, tempDir } from './helpers.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, cwd: ROOT, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

describe('govsim serve', () => {
  test('is listed in the help with its flags', async () => {
    const top = await cli(['--help']);
    expect(top.out).toContain('serve');
    const help = await cli(['serve', '--help']);
    for (const flag of ['--host', '--port', '--data-dir', '--workers', '--build']) expect(help.out).toContain(flag);
  });

  test('--build runs scripts/build.mjs --sandbox (rebuild if stale), and reports its failure', async () => {
    expect(BUILD_SCRIPT).toBe(join(ROOT, 'scripts', 'build.mjs'));
    const dir = tempDir();
    const fake = join(dir, 'build.cjs');
    writeFileSync(fake, `require('fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, process.argv.slice(2).join(' ') + ' in ' + process.cwd());\n`
      + 'process.exit(process.env.FAIL ? 1 : 0);\n');
    const said: string[] = [];
    await buildSandbox((t) => said.push(t), fake);
    expect(said.join('')).toMatch(/rebuilding the sandbox \(viz\/dist\) if it is missing or older/);
    expect(readFileSync(join(dir, 'ran'), 'utf8')).toBe(`--sandbox in ${ROOT.replace(/\/$/, '')}`);
    process.env.FAIL = '1';
    try {
      await expect(buildSandbox(() => {}, fake)).rejects.toThrow(/building the sandbox failed.*needs Vite.*without --build/);
    } finally {
      delete process.env.FAIL;
    }
  });

  test('a bad port exits 2 naming --port', async () => {
    const r = await cli(['serve', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--port');
  });

  test('listening beyond loopback without keys exits 2 saying to set GOVSIM_API_KEYS', async () => {
    const r = await cli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir(), '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('GOVSIM_API_KEYS');
  });

  test('serves until SIGTERM, then exits 0', { timeout: 60_000 }, async () => {
    const proc = spawn(process.execPath, ['bin/govsim.mjs', 'serve', '--port', '0', '--data-dir', tempDir(), '--workers', '0'], {
      cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', GOVSIM_API_KEYS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: proc.stdout! }).on('line', (line) => {
          try {
            const rec = JSON.parse(line);
            if (String(rec.msg).startsWith('govsim API listening')) resolve(rec.url);
          } catch { /* not a log line */ }
        });
        proc.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const health = await fetch(`${url}/v1/health`);
      expect(health.status).toBe(200);
      proc.kill('SIGTERM');
      const [code] = await once(proc, 'exit');
      expect(code).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  });
});
