// A govsim server in a child process for tests and the bench (so that it can be SIGKILLed and
// its memory measured): `node bin/run-ts.mjs test/workshop/server-child.ts PORT DATA_DIR [SANDBOX_DIR]`.
// Prints "listening <url>" when ready. In-process runs, warnings only; GOVSIM_WORKSHOP_THREADS
// sets the workshop's simulation threads. With GOVSIM_CHILD_DIST=1 it loads the compiled server
// (dist/, as `govsim serve` does; build it first) instead of the TypeScript sources.
const { buildApp } = (process.env.GOVSIM_CHILD_DIST === '1'
  ? await import(new URL('../../dist/api/app.js', import.meta.url).href)
  : await import('../../api/app.ts')) as typeof import('../../api/app.ts');
const threads = process.env.GOVSIM_WORKSHOP_THREADS;

const [port, dataDir, sandboxDir] = process.argv.slice(2);
const app = await buildApp({ workers: 0, dataDir, sandboxDir: sandboxDir || `${dataDir}/no-sandbox`, env: {}, logger: { level: 'warn' }, limits: { requestsPerMinute: 0 }, workshopThreads: threads ? Number(threads) : undefined });
const url = await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write(`listening ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
