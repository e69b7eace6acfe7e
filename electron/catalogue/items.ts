import type { Database } from 'better-sqlite3';
import type { Item, ItemFields } from '../../shared/contract/items';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { prepared } from '../ledger/prepared';

export interface ItemDbRow {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  barcode: string | null;
  unit: string;
  created_at: number;
  updated_at: number;
}

const sql = (db: Database) => ({
  upsert: db.prepare(`
    INSERT INTO items (sku, name, category, brand, barcode, unit, created_at, updated_at)
    VALUES (@sku, @name, @category, @brand, @barcode, @unit, @now, @now)
    ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, brand = excluded.brand,
      barcode = excluded.barcode, unit = excluded.unit, updated_at = excluded.updated_at`),
  get: db.prepare(`SELECT * FROM items WHERE sku = ?`),
  barcodeOwner: db.prepare(`SELECT sku FROM items WHERE barcode = ? AND sku <> ?`),
});

export function itemFromRow(r: ItemDbRow): Item {
  return { sku: r.sku, name: r.name, category: r.category, brand: r.brand, barcode: r.barcode, unit: r.unit, createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at) };
}

/** The catalogue is reference data, not history: an item's name or barcode can change. */
export function upsertItem(db: Database, item: ItemFields, now: number): Item {
  const s = prepared(db, sql);
  if (item.barcode) {
    const owner = s.barcodeOwner.get(item.barcode, item.sku) as { sku: string } | undefined;
    if (owner) throw new CommandError('CONFLICT', `Barcode ${item.barcode} already belongs to ${owner.sku}. A barcode must point to one item.`, { barcode: item.barcode, sku: owner.sku });
  }
  s.upsert.run({ sku: item.sku, name: item.name, category: item.category || null, brand: item.brand || null, barcode: item.barcode || null, unit: item.unit || 'pcs', now });
  return itemFromRow(s.get.get(item.sku) as ItemDbRow);
}

export function findItem(db: Database, sku: string): Item | null {
  const row = prepared(db, sql).get.get(sku) as ItemDbRow | undefined;
  return row ? itemFromRow(row) : null;
}

export function requireItem(db: Database, sku: string): Item {
  const item = findItem(db, sku);
  if (!item) throw new CommandError('NOT_FOUND', `No item with SKU ${sku}. Check the code, or add the item first.`, { sku });
  return item;
}

/** Refuses a document that names items the catalogue does not have, listing all of them at once. */
export function requireItems(db: Database, skus: string[]): void {
  const missing = [...new Set(skus)].filter((sku) => !prepared(db, sql).get.get(sku));
  if (missing.length === 1) throw new CommandError('NOT_FOUND', `No item with SKU ${missing[0]}. Check the code, or add the item first.`, { skus: missing });
  if (missing.length > 1) throw new CommandError('NOT_FOUND', `No items with SKUs ${missing.join(', ')}. Check the codes, or add the items first.`, { skus: missing });
}
