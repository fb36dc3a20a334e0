#!/usr/bin/env node
// The govsim command: loads the TypeScript CLI through tsx, so `npx govsim ...` works after install.
import { register } from 'tsx/esm/api';

// `govsim levers | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
register();
const { main } = await import('../api/cli.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
