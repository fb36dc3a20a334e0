// The commands of `govsim`, in help order. A command lives in its own file under api/cli/ and
// exports a CliCommand; add a row here to add a command. Each row loads its file only when
// needed: `govsim presets` loads catalogue.ts alone (the presets and the lever catalogue, not
// the engine, the HTTP server or the Redis client, which take a second to load); help, and a
// name that is no command, load them all.
import type { CliCommand } from './context.ts';

export interface CommandEntry {
  name: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.ts')).runCli },
  { name: 'compare', load: async () => (await import('./compare.ts')).compareCli },
  { name: 'sweep', load: async () => (await import('./sweep.ts')).sweepCli },
  { name: 'sensitivity', load: async () => (await import('./sensitivity.ts')).sensitivityCli },
  { name: 'decompose', load: async () => (await import('./decompose.ts')).decomposeCli },
  { name: 'calibrate', load: async () => (await import('./calibrate.ts')).calibrateCli },
  { name: 'validate-reform', load: async () => (await import('./validate-reform.ts')).validateReformCli },
  { name: 'presets', load: async () => (await import('./catalogue.ts')).presetsCli },
  { name: 'levers', load: async () => (await import('./catalogue.ts')).leversCli },
  { name: 'validate', load: async () => (await import('./validate.ts')).validateCli },
  { name: 'serve', load: async () => (await import('./serve.ts')).command },
  { name: 'worker', load: async () => (await import('./worker.ts')).command },
  { name: 'store', load: async () => (await import('./store.ts')).command },
  { name: 'workshop', load: async () => (await import('./workshop.ts')).command },
];

/** The commands to register for these arguments: only the one named first, else all. */
export async function loadCommands(argv: readonly string[] = []): Promise<CliCommand[]> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const wanted = named && !argv.includes('--help') && !argv.includes('-h') ? [named] : COMMANDS;
  return Promise.all(wanted.map((c) => c.load()));
}
