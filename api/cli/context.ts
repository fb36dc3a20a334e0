// The shape of a CLI command: a name and a function that adds it to the commander program.
// Commands are listed in commands.ts; `govsim serve` plugs in the same way from serve.ts.
import type { Command } from 'commander';
import type { CliIo } from './io.ts';

export interface CliContext {
  io: CliIo;
  /** The arguments main() was given (to print a reproducing command). */
  argv: string[];
  /** Set the exit code main() returns (the last call wins). */
  exit(code: number): void;
}

export interface CliCommand {
  name: string;
  register(program: Command, ctx: CliContext): void;
}

/** Collect a repeatable option into a list (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
