import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { buildElectronBundles } from '../../scripts/bundles.mjs';
import { REPO_ROOT } from './bundleScript';

let built: Promise<string> | null = null;

/**
 * The Electron bundles (main, preload, worker, verifyWorker) built by the same function `npm run build`
 * uses, into a fresh folder under .tmp/ (once per test file), so tests check what ships even when dist/ is stale.
 */
export function electronBundlesDir(): Promise<string> {
  built ??= (async () => {
    mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(REPO_ROOT, '.tmp', 'electron-bundles-'));
    await buildElectronBundles(dir, { sourcemap: false });
    return dir;
  })();
  return built;
}
