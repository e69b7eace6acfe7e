import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files run in parallel processes; each test works in its own temporary ledger files.
    pool: 'forks',
    reporters: ['default'],
  },
});
