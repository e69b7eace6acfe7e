// FIFO re-costing benchmark: a back-dated receipt on an item with 100,000 movements (target: re-cost
// under 100 ms), and the full valuation report over 40,000 items. `scale` multiplies both sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlogEmpty } from '../../electron/costs/backlog';
import { ensureCosted } from '../../electron/costs/catchUp';
import { recostItem } from '../../electron/costs/recost';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { writeTransaction } from '../../electron/ledger/write';
import type { Figure, SectionContext } from './types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T18:00:00Z');
type Progress = (done: number, total: number) => void;

function pct(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}
function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), samples: s.length };
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
let seed = 42;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };

/** One item with `n` movements over two years (137 a day at n = 100,000). */
async function longItem(host: LedgerHost, n: number, progress: Progress, total: number, done0: number): Promise<{ first: number; last: number }> {
  await host.run('items.upsert', { sku: 'LONG', name: 'Busy item' });
  const first = NOW - 730 * DAY;
  const step = (730 * DAY) / n;
  const BATCH = 20_000;
  for (let i = 0; i < n; i += BATCH) {
    const lines = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      const occurredAt = new Date(Math.floor(first + j * step)).toISOString();
      // Receipts of 57 every 20 movements and 19 sales of 1-5 (57 on average) between: stock turns
      // over like a real shelf, so a handful of layers are open at any time.
      lines.push(j % 20 === 0
        ? { type: 'receive' as const, sku: 'LONG', qty: 57, unitCost: 400 + Math.floor(rnd() * 200), occurredAt }
        : { type: 'sale' as const, sku: 'LONG', qty: 1 + Math.floor(rnd() * 5), occurredAt });
    }
    await host.run('documents.import', { id: `long-${i}`, actor: 'bench', lines });
    progress(done0 + Math.min(n, i + BATCH), total);
  }
  return { first, last: first + (n - 1) * step };
}

/** `items` items with a receipt and two sales each (plus a back-dated receipt on every 10th). */
async function manyItems(host: LedgerHost, items: number, progress: Progress, total: number, done0: number): Promise<void> {
  const db = host.ledger.db;
  const insert = db.prepare(`INSERT INTO items (sku, name, category, unit, created_at, updated_at) VALUES (?, ?, ?, 'pcs', ?, ?)`);
  db.transaction(() => { for (let i = 0; i < items; i++) insert.run(`SKU-${String(i).padStart(6, '0')}`, `Item ${i}`, `cat-${i % 40}`, NOW, NOW); })();
  const BATCH = 15_000;
  let lines: Array<{ type: 'receive' | 'sale'; sku: string; qty: number; unitCost?: number; occurredAt: string }> = [];
  const flush = async (k: number) => {
    if (lines.length === 0) return;
    await host.run('documents.import', { id: `many-${k}`, actor: 'bench', lines });
    lines = [];
    progress(done0 + k, total);
  };
  for (let i = 0; i < items; i++) {
    const sku = `SKU-${String(i).padStart(6, '0')}`;
    const at = (d: number) => new Date(NOW - d * DAY).toISOString();
    lines.push({ type: 'receive', sku, qty: 20 + (i % 30), unitCost: 100 + (i % 977), occurredAt: at(60) });
    lines.push({ type: 'sale', sku, qty: 1 + (i % 7), occurredAt: at(30) });
    lines.push({ type: 'sale', sku, qty: 2, occurredAt: at(10) });
    if (i % 10 === 0) lines.push({ type: 'receive', sku, qty: 5, unitCost: 90, occurredAt: at(45) });
    if (lines.length >= BATCH) await flush(i + 1);
  }
  await flush(items);
}

export async function benchCosts(opts: { scale: number; progress?: (done: number, total: number) => void }): Promise<Array<{ name: string; value: number; unit: string; p50?: number; p95?: number; samples?: number }>> {
  const progress = opts.progress ?? (() => {});
  const nMoves = Math.max(1000, Math.round(100_000 * opts.scale));
  const nItems = Math.max(100, Math.round(40_000 * opts.scale));
  const total = nMoves + nItems;
  const dir = mkdtempSync(join(tmpdir(), 'bench-costs-'));
  const out: Array<{ name: string; value: number; unit: string; p50?: number; p95?: number; samples?: number }> = [];
  try {
    const host = new LedgerHost(join(dir, 'long.sqlite'), { now: () => NOW });
    await host.run('settings.set', { allowNegativeStock: true });
    const { last } = await longItem(host, nMoves, progress, total, 0);
    // Costing runs just after each append (a turn of the event loop later); this loop never yields,
    // so the projection is brought up to date explicitly, and each sample below times it too.
    ensureCosted(host.ledger);

    // A receipt recorded now but dated 1-7 days back: the command (append + re-cost) end to end...
    const command: number[] = [];
    for (let i = 0; i < 40; i++) {
      const occurredAt = new Date(last - Math.floor((1 + rnd() * 6) * DAY)).toISOString();
      const t0 = performance.now();
      await host.run('documents.record', { type: 'receive', actor: 'bench', occurredAt, lines: [{ sku: 'LONG', qty: 10, unitCost: 333 }] });
      ensureCosted(host.ledger);
      command.push(performance.now() - t0);
    }
    const c = stats(command);
    out.push({ name: `back-dated receipt (1-7 days) on an item with ${nMoves.toLocaleString('en')} movements: record + re-cost`, unit: 'ms', value: c.p95, ...c });
    // ...and the re-cost alone, from a position 1-7 days back.
    const recost: number[] = [];
    let replayed = 0;
    for (let i = 0; i < 40; i++) {
      const at = last - Math.floor((1 + rnd() * 6) * DAY);
      const t0 = performance.now();
      replayed += writeTransaction(host.ledger, () => recostItem(host.ledger.db, 'LONG', { at, seq: 0 })).replayed;
      recost.push(performance.now() - t0);
    }
    const r = stats(recost);
    out.push({ name: `re-cost after a back-dated receipt (1-7 days), ${Math.round(replayed / 40)} movements replayed`, unit: 'ms', value: r.p95, ...r });
    // Worst case: a receipt back-dated before the item's first movement re-costs all of it.
    const full: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      writeTransaction(host.ledger, () => recostItem(host.ledger.db, 'LONG', { at: 0, seq: 0 }));
      full.push(performance.now() - t0);
    }
    const f = stats(full);
    out.push({ name: `re-cost of all ${nMoves.toLocaleString('en')} movements (receipt dated before the first)`, unit: 'ms', value: f.p50, ...f });
    host.close();

    const many = new LedgerHost(join(dir, 'many.sqlite'), { now: () => NOW });
    await many.run('settings.set', { allowNegativeStock: true });
    await manyItems(many, nItems, progress, total, nMoves);
    ensureCosted(many.ledger);
    for (const [label, payload] of [['now', {}], ['as of 40 days ago', { asOf: new Date(NOW - 40 * DAY).toISOString() }]] as const) {
      const times: number[] = [];
      let items = 0;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        items = (await many.run('valuation.report', payload)).total;
        times.push(performance.now() - t0);
      }
      const v = stats(times);
      out.push({ name: `valuation report, ${items.toLocaleString('en')} items, ${label}`, unit: 'ms', value: v.p50, ...v });
    }
    // Costing runs in slices between commands: a sale, then the costing it causes until the backlog
    // is empty (the sale's full cost), and a read queued right behind it (how long a clerk's next
    // command waits for costing: one slice at most).
    // Idle: nothing queued and the watermark at the last movement. (A sale's rows are queued by the slice
    // itself, so the backlog table alone is empty until then: waiting on it timed the sale without its costing.)
    const idle = async () => { while (!backlogEmpty(many.ledger.db)) await turn(); };
    const skus = many.ledger.db.prepare(`SELECT sku FROM items ORDER BY sku LIMIT 300`).pluck().all() as string[];
    const saleWithCosting: number[] = [];
    const queuedRead: number[] = [];
    for (let i = 0; i < 400; i++) {
      const lines = [0, 1, 2].map((k) => ({ sku: skus[(i * 3 + k) % skus.length]!, qty: 1 }));
      const t0 = performance.now();
      await many.run('documents.record', { type: 'sale', actor: 'bench', lines });
      await idle();
      saleWithCosting.push(performance.now() - t0);
      await many.run('documents.record', { type: 'sale', actor: 'bench', lines });
      const t1 = performance.now();
      // Queued behind the costing slice the sale scheduled (immediates run in order).
      await new Promise<void>((resolve) => setImmediate(() => void many.run('stock.get', { sku: lines[0]!.sku }).then(() => resolve())));
      queuedRead.push(performance.now() - t1);
      await idle();
    }
    const sc = stats(saleWithCosting);
    out.push({ name: '3-line sale + the FIFO costing it causes, until costing is idle', unit: 'ms', value: sc.p95, ...sc });
    const qr = stats(queuedRead);
    out.push({ name: 'stock.get queued right behind a sale\'s costing (wait + read)', unit: 'ms', value: qr.p95, ...qr });
    // A rebuild queues every item; slices between commands (here: none) work the backlog off.
    const t2 = performance.now();
    await many.run('ledger.rebuild', {});
    const rebuildReturned = performance.now() - t2;
    await idle();
    out.push({ name: `ledger.rebuild of ${nItems.toLocaleString('en')} items: answers / costing done in slices`, unit: 'ms', value: Math.round(rebuildReturned), p50: Math.round(rebuildReturned), p95: Math.round(performance.now() - t2), samples: 1 });
    many.close();
    progress(total, total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Entry point for bench/run.ts (optional section). */
export async function run(ctx: SectionContext): Promise<Figure[]> {
  const figures = await benchCosts({ scale: ctx.scale, progress: (d, t) => ctx.progress('costs', d, t) });
  return figures.map((f, i) => ({
    id: `costs.${i}`, name: f.name, unit: f.unit, p50: f.p50, p95: f.p95, samples: f.samples, value: f.p50 === undefined ? f.value : undefined,
    ...(i === 1 ? { target: { stat: 'p95' as const, op: '<=' as const, limit: 100 } } : {}),
    ...(f.name.startsWith('3-line sale') ? { target: { stat: 'p95' as const, op: '<=' as const, limit: 0.5 } } : {}),
    ...(f.name.startsWith('stock.get queued') ? { target: { stat: 'p95' as const, op: '<=' as const, limit: 1 } } : {}),
  }));
}
