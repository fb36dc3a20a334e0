#!/usr/bin/env node
// Runs a TypeScript entry file with tsx's loader: a dev tool for npm scripts (bench, golden:update, docs:odd); the govsim bin runs the compiled dist/ instead.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
register();
const [, , entry, ...rest] = process.argv;
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
