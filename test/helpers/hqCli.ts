import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT } from './bundleScript';

/**
 * The HQ admin CLI as an operator runs it: `node bin/stock-ledger-hq.js …`. The bin file is copied next
 * to a fresh bundle of server/cli.ts (the same esbuild options as scripts/build.mjs) under .tmp/, so a
 * test exercises the current source without rewriting dist/ under other tests' feet. Call it at the top
 * of a test file; the returned function gives the bin's path once the suite has started.
 */
export function useHqCliBundle(name: string, options: { withConsole?: boolean } = {}): () => string {
  const root = join(REPO_ROOT, '.tmp', `${name}-${process.pid}`);
  const bin = join(root, 'bin/stock-ledger-hq.js');
  beforeAll(() => {
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'bin/stock-ledger-hq.js'), bin);
    buildSync({ entryPoints: [join(REPO_ROOT, 'server/cli.ts')], outfile: join(root, 'dist/server/cli.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
    // The shipped layout: dist/server/cli.js finds the console bundle in dist/console (built by npm run build).
    const consoleDir = join(REPO_ROOT, 'dist/console');
    if (options.withConsole && existsSync(join(consoleDir, 'index.html'))) cpSync(consoleDir, join(root, 'dist/console'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return () => bin;
}
