// Test runner configuration: every test lives under test/ and mirrors the source folders.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when stale: tests that spawn the CLI run the compiled JavaScript.
    globalSetup: ['test/global-setup.mjs'],
    exclude: ['node_modules/**', 'dist/**', 'viz/dist/**', '.data/**', 'test-artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-results.json' },
  },
});
