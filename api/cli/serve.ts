// `govsim serve [--host H] [--port P] [--data-dir DIR] [--workers K] [--build]`: the HTTP API
// and the sandbox in one process (api/server.ts), until Ctrl-C. The sandbox (viz/dist) is built
// by scripts/build.mjs at install/prestart/pretest, so serving needs no dev tool; `--build`
// rebuilds it first if it is missing or stale (`node scripts/build.mjs --sandbox`, which needs Vite).
// api/cli/commands.ts picks this file up by its `command` export.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../app.ts';
import { startServer } from '../server.ts';
import type { CliCommand, CliContext } from './context.ts';
import { EXIT, UserError } from './io.ts';

export interface ServeOptionsText {
  host?: string;
  port?: string;
  dataDir?: string;
  workers?: string;
  build?: boolean;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`--port must be an integer in [0, 65535], got ${JSON.stringify(text)}`, { field: '--port', value: text, expected: 'a port number' });
  return n;
}

function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > 256) throw new UserError(`--workers must be an integer in [0, 256], got ${JSON.stringify(text)}`, { field: '--workers', value: text, expected: '0 (in-process) to 256' });
  return n;
}

/** The build script `--build` runs (scripts/build.mjs in the project). */
export const BUILD_SCRIPT = join(PROJECT_ROOT, 'scripts', 'build.mjs');

/**
 * Rebuild the sandbox if it is missing or stale: `node scripts/build.mjs --sandbox`, which
 * checks the sources' times, says why it builds (or that viz/dist is current) and runs Vite only
 * when needed. `script` is for tests.
 */
export function buildSandbox(log: (t: string) => void, script = BUILD_SCRIPT): Promise<void> {
  log('--build: rebuilding the sandbox (viz/dist) if it is missing or older than its sources …\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--sandbox'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => reject(new UserError(`could not run ${script} --sandbox: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new UserError(
      `building the sandbox failed (node ${script} --sandbox exited ${code}; it needs Vite, a dev dependency: run npm install); ` +
      'the API works without a fresh sandbox: run govsim serve without --build'))));
  });
}

export async function serveCommand(o: ServeOptionsText, ctx: CliContext): Promise<number> {
  const port = parsePort(o.port);
  const workers = parseWorkers(o.workers);
  const env = ctx.io.env;
  if (o.build) await buildSandbox(ctx.io.err);
  let server;
  try {
    server = await startServer({ host: o.host, port, dataDir: o.dataDir, workers, env });
  } catch (e) {
    throw new UserError(`cannot start the server: ${(e as Error).message}`);
  }
  await server.closed;
  return EXIT.ok;
}

export const command: CliCommand = {
  name: 'serve',
  register(program: Command, ctx: CliContext) {
    program.command('serve')
      .description('serve the HTTP API (/v1, docs at /docs) and the sandbox (/) until Ctrl-C')
      .option('--host <address>', 'address to listen on (env HOST; default 127.0.0.1; beyond loopback GOVSIM_API_KEYS is required)')
      .option('--port <n>', 'port (env PORT; default 8080)')
      .option('--data-dir <dir>', 'where runs are stored (env GOVSIM_DATA_DIR; default <project>/.data)')
      .option('--workers <k>', 'worker threads for runs (env GOVSIM_WORKERS; default one per core; 0 runs in-process)')
      .option('--build', 'rebuild the sandbox (viz/dist) first if it is missing or stale; needs Vite (npm start uses this)')
      .action(async (o: ServeOptionsText) => ctx.exit(await serveCommand(o, ctx)));
  },
};

export default command;
