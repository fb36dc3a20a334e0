// Build of the report's script: one minified IIFE (d3 and the sandbox's chart modules bundled in)
// at dist/report/report.js, which renderReport inlines into every self-contained report.html.
// Run by scripts/build.mjs (npm install / start / test and vitest's global set-up).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/report', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('./main.ts', import.meta.url)),
      name: 'govsimReport',
      formats: ['iife'],
      fileName: () => 'report.js',
    },
  },
  clearScreen: false,
  logLevel: 'warn',
});
