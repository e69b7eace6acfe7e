import { closeSync, openSync, writeSync } from 'node:fs';
import { makeCatalogue } from './catalogue';
import { mulberry32, randomInt, zipfSampler } from './prng';

/** The columns `stock-ledger import` reads (README, electron/cli/import.ts); item fields on every line, as legacy exports do. */
export const LEGACY_CSV_HEADER = ['sku', 'qty', 'type', 'unit_cost', 'occurred_at', 'note', 'name', 'category', 'brand', 'barcode', 'unit'] as const;

export interface LegacyCsv { lines: number; items: number; bytes: number; receipts: number; sales: number }

const DAY_MS = 86_400_000;

/**
 * A deterministic legacy CSV of `lines` movement lines over `items` items, a year of trading ending
 * yesterday, in time order: an item's first line is a receipt (with its cost), later lines are sales
 * (1-5 units, never more than is on hand, so no line is refused) or re-orders when stock runs low.
 * Popularity is skewed like a real catalogue. Written in chunks: 1,000,000 lines never sit in memory.
 */
export function writeLegacyCsv(file: string, o: { lines: number; items: number; seed: number; end?: number }): LegacyCsv {
  const random = mulberry32(o.seed);
  const catalogue = makeCatalogue(o.items, random);
  const pickItem = zipfSampler(o.items, random);
  const onHand = new Int32Array(o.items);
  const end = Math.floor((o.end ?? Date.now()) / DAY_MS) * DAY_MS - DAY_MS;
  const start = end - 365 * DAY_MS;
  const step = (end - start) / o.lines;
  const fd = openSync(file, 'w');
  let bytes = 0;
  let receipts = 0;
  let sales = 0;
  const flush = (chunk: string[]) => { const s = chunk.join(''); bytes += Buffer.byteLength(s); writeSync(fd, s); chunk.length = 0; };
  try {
    const chunk: string[] = [`${LEGACY_CSV_HEADER.join(',')}\n`];
    for (let i = 0; i < o.lines; i++) {
      const k = pickItem();
      const item = catalogue[k]!;
      const at = new Date(Math.floor(start + i * step)).toISOString();
      let type: 'receive' | 'sale';
      let qty: number;
      let cost = '';
      if (onHand[k]! < 5 || random() < 0.04) {
        type = 'receive';
        qty = randomInt(random, 24, 240);
        cost = String(randomInt(random, 50, 5_000));
        receipts += 1;
      } else {
        type = 'sale';
        qty = Math.min(onHand[k]!, randomInt(random, 1, 5));
        sales += 1;
      }
      onHand[k] = onHand[k]! + (type === 'receive' ? qty : -qty);
      const note = type === 'receive' && i % 7 === 0 ? `delivery ${i}` : '';
      chunk.push(`${item.sku},${qty},${type},${cost},${at},${note},${item.name},${item.category},${item.brand},${item.barcode},pcs\n`);
      if (chunk.length >= 20_000) flush(chunk);
    }
    flush(chunk);
  } finally {
    closeSync(fd);
  }
  return { lines: o.lines, items: o.items, bytes, receipts, sales };
}
