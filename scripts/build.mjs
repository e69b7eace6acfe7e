// Bundles the Node-side entry points with esbuild; the renderer is built by Vite and the Electron app
// folder staged by scripts/stageApp.mjs (`npm run build` runs all three). Runs on `npm ci` via `prepare`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { buildElectronBundles, ROOT } from './bundles.mjs';

// Node-only programs: dependencies stay in the root node_modules (Node's better-sqlite3).
const entries = [
  { in: 'electron/cli.ts', out: 'electron/cli' },
  { in: 'server/cli.ts', out: 'server/cli' },
  { in: 'bench/run.ts', out: 'bench/run' },
  // Benchmark sections other concerns own, loaded by bench/run.ts only if built (see bench/sections/optional.ts).
  { in: 'bench/sections/push.ts', out: 'bench/sections/push' },
  { in: 'bench/sections/costs.ts', out: 'bench/sections/costs' },
  { in: 'bench/sections/cliImport.ts', out: 'bench/sections/cliImport' },
  { in: 'bench/sections/bigImport.ts', out: 'bench/sections/bigImport' },
  { in: 'bench/uiStockList.ts', out: 'bench/uiStockList' },
  // Measuring tools: a kept benchmark ledger, and the whole-file commands timed on it (bench/RESULTS.md).
  { in: 'bench/tools/genLedger.ts', out: 'bench/tools/genLedger' },
  { in: 'bench/tools/maintenance.ts', out: 'bench/tools/maintenance' },
].filter((e) => existsSync(new URL(`../${e.in}`, import.meta.url)));

await Promise.all([
  build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: ROOT,
    entryPoints: entries, outdir: 'dist', packages: 'external' }),
  // What Electron loads (and the CLI's and tests' worker): self-contained, see scripts/bundles.mjs.
  buildElectronBundles('dist'),
]);
console.log(`built ${entries.length + 4} entry points into dist/`);
