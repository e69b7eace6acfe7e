// The esbuild options of every bundle, shared by scripts/build.mjs and the tests that check them.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: ROOT };

/** What each Electron bundle may require: the tests fail on anything else. */
export const ELECTRON_BUNDLE_EXTERNALS = {
  'electron/main.js': ['electron'],
  'electron/preload.js': ['electron'],
  // The only native dependency; its .node file is unpacked from the asar.
  'electron/worker.js': ['better-sqlite3'],
  'electron/verifyWorker.js': ['better-sqlite3'],
  'electron/learnedWorker.js': ['better-sqlite3'],
};

/** The contract's command names, read from the contract itself (bundled once to a temp file). */
export async function commandNames() {
  const dir = mkdtempSync(join(tmpdir(), 'sl-names-'));
  try {
    const outfile = join(dir, 'contract.cjs');
    await build({ ...common, sourcemap: false, entryPoints: [join(ROOT, 'shared/contract/index.ts')], outfile });
    return createRequire(outfile)(outfile).COMMAND_NAMES;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces electron/commandNames.ts with a literal list: main and preload need names, not zod. */
function commandNamesPlugin(names) {
  return {
    name: 'command-names',
    setup(b) {
      b.onLoad({ filter: /[\\/]electron[\\/]commandNames\.ts$/ }, () => ({
        contents: `export const COMMAND_NAMES = ${JSON.stringify(names)};`,
        loader: 'ts',
      }));
    },
  };
}

/** main, preload, worker, verifyWorker and learnedWorker: self-contained, as Electron loads them from the asar. */
export async function buildElectronBundles(outdir, { sourcemap = true } = {}) {
  const names = await commandNames();
  const opts = { ...common, sourcemap, outdir };
  await Promise.all([
    build({ ...opts, entryPoints: [{ in: 'electron/main.ts', out: 'electron/main' }, { in: 'electron/preload.ts', out: 'electron/preload' }],
      external: ['electron'], plugins: [commandNamesPlugin(names)] }),
    build({ ...opts, entryPoints: [{ in: 'electron/worker/ledgerWorker.ts', out: 'electron/worker' }, { in: 'electron/ledger/verifyWorker.ts', out: 'electron/verifyWorker' },
      { in: 'electron/ledger/learnedWorker.ts', out: 'electron/learnedWorker' }],
      external: ['better-sqlite3'] }),
  ]);
  return names;
}
