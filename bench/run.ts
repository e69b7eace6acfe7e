// npm run bench [-- --scale F] [--json FILE] [--seed N] [--batch N] [--keep] [--skip SECTION,…] [--only SECTION]
// Generates a year of a branch's trading through the real command layer, then measures what the
// issue asks for next to the designs people use instead (naive SUM, mutable counter, PostgreSQL
// daily snapshots when TEST_DATABASE_URL or DATABASE_URL is set). Table on stdout, progress on stderr.
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LedgerHost } from '../electron/host/inProcessHost';
import { busiestSku, generateLedger, type SimClock } from './generate';
import { atLeast, atMost, passes, ratioOf } from './measure';
import { mulberry32 } from './prng';
import { formatMarkdown, formatTable } from './report';
import type { CoreContext } from './sections/core';
import { maintenanceSections } from './sections/maintenance';
import { OPTIONAL_SECTIONS, runOptional } from './sections/optional';
import { postgresSections } from './sections/postgres';
import { readSections } from './sections/reads';
import type { Figure, SectionContext } from './sections/types';
import { workerSections } from './sections/worker';
import { writeSections } from './sections/writes';
import { durabilitySections } from './sections/durability';
import { ensureCosted } from '../electron/costs/catchUp';
import { fileBytesByPurpose, movementBtreeBytes } from './sections/fileBytes';

const FULL_ITEMS = 40_000;
const FULL_MOVEMENTS = 5_000_000;
const DAY_MS = 86_400_000;

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  durationS: number;
  scale: number;
  seed: number;
  items: number;
  movements: number;
  busiest: { sku: string; movements: number };
  kinds: Record<string, number>;
  figures: Figure[];
  skipped: Array<{ section: string; reason: string }>;
  misses: string[];
}

function progressReporter() {
  let task = '';
  let started = 0;
  let startDone = 0;
  let last = 0;
  const tty = process.stderr.isTTY;
  return (name: string, done: number, total: number) => {
    const now = Date.now();
    if (name !== task) { task = name; started = now; startDone = done; last = 0; }
    if (now - last < (tty ? 200 : 5000) && done < total) return;
    last = now;
    const pct = total ? Math.floor((done / total) * 100) : 0;
    const rate = (done - startDone) / Math.max((now - started) / 1000, 0.001);
    const line = `[bench] ${name}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${pct}%) ${Math.round(rate).toLocaleString('en')}/s`;
    process.stderr.write(tty ? `\r${line}\x1b[K${done >= total ? '\n' : ''}` : `${line}\n`);
  };
}

export interface BenchOptions { scale: number; seed: number; batch: number; json?: string; keep?: boolean; baseDir: string; skip?: string[]; only?: string }

function machineOf(loadAtStart: number): BenchResults['machine'] {
  const c = cpus();
  return { cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}`, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg()[0]! };
}

/** `--only SECTION`: one optional section that needs no generated ledger, alone (its own named run). */
async function runStandalone(o: BenchOptions, id: string): Promise<BenchResults> {
  const section = OPTIONAL_SECTIONS.find((s) => s.id === id && 'standalone' in s && s.standalone);
  if (!section) throw new Error(`--only takes a section that runs alone: ${OPTIONAL_SECTIONS.filter((s) => 'standalone' in s).map((s) => s.id).join(', ')}`);
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0]!;
  const workDir = mkdtempSync(join(tmpdir(), 'stock-ledger-bench-'));
  try {
    const progress = progressReporter();
    const ctx = { scale: o.scale, workDir, random: mulberry32(o.seed), progress, samples: (full: number) => Math.max(5, Math.round(full * Math.min(1, Math.sqrt(o.scale)))) } as unknown as SectionContext;
    const out = await runOptional(o.baseDir, section, ctx);
    const figures = out.figures;
    return {
      date: new Date().toISOString(), machine: machineOf(loadAtStart), durationS: (performance.now() - startedAt) / 1000,
      scale: o.scale, seed: o.seed, items: 0, movements: 0, busiest: { sku: '', movements: 0 }, kinds: {}, figures,
      skipped: out.skipped ? [{ section: out.id, reason: out.skipped }] : [], misses: figures.filter((f) => passes(f) === false).map((f) => f.name),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  if (o.only) return runStandalone(o, o.only);
  const progress = progressReporter();
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0]!;
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  const random = mulberry32(o.seed);
  const items = Math.max(50, Math.round(FULL_ITEMS * o.scale));
  const movements = Math.max(2000, Math.round(FULL_MOVEMENTS * o.scale));
  const workDir = mkdtempSync(join(tmpdir(), 'stock-ledger-bench-'));
  const ledgerFile = join(workDir, 'branch.sqlite');
  const clock: SimClock = { now: null };
  const host = new LedgerHost(ledgerFile, { now: () => clock.now ?? Date.now() });
  const figures: Figure[] = [];
  const skipped: BenchResults['skipped'] = [];
  try {
    await host.run('settings.set', { branchCode: 'BENCH', branchName: 'Benchmark branch', timeZone: 'Europe/Berlin' });
    const start = Math.floor((Date.now() - 366 * DAY_MS) / DAY_MS) * DAY_MS;
    log(`generating ${items.toLocaleString('en')} items and ${movements.toLocaleString('en')} movements (scale ${o.scale}, seed ${o.seed}) in ${ledgerFile}`);
    const gen = await generateLedger(host, clock, { items, movements, batch: o.batch, random, start, progress });
    clock.now = null;
    const busiest = busiestSku(host.ledger.db);
    log(`generated ${gen.movements.toLocaleString('en')} movements; busiest item ${busiest.sku} has ${busiest.movements.toLocaleString('en')}`);
    figures.push({
      id: 'import.throughput', name: `documents.import throughput (${gen.importBatches} batches of ≤${Math.min(o.batch, Math.ceil(movements / 20)).toLocaleString('en')} lines)`,
      unit: 'movements/s', value: gen.importLines / (gen.importMs / 1000), samples: gen.importBatches, target: atLeast(150_000),
    });
    // FIFO costing runs right after each append, outside the clerk's transaction (a worker turn later);
    // here the generator never yields, so the whole projection is costed now, and timed on its own.
    const costingStarted = performance.now();
    ensureCosted(host.ledger);
    const costingMs = performance.now() - costingStarted;
    figures.push({ id: 'costs.catchUp', name: 'FIFO costing of every generated movement (after the appends)', unit: 'movements/s', value: gen.movements / (costingMs / 1000), samples: 1 });
    figures.push({ id: 'import.withCosts', name: 'import including its FIFO costing', unit: 'movements/s', value: gen.importLines / ((gen.importMs + costingMs * (gen.importLines / gen.movements)) / 1000), samples: gen.importBatches });
    figures.push({ id: 'generate.commands', name: 'reservations and reversals issued one by one while generating (mean)', unit: 'ms', value: gen.otherMs / Math.max(1, gen.otherCommands), samples: gen.otherCommands });

    const byId = new Map<string, Figure>();
    const ctx: CoreContext = {
      scale: o.scale, ledgerFile, host, workDir, skus: gen.items.map((i) => i.sku), busiestSku: busiest.sku,
      pgUrl: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null,
      random, progress,
      samples: (full) => Math.max(5, Math.round(full * Math.min(1, Math.sqrt(o.scale)))),
      gen, workerFile: join(o.baseDir, '..', 'electron', 'worker.js'), byId,
      randomPastInstant: () => start + Math.floor(random() * (gen.simEnd - start)),
      randomSku: () => gen.items[Math.floor(random() * gen.items.length)]!.sku,
    };
    const add = (list: Figure[]) => { for (const f of list) { figures.push(f); byId.set(f.id, f); } };
    // A section that throws is reported as skipped with its reason; the rest of the run goes on.
    const guarded = async (section: string, run: () => Promise<Figure[]>) => {
      try {
        add(await run());
      } catch (err) {
        skipped.push({ section, reason: `failed: ${(err as Error).message}` });
        log(`${section} failed: ${(err as Error).stack ?? err}`);
      }
    };

    log('writes: 3-line sales, 50-line receipts, mutable-counter baseline');
    await guarded('writes', () => writeSections(ctx));
    log('durability: 3-line sales under synchronous=NORMAL and FULL');
    await guarded('durability', () => durabilitySections(ctx));
    // The app's sale commits under FULL: also against the counter's own fsynced commit, the floor of any durable sale.
    const sale3 = byId.get('documents.record.sale3');
    if (sale3) sale3.ratios = ratioOf(sale3, byId.get('baseline.counter.sale3.full'), 'mutable counter under FULL');
    log('reads: stock.get, fold, stock.list, stock.trail, naive baseline');
    await guarded('reads', () => readSections(ctx));
    if (existsSync(ctx.workerFile)) {
      log('worker round trip');
      await guarded('worker', () => workerSections(ctx));
    } else skipped.push({ section: 'worker', reason: `${ctx.workerFile} not built (npm run build)` });
    if (ctx.pgUrl) {
      log('PostgreSQL daily-snapshot baseline');
      await guarded('postgres', () => postgresSections(ctx));
      const pgNow = byId.get('baseline.pg.now');
      const pgAsOf = byId.get('baseline.pg.asOf');
      const pairs: Array<[string, Figure | undefined]> = [['stock.get.now', pgNow], ['stock.get.asOf', pgAsOf], ['stock.get.believedAt', pgAsOf]];
      const worst = Math.min(...pairs.map(([id, pgf]) => {
        const ours = byId.get(id);
        if (!ours) return Number.NaN;
        const r = pgf && ours.p95 ? pgf.p95! / ours.p95 : Number.NaN;
        ours.ratios = [...(ours.ratios ?? []), { vs: 'PostgreSQL snapshot', times: r }];
        return r;
      }));
      add([{ id: 'ratio.pg', name: 'point reads vs PostgreSQL snapshot design (worst p95 ratio)', unit: '×', value: worst, target: atLeast(4) }]);
    } else skipped.push({ section: 'postgres', reason: 'TEST_DATABASE_URL / DATABASE_URL not set' });

    log('whole file: check, rebuild, verify');
    await guarded('maintenance', () => maintenanceSections(ctx));
    host.ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    const bytes = size(ledgerFile) + size(`${ledgerFile}-wal`);
    const ledgerRows = host.ledger.db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    add([{ id: 'file.size', name: `ledger file on disk (${ledgerRows.toLocaleString('en')} movements, all caches)`, unit: 'MB', value: bytes / 1e6 },
      { id: 'file.bytesPerMovement', name: 'bytes on disk per movement', unit: 'B', value: bytes / ledgerRows, target: atMost(300, 'value') },
      ...fileBytesByPurpose(host.ledger.db, ledgerRows), ...movementBtreeBytes(host.ledger.db, ledgerRows)]);

    for (const section of OPTIONAL_SECTIONS) {
      if (o.skip?.includes(section.id)) { skipped.push({ section: section.id, reason: 'left out with --skip (run it alone: --only)' }); continue; }
      log(`${section.id}: ${section.about}`);
      const out = await runOptional(o.baseDir, section, ctx);
      if (out.skipped) { skipped.push({ section: out.id, reason: out.skipped }); log(`  skipped: ${out.skipped}`); }
      add(out.figures);
    }
    // Bytes against the plain row the sqlite3 shell imported (cliImport): ratio below 1 means bigger.
    const bytesFig = byId.get('file.bytesPerMovement');
    if (bytesFig) bytesFig.ratios = ratioOf(bytesFig, byId.get('baseline.sqlite3Import.bytes'), 'plain row + one index')?.map((r) => ({ ...r, size: true }));
    add([{ id: 'memory.peakRss', name: 'peak memory of the process (RSS)', unit: 'MB', value: process.resourceUsage().maxRSS / 1024 }]);

    const misses = figures.filter((f) => passes(f) === false).map((f) => f.name);
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: machineOf(loadAtStart),
      durationS: (performance.now() - startedAt) / 1000,
      scale: o.scale, seed: o.seed, items, movements: ledgerRows, busiest, kinds: gen.kinds, figures, skipped, misses,
    };
    return results;
  } finally {
    host.close();
    if (!o.keep) rmSync(workDir, { recursive: true, force: true });
    else log(`kept ${workDir}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' }, json: { type: 'string' }, seed: { type: 'string', default: '20260314' },
      batch: { type: 'string', default: '50000' }, keep: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false },
      skip: { type: 'string' }, only: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a number above 0 (got ${values.scale})`);
  const results = await runBench({ scale, seed: Number(values.seed), batch: Number(values.batch), keep: values.keep, baseDir: __dirname, skip: values.skip?.split(','), only: values.only });
  const header = `Stock Ledger benchmark — ${results.date.slice(0, 10)}, ${results.machine.cpus} cores (${results.machine.cpuModel}), ${results.machine.node}; ` +
    `scale ${results.scale}: ${results.items.toLocaleString('en')} items, ${results.movements.toLocaleString('en')} movements, busiest item ${results.busiest.movements.toLocaleString('en')}; ` +
    `load average ${results.machine.loadAverageAtStart.toFixed(1)} at start, ${results.machine.loadAverageAtEnd.toFixed(1)} at end; ${Math.round(results.durationS)} s`;
  process.stdout.write(`\n${header}\n\n${values.markdown ? formatMarkdown(results.figures) : formatTable(results.figures)}\n`);
  if (results.scale !== 1) process.stdout.write(`\nTargets are set for --scale 1; at scale ${results.scale} pass/miss is indicative only.\n`);
  for (const s of results.skipped) process.stdout.write(`skipped ${s.section}: ${s.reason}\n`);
  if (results.misses.length) process.stdout.write(`\nmissed targets: ${results.misses.length}\n`);
  if (values.json) {
    writeFileSync(resolve(values.json), JSON.stringify(results, null, 2));
    process.stderr.write(`[bench] results written to ${resolve(values.json)}\n`);
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (err) => {
    process.stderr.write(`[bench] failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}

