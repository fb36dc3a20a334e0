// The commands of `govsim`, in help order. A command lives in its own file under api/cli/ and
// exports a CliCommand; `serve` (the HTTP API) is picked up from api/cli/serve.ts when that
// file exists, exporting `command: CliCommand` — no edit here is needed to add it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { leversCli, presetsCli, validateCli } from './catalogue.ts';
import { calibrateCli } from './calibrate.ts';
import { compareCli } from './compare.ts';
import type { CliCommand } from './context.ts';
import { decomposeCli } from './decompose.ts';
import { validateReformCli } from './validate-reform.ts';
import { runCli } from './run.ts';
import { sensitivityCli } from './sensitivity.ts';
import { sweepCli } from './sweep.ts';

export const BUILTIN_COMMANDS: CliCommand[] = [runCli, compareCli, sweepCli, sensitivityCli, decomposeCli, calibrateCli, validateReformCli, presetsCli, leversCli, validateCli];

/** Files that may add a command (each exports `command: CliCommand`), loaded when present. */
export const OPTIONAL_COMMAND_FILES = ['./serve.ts', './worker.ts'];

export async function loadCommands(): Promise<CliCommand[]> {
  const out = [...BUILTIN_COMMANDS];
  for (const rel of OPTIONAL_COMMAND_FILES) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    const mod = (await import(url.href)) as { command?: CliCommand; default?: CliCommand };
    const c = mod.command ?? mod.default;
    if (c) out.push(c);
  }
  return out;
}
