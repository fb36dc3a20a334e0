// Shared helpers for CLI tests: an in-memory CliIo, a temporary directory, and a spawn of the
// real bin for the few end-to-end checks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../../api/cli.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function tempDir(prefix = 'govsim-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Captured {
  code: number;
  out: string;
  err: string;
}

export function memoryIo(cwd: string, extra: Partial<CliIo> = {}): CliIo & { outText(): string; errText(): string } {
  let out = '';
  let err = '';
  return {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    isTTY: false,
    cwd,
    env: {},
    outText: () => out,
    errText: () => err,
    ...extra,
  };
}

/** Run main() in-process with captured output. */
export async function cli(args: string[], cwd: string, extra: Partial<CliIo> = {}): Promise<Captured> {
  const io = memoryIo(cwd, extra);
  const code = await main(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

/** Spawn `node bin/govsim.mjs ...` (the compiled CLI in dist/, rebuilt by the global set-up when stale). */
export function spawnCli(args: string[], cwd: string): Captured {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/govsim.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
