// The server: build the app, listen on HOST:PORT (default 127.0.0.1:8080), and on SIGINT or
// SIGTERM close gracefully: stop accepting connections, end event streams, give running runs
// a grace period (what does not finish goes back to the queue for the next start) and close
// the store. A second signal exits at once. Run it with `node bin/run-ts.mjs api/server.ts`
// or `govsim serve`.
import type { FastifyInstance } from 'fastify';
import { pathToFileURL } from 'node:url';
import { buildApp, type AppOptions } from './app.ts';

export interface ServerOptions extends AppOptions {
  port?: number;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Resolves when the server has closed. */
  closed: Promise<void>;
  close(): Promise<void>;
}

function portFrom(o: ServerOptions, env: Record<string, string | undefined>): number {
  const raw = o.port ?? env.PORT ?? 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer in [0, 65535], got ${JSON.stringify(raw)}`);
  return port;
}

export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const env = o.env ?? process.env;
  const host = o.host ?? env.HOST ?? '127.0.0.1';
  const port = portFrom(o, env);
  const app = await buildApp({ ...o, host, lockDataDir: o.lockDataDir ?? true });
  // A queue executor checks Redis now, so an unreachable Redis stops the start with its URL named.
  const ready = (app.executor as { ready?: () => Promise<unknown> }).ready;
  if (ready) {
    try {
      await ready();
    } catch (e) {
      await app.close();
      throw e;
    }
  }
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => { resolveClosed = r; });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= app.close().then(resolveClosed, (err) => {
      app.log.error({ err }, 'error while closing');
      resolveClosed();
    });
    return closing;
  };
  try {
    await app.listen({ host, port });
  } catch (e) {
    await app.close();
    throw e;
  }
  const addr = app.server.address();
  const url = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  if (o.handleSignals ?? true) {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        app.log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      app.log.info({ signal }, 'shutting down: finishing or re-queueing running jobs');
      void close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  app.log.info({ url, dataDir: app.store.dir, executor: app.executor.name }, `govsim API listening on ${url} (docs at ${url}/docs)`);
  return { app, url, closed, close };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer().catch((e: Error) => {
    process.stderr.write(`govsim server: ${e.message}\n`);
    process.exit(1);
  });
}
