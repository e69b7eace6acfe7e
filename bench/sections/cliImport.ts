/**
 * "CLI import of a legacy CSV vs sqlite3 .import": the shipped command-line tool
 * (`node bin/stock-ledger.js --db F import X.csv`, default batch) run as a child process on a fresh
 * ledger, timed end to end (process start to exit, items created by the import itself) with its
 * peak RSS, next to the sqlite3 shell's `.import` of the same file into a plain table with one
 * (sku, occurred_at) index, in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { writeLegacyCsv } from '../legacyCsv';
import { atLeast, atMost } from '../measure';
import type { Figure, SectionContext } from './types';

const FULL_LINES = 1_000_000;
const MIN_LINES = 5_000;
const FULL_ITEMS = 40_000;
const SEED = 20261130;
/** dist/bench/sections/cliImport.js → the repository root, where bin/stock-ledger.js is. */
const ROOT = resolve(__dirname, '..', '..', '..');
const TIME = '/usr/bin/time';

export interface ChildRun { ms: number; code: number | null; stdout: string; stderr: string; peakRssKb: number | null }

/** Runs a program to its end; peak RSS from `/usr/bin/time -v` when present, else by polling VmHWM. */
export function runMeasured(cmd: string, args: string[], input?: string): Promise<ChildRun> {
  const viaTime = existsSync(TIME);
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(viaTime ? TIME : cmd, viaTime ? ['-v', cmd, ...args] : args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hwm: number | null = null;
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-100_000); });
    const poll = viaTime ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm ?? 0, Number(m[1]));
      } catch { /* gone */ }
    }, 20);
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      done({ ms, code, stdout, stderr, peakRssKb: m ? Number(m[1]) : hwm });
    });
    child.stdin.end(input ?? '');
  });
}

/** Movements in the imported ledger: from the file when its table is readable, else the CLI's own count. */
function importedMovements(dbFile: string, stdout: string): number | null {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try { return db.prepare('SELECT count(*) FROM movements').pluck().get() as number; } finally { db.close(); }
  } catch {
    const m = /"appended"\s*:\s*(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  }
}

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 400);

export async function run(ctx: SectionContext): Promise<Figure[]> {
  const lines = Math.max(MIN_LINES, Math.round(FULL_LINES * ctx.scale));
  const items = Math.max(50, Math.round(FULL_ITEMS * ctx.scale));
  const csv = join(ctx.workDir, 'legacy.csv');
  const t0 = performance.now();
  const made = writeLegacyCsv(csv, { lines, items, seed: SEED });
  process.stderr.write(`[bench] cliImport: wrote ${lines.toLocaleString('en')} lines over ${items.toLocaleString('en')} items (${(made.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  // Ours: the built CLI on a fresh file, the catalogue created by the import (name columns).
  const cli = join(ROOT, 'bin', 'stock-ledger.js');
  if (!existsSync(join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/electron/cli.js not built (npm run build)');
  const ledger = join(ctx.workDir, 'cli-import.sqlite');
  const ours = await runMeasured(process.execPath, [cli, '--db', ledger, '--actor', 'bench', 'import', csv]);
  if (ours.code !== 0) throw new Error(`stock-ledger import exited ${ours.code}: ${tail(ours.stdout)} ${tail(ours.stderr)}`);
  const imported = importedMovements(ledger, ours.stdout);
  if (imported !== lines) throw new Error(`stock-ledger import appended ${imported} movements for ${lines} lines`);
  const rate = lines / (ours.ms / 1000);
  // What end to end includes besides the import: process start, loading the CLI, creating the file.
  const empty = join(ctx.workDir, 'cli-empty.sqlite');
  const idle = await runMeasured(process.execPath, [cli, '--db', empty, '--json', 'stock']);
  const ledgerBytes = statSync(ledger).size + (existsSync(`${ledger}-wal`) ? statSync(`${ledger}-wal`).size : 0);

  const figures: Figure[] = [
    {
      id: 'cliImport.throughput', name: `stock-ledger import of a ${lines.toLocaleString('en')}-line legacy CSV (CLI, default batch, end to end)`,
      unit: 'movements/s', value: rate, samples: 1, target: atLeast(150_000),
    },
    {
      id: 'cliImport.peakRss', name: 'stock-ledger import: peak memory of the CLI process (RSS)', unit: 'MB',
      value: ours.peakRssKb === null ? Number.NaN : ours.peakRssKb / 1024, samples: 1,
      note: existsSync(TIME) ? 'from /usr/bin/time -v' : 'VmHWM polled every 20 ms',
    },
    {
      id: 'cliImport.startup', name: 'of which at most: CLI start on a fresh ledger (`stock` on an empty file)', unit: 'ms', value: idle.code === 0 ? idle.ms : Number.NaN, samples: 1,
      note: idle.code === 0 ? undefined : `exited ${idle.code}: ${tail(idle.stderr)}`,
    },
    { id: 'cliImport.bytesPerMovement', name: 'stock-ledger import: bytes on disk per movement (fresh ledger)', unit: 'B', value: ledgerBytes / lines, samples: 1 },
  ];

  // Baseline: the sqlite3 shell, same CSV, one (sku, occurred_at) index, in this run.
  const shell = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (shell.error || shell.status !== 0) {
    figures[0]!.note = 'baseline skipped: the sqlite3 shell is not installed (apt-get install sqlite3)';
    return figures;
  }
  const plain = join(ctx.workDir, 'sqlite3-import.sqlite');
  const cols = 'sku TEXT, qty TEXT, type TEXT, unit_cost TEXT, occurred_at TEXT, note TEXT, name TEXT, category TEXT, brand TEXT, barcode TEXT, unit TEXT';
  const script = `CREATE TABLE movements(${cols});\nCREATE INDEX movements_sku_at ON movements(sku, occurred_at);\n.import --csv --skip 1 '${csv.replace(/'/g, "''")}' movements\nSELECT count(*) FROM movements;\n`;
  const base = await runMeasured('sqlite3', ['-bail', plain], script);
  const baseRows = Number(base.stdout.trim().split('\n').pop());
  if (base.code !== 0 || baseRows !== lines) throw new Error(`sqlite3 .import exited ${base.code} with ${base.stdout.trim()} rows: ${tail(base.stderr)}`);
  const baseRate = lines / (base.ms / 1000);
  figures[0]!.ratios = [{ vs: 'sqlite3 .import', times: rate / baseRate }];
  figures.push(
    { id: 'baseline.sqlite3Import', name: 'baseline: sqlite3 shell .import of the same CSV (one (sku, occurred_at) index)', unit: 'rows/s', value: baseRate, samples: 1 },
    { id: 'baseline.sqlite3Import.bytes', name: 'baseline: bytes per row of that plain table and its index', unit: 'B', value: (statSync(plain).size + (existsSync(`${plain}-wal`) ? statSync(`${plain}-wal`).size : 0)) / lines, samples: 1 },
    { id: 'cliImport.vsSqlite3', name: 'stock-ledger import time ÷ sqlite3 .import time', unit: '×', value: ours.ms / base.ms, samples: 1, target: atMost(2.5, 'value') },
  );
  return figures;
}
