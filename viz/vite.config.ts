// Build of the browser sandbox: a static site in viz/dist that works from any static host or
// subpath (relative base) and offline (everything bundled; the engine runs in an ES-module worker).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // The workshop pages (viz/workshop/, served at /workshop/ by `govsim serve`) are extra entries.
    rollupOptions: { input: { main: `${here}index.html`, workshop: `${here}workshop/index.html`, join: `${here}workshop/join.html` } },
  },
  worker: { format: 'es' },
  server: { fs: { allow: [repo] } },
  clearScreen: false,
  logLevel: 'warn',
});
