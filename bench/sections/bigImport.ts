/**
 * "Import a 2 GB CSV in under 300 MB of memory" (issue 13): a legacy CSV of 2 GB × scale (so
 * `--scale 1` is 2 GB, 0.02 is 40 MB), generated to the scratch directory, imported by the shipped
 * CLI (`stock-ledger import`, default batch) as a child process into a fresh ledger, timed end to
 * end with its peak RSS. The CLI reads the file twice (every row is checked before anything is
 * written), so it needs a file, not a pipe; both files are deleted when the section ends.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeLegacyCsv } from '../legacyCsv';
import { atMost } from '../measure';
import { runMeasured } from './cliImport';
import type { Figure, SectionContext } from './types';

const FULL_BYTES = 2 * 1024 ** 3;
const MIN_BYTES = 4 * 1024 ** 2;
const FULL_ITEMS = 40_000;
const RSS_LIMIT_MB = 300;
const SEED = 20261201;
const ROOT = resolve(__dirname, '..', '..', '..');

export async function run(ctx: SectionContext): Promise<Figure[]> {
  const cli = join(ROOT, 'bin', 'stock-ledger.js');
  if (!existsSync(join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/electron/cli.js not built (npm run build)');
  const target = Math.max(MIN_BYTES, Math.round(FULL_BYTES * ctx.scale));
  const items = Math.max(50, Math.round(FULL_ITEMS * ctx.scale));
  // Bytes per line from a small sample of the same generator, then the line count that makes the size.
  const sample = join(ctx.workDir, 'big-sample.csv');
  const perLine = writeLegacyCsv(sample, { lines: 20_000, items, seed: SEED }).bytes / 20_000;
  rmSync(sample, { force: true });
  const lines = Math.round(target / perLine);
  const csv = join(ctx.workDir, 'big.csv');
  const ledger = join(ctx.workDir, 'big-import.sqlite');
  try {
    const t0 = performance.now();
    const made = writeLegacyCsv(csv, { lines, items, seed: SEED });
    process.stderr.write(`[bench] bigImport: wrote ${lines.toLocaleString('en')} lines (${(made.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const ours = await runMeasured(process.execPath, [cli, '--db', ledger, '--actor', 'bench', 'import', csv]);
    if (ours.code !== 0) throw new Error(`stock-ledger import exited ${ours.code}: ${ours.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`);
    const appended = Number(/"appended"\s*:\s*(\d+)/.exec(ours.stdout)?.[1] ?? Number.NaN);
    if (appended !== lines) throw new Error(`stock-ledger import appended ${appended} movements for ${lines} lines`);
    const mb = made.bytes / 1024 ** 2;
    return [
      { id: 'bigImport.throughput', name: `stock-ledger import of a ${mb.toFixed(0)} MB CSV (${lines.toLocaleString('en')} lines, 2 GB at scale 1), end to end`, unit: 'movements/s', value: lines / (ours.ms / 1000), samples: 1 },
      { id: 'bigImport.mbPerSecond', name: 'the same in CSV megabytes per second', unit: 'MB/s', value: mb / (ours.ms / 1000), samples: 1 },
      {
        id: 'bigImport.peakRss', name: `stock-ledger import of a ${mb.toFixed(0)} MB CSV: peak memory of the CLI (RSS)`, unit: 'MB',
        value: ours.peakRssKb === null ? Number.NaN : ours.peakRssKb / 1024, samples: 1, target: atMost(RSS_LIMIT_MB, 'value'),
      },
      { id: 'bigImport.bytesPerMovement', name: 'the imported ledger: bytes on disk per movement', unit: 'B', value: (statSync(ledger).size + (existsSync(`${ledger}-wal`) ? statSync(`${ledger}-wal`).size : 0)) / lines, samples: 1 },
    ];
  } finally {
    for (const f of [csv, ledger, `${ledger}-wal`, `${ledger}-shm`]) rmSync(f, { force: true });
  }
}
