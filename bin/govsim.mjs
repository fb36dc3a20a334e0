#!/usr/bin/env node
// The govsim command: loads the TypeScript CLI through tsx, so `npx govsim ...` works after install.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../api/cli.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
