import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Bundles a TypeScript script so a test can run it as a separate OS process (`node file.js`).
 * The bundle is written under the repo's .tmp/ so `better-sqlite3` still resolves from node_modules.
 */
export function bundleScript(entry: string): string {
  const outDir = join(ROOT, '.tmp', 'scripts');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${entry.replace(/[^a-zA-Z0-9]+/g, '_')}-${process.pid}.js`);
  buildSync({ entryPoints: [join(ROOT, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
  return outfile;
}

export const REPO_ROOT = ROOT;
