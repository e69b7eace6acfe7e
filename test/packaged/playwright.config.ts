import { defineConfig } from '@playwright/test';

// The packaged-app smoke test: needs the real Electron binary and a `npm run dist` build, so it runs in
// CI on connected machines (.github/workflows/desktop.yml), never in `npm test` here.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
