// Bundles the Node-side entry points (main, preload, worker, CLIs, benchmark) with esbuild.
// The renderer is built by Vite (`npm run build`). Runs on `npm ci` via `prepare`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'electron/main.ts', out: 'electron/main' },
  { in: 'electron/worker/ledgerWorker.ts', out: 'electron/worker' },
  { in: 'electron/ledger/verifyWorker.ts', out: 'electron/verifyWorker' },
  { in: 'electron/cli.ts', out: 'electron/cli' },
  { in: 'server/cli.ts', out: 'server/cli' },
  { in: 'bench/run.ts', out: 'bench/run' },
  // Benchmark sections other concerns own, loaded by bench/run.ts only if built (see bench/sections/optional.ts).
  { in: 'bench/sections/push.ts', out: 'bench/sections/push' },
  { in: 'bench/sections/costs.ts', out: 'bench/sections/costs' },
  { in: 'bench/uiStockList.ts', out: 'bench/uiStockList' },
].filter((e) => existsSync(e.in));

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  // Dependencies stay in node_modules (native better-sqlite3 above all).
  build({ ...common, entryPoints: entries, outdir: 'dist', packages: 'external' }),
  // The sandboxed preload cannot require our modules: everything but electron is bundled in.
  build({ ...common, entryPoints: [{ in: 'electron/preload.ts', out: 'electron/preload' }], outdir: 'dist', external: ['electron'] }),
]);
console.log(`built ${entries.length + 1} entry points into dist/`);
