#!/usr/bin/env node
// The govsim command: runs the compiled CLI in dist/ (built by `npm install`, `npm run build:dist`
// or scripts/build.mjs), so no TypeScript compiler runs at start-up.
import { existsSync } from 'node:fs';

// `govsim levers | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const entry = new URL('../dist/api/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: govsim is not built (dist/ is missing): run `npm install` or `npm run build:dist` in the govsim folder\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
