// A govsim server in a child process for tests and the bench (so that it can be SIGKILLed and
// its memory measured): `node bin/run-ts.mjs test/workshop/server-child.ts PORT DATA_DIR [SANDBOX_DIR]`.
// Prints "listening <url>" when ready. In-process runs, warnings only.
import { buildApp } from '../../api/app.ts';

const [port, dataDir, sandboxDir] = process.argv.slice(2);
const app = await buildApp({ workers: 0, dataDir, sandboxDir: sandboxDir || `${dataDir}/no-sandbox`, env: {}, logger: { level: 'warn' }, limits: { requestsPerMinute: 0 } });
const url = await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write(`listening ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
