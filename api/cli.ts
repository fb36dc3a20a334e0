// The govsim command line: `main(argv)` parses with commander and returns the exit code.
// Commands are listed in api/cli/commands.ts. User mistakes print one message that names the
// field, the value and what was expected, and exit 2; only internal errors (exit 1) may show a
// stack trace, and only with GOVSIM_DEBUG=1.
import { Command, CommanderError } from 'commander';
// The engine's version and ScenarioError from their own small modules: `govsim presets` and
// `govsim levers` must not load the engine (sim/index.ts).
import { ENGINE_VERSION } from '../sim/version.ts';
import { ScenarioError } from '../sim/scenario.ts';
import { loadCommands } from './cli/commands.ts';
import type { CliContext } from './cli/context.ts';
import { EXIT, UserError, describeScenarioError, type CliIo } from './cli/io.ts';

export type { CliIo } from './cli/io.ts';
export { EXIT, UserError } from './cli/io.ts';

/** The process's own streams, directory and environment. */
export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    progressStream: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    trapInterrupt() {
      const ac = new AbortController();
      let presses = 0;
      const onInt = () => {
        presses++;
        if (presses === 1) {
          process.stderr.write('\ninterrupted: stopping; finished runs are kept (press Ctrl-C again to quit at once)\n');
          ac.abort();
        } else process.exit(130);
      };
      process.on('SIGINT', onInt);
      return { signal: ac.signal, dispose: () => void process.off('SIGINT', onInt) };
    },
  };
}

/** The program with the commands these arguments need (all of them when argv is not given). */
export async function buildProgram(ctx: CliContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('govsim');
  program
    .description('govsim: deterministic simulation of grassroots social governance (Qinhuai reference case)')
    .version(`govsim engine ${ENGINE_VERSION}`, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  for (const c of await loadCommands(argv)) c.register(program, ctx);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const ctx: CliContext = { io, argv, exit: (c) => { code = c; } };
  try {
    const program = await buildProgram(ctx, argv);
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // Commander has printed its message already; help and version are not errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof UserError) {
    io.err(`error: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof ScenarioError) {
    io.err(`error: ${describeScenarioError(e)}\n`);
    return EXIT.usage;
  }
  if (e instanceof RangeError) {
    // The engine's own boundary checks (seed, days) are user errors too.
    io.err(`error: ${e.message}\n`);
    return EXIT.usage;
  }
  const err = e as Error;
  io.err(`internal error: ${err?.message ?? String(e)}\n`);
  if (io.env.GOVSIM_DEBUG) io.err(`${err?.stack ?? ''}\n`);
  else io.err('(set GOVSIM_DEBUG=1 to see the stack trace; please report this)\n');
  return EXIT.internal;
}
