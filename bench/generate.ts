import type { Database } from 'better-sqlite3';
import type { LedgerHost } from '../electron/host/inProcessHost';
import { makeCatalogue, type BenchItem } from './catalogue';
import { geometric, randomInt, zipfSampler } from './prng';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The host's clock during generation: simulated time walks through the year; null = the real clock. */
export interface SimClock {
  now: number | null;
}

export interface GenerateOptions {
  items: number;
  movements: number;
  /** Lines per documents.import batch. */
  batch: number;
  random: () => number;
  /** The first simulated day starts here (ms); the year ends just before the real now. */
  start: number;
  progress(task: string, done: number, total: number): void;
}

/** Per-item stock as the generator keeps it, so no generated sale is refused for lack of stock. */
export interface StockModel {
  onHand: Int32Array;
  reserved: Int32Array;
  available(i: number): number;
}

export interface GeneratedLedger {
  items: BenchItem[];
  /** Items by popularity rank (0 = busiest). */
  byRank: number[];
  model: StockModel;
  movements: number;
  /** Time spent inside documents.import calls only, and the lines they appended. */
  importMs: number;
  importLines: number;
  importBatches: number;
  /** Individual commands (reservations, reversals) issued between batches. */
  otherCommands: number;
  otherMs: number;
  kinds: Record<string, number>;
  simEnd: number;
}

interface OpenHold { ref: string; item: number; qty: number; due: number; fulfil: boolean }

async function must(host: LedgerHost, name: string, payload: unknown): Promise<unknown> {
  const outcome = await host.call(name, payload);
  if (!outcome.ok) throw new Error(`benchmark generator: ${name} was refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result;
}

/**
 * Fills a ledger through the command layer, deterministically: the catalogue with items.upsert, then
 * a year of trading in time order as documents.import batches (receipts, sales, customer returns,
 * adjustments, write-offs, complimentary, supplier returns; some receipts back-dated), and between
 * batches the clerk's single commands: reservations (reserve, later fulfil or release) and reversals
 * of mistaken sales. The host's clock is the simulated one, so learned_at spreads over the year too.
 */
export async function generateLedger(host: LedgerHost, clock: SimClock, o: GenerateOptions): Promise<GeneratedLedger> {
  const { random } = o;
  const items = makeCatalogue(o.items, random);
  // Popularity rank → item, shuffled so the busiest item is not simply the first SKU.
  const byRank = items.map((_, i) => i);
  for (let i = byRank.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byRank[i], byRank[j]] = [byRank[j]!, byRank[i]!];
  }
  const rankOf = new Int32Array(items.length);
  byRank.forEach((item, rank) => { rankOf[item] = rank; });
  const popular = zipfSampler(items.length, random);

  clock.now = o.start;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    await must(host, 'items.upsert', { sku: it.sku, name: it.name, category: it.category, brand: it.brand, barcode: it.barcode });
    if (i % 2000 === 0) o.progress('catalogue', i, items.length);
  }

  const onHand = new Int32Array(items.length);
  const reserved = new Int32Array(items.length);
  const model: StockModel = { onHand, reserved, available: (i) => onHand[i]! - reserved[i]! };
  const kinds: Record<string, number> = {};
  const count = (kind: string, n = 1) => { kinds[kind] = (kinds[kind] ?? 0) + n; };
  const reorderQty = (item: number) => randomInt(random, 12, 48) * (rankOf[item]! < 200 ? 10 : 1);

  const target = o.movements;
  let appended = 0;
  // Line k of the year happens at a shop-hours instant of its day; times only move forward.
  const timeAt = (k: number) => {
    const f = (Math.min(k, target) / target) * 365;
    const day = Math.min(364, Math.floor(f));
    return o.start + day * DAY_MS + 7 * HOUR_MS + Math.floor((f - day) * 14 * HOUR_MS);
  };

  const result: GeneratedLedger = { items, byRank, model, movements: 0, importMs: 0, importLines: 0, importBatches: 0, otherCommands: 0, otherMs: 0, kinds, simEnd: 0 };
  const batchSize = Math.max(200, Math.min(o.batch, Math.ceil(target / 20)));
  const db = host.ledger.db;
  const lineId = db.prepare(`SELECT id FROM movements WHERE doc_type = 'import' AND doc_id = ? AND doc_line = ?`).pluck();
  const holds: OpenHold[] = [];
  let holdNo = 0;

  // The opening stock take of the year: one receipt per item, in batches like any import.
  const opening = items.map((it, i) => {
    const qty = reorderQty(i);
    onHand[i] = qty;
    return { type: 'receive' as const, sku: it.sku, qty, unitCost: randomInt(random, 50, 50_000), occurredAt: new Date(o.start + HOUR_MS).toISOString() };
  });
  count('receive', opening.length);
  for (let i = 0; i < opening.length; i += batchSize) {
    clock.now = o.start + 2 * HOUR_MS;
    appended += await importBatch(host, result, `bench-opening-${i}`, opening.slice(i, i + batchSize));
  }

  type Line = { type: string; sku: string; qty: number; unitCost?: number; occurredAt: string; note?: string };
  let batchNo = 0;
  while (appended < target) {
    const lines: Line[] = [];
    const voids: Array<{ line: number; item: number; qty: number }> = [];
    const wantHolds: Array<{ item: number; qty: number }> = [];
    let t = 0;
    // One event adds up to two lines (a delivery before the sale it makes possible).
    while (lines.length < batchSize - 1 && appended + lines.length + voids.length + wantHolds.length * 2 < target) {
      t = timeAt(appended + lines.length + voids.length + wantHolds.length * 2);
      const at = new Date(t).toISOString();
      const item = byRank[popular()]!;
      const sku = items[item]!.sku;
      const u = random();
      const receive = (backdate: boolean) => {
        const qty = reorderQty(item);
        onHand[item]! += qty;
        const when = backdate ? new Date(Math.max(o.start, t - randomInt(random, 1, 5) * DAY_MS)).toISOString() : at;
        lines.push({ type: 'receive', sku, qty, unitCost: randomInt(random, 50, 50_000), occurredAt: when });
        count('receive');
      };
      const outflow = (type: string, qty: number, note?: string) => {
        if (model.available(item) < qty) return;
        onHand[item]! -= qty;
        lines.push({ type, sku, qty, occurredAt: at, ...(note ? { note } : {}) });
        count(type);
      };
      if (u < 0.8) {
        const qty = geometric(random, 0.6, 8);
        // Shelf empty: the delivery arrives first (sometimes entered days late).
        if (model.available(item) < qty) receive(random() < 0.03);
        outflow('sale', qty);
        if (random() < 0.003) voids.push({ line: lines.length - 1, item, qty });
      } else if (u < 0.83) {
        onHand[item]! += 1;
        lines.push({ type: 'customer_return', sku, qty: 1, occurredAt: at });
        count('customer_return');
      } else if (u < 0.86) receive(random() < 0.05);
      else if (u < 0.875) {
        const qty = randomInt(random, 1, 3) * (random() < 0.6 ? -1 : 1);
        if (qty > 0 || model.available(item) >= -qty) {
          onHand[item]! += qty;
          lines.push({ type: 'adjustment', sku, qty, occurredAt: at, note: 'Recount on the shelf' });
          count('adjustment');
        }
      } else if (u < 0.885) outflow('write_off', 1, 'Damaged');
      else if (u < 0.89) outflow('complimentary', 1);
      else if (u < 0.895) outflow('supplier_return', randomInt(random, 1, 3));
      else if (u < 0.915) wantHolds.push({ item, qty: randomInt(random, 1, 2) });
      else outflow('sale', 1);
    }
    if (lines.length === 0 && wantHolds.length === 0) break;
    const batchId = `bench-import-${batchNo++}`;
    clock.now = t + 60_000;
    if (lines.length) appended += await importBatch(host, result, batchId, lines);

    const started = performance.now();
    const step = () => { clock.now! += 1000; };
    for (const v of voids) {
      const movementId = lineId.get(batchId, v.line) as string;
      step();
      await must(host, 'movements.reverse', { movementId, reason: 'Wrong item rung up', actor: 'clerk-2' });
      onHand[v.item]! += v.qty;
      count('reversal');
      appended += 1;
      result.otherCommands += 1;
    }
    // Holds whose time has come are handed over or let go.
    holds.sort((a, b) => a.due - b.due);
    while (holds.length && holds[0]!.due <= clock.now!) {
      const h = holds.shift()!;
      step();
      await must(host, h.fulfil ? 'reservations.fulfil' : 'reservations.release', { ref: h.ref, actor: 'clerk-1' });
      reserved[h.item]! -= h.qty;
      if (h.fulfil) onHand[h.item]! -= h.qty;
      count(h.fulfil ? 'fulfil' : 'release');
      appended += 1;
      result.otherCommands += 1;
    }
    for (const w of wantHolds) {
      if (model.available(w.item) < w.qty) continue;
      step();
      const ref = `HOLD-${++holdNo}`;
      await must(host, 'reservations.reserve', { sku: items[w.item]!.sku, qty: w.qty, ref, customer: `Customer ${holdNo % 997}`, actor: 'clerk-1' });
      reserved[w.item]! += w.qty;
      holds.push({ ref, item: w.item, qty: w.qty, due: clock.now! + randomInt(random, 1, 72) * HOUR_MS, fulfil: random() < 0.65 });
      count('reserve');
      appended += 1;
      result.otherCommands += 1;
    }
    result.otherMs += performance.now() - started;
    o.progress('generate', Math.min(appended, target), target);
  }
  result.movements = appended;
  result.simEnd = clock.now ?? o.start;
  return result;

  async function importBatch(h: LedgerHost, r: GeneratedLedger, id: string, lines: Line[]): Promise<number> {
    const started = performance.now();
    const res = (await must(h, 'documents.import', { id, lines, actor: 'bench-import' })) as { movements: number };
    r.importMs += performance.now() - started;
    r.importLines += res.movements;
    r.importBatches += 1;
    return res.movements;
  }
}

/** Movements per SKU straight from the ledger (the busiest item is the fold's worst case). */
export function busiestSku(db: Database): { sku: string; movements: number } {
  return db.prepare(`SELECT sku, movements FROM balances ORDER BY movements DESC LIMIT 1`).get() as { sku: string; movements: number };
}
