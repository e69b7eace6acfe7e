import type { Database } from 'better-sqlite3';
import type { Item, ItemFields, ItemUpsert } from '../../shared/contract/items';
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
  default_cost: number | null;
  price: number | null;
  reorder_level: number | null;
  active: number;
  managed_by_hq?: number;
  created_at: number;
  updated_at: number;
}

/** The columns an item is read with everywhere (`i` = items), HQ management included. */
export const ITEM_COLUMNS = `i.*, EXISTS (SELECT 1 FROM sync_hq_items h WHERE h.sku = i.sku) AS managed_by_hq`;

const sql = (db: Database) => ({
  upsert: db.prepare(`
    INSERT INTO items (sku, name, category, brand, barcode, unit, default_cost, price, reorder_level, created_at, updated_at)
    VALUES (@sku, @name, @category, @brand, @barcode, @unit, @defaultCost, @price, @reorderLevel, @now, @now)
    ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, brand = excluded.brand,
      barcode = excluded.barcode, unit = excluded.unit, default_cost = excluded.default_cost, price = excluded.price,
      reorder_level = excluded.reorder_level, updated_at = excluded.updated_at`),
  get: db.prepare(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.sku = ?`),
  barcodeOwner: db.prepare(`SELECT sku FROM items WHERE barcode = ? AND sku <> ?`),
  setActive: db.prepare(`UPDATE items SET active = ?, updated_at = ? WHERE sku = ?`),
});

export function itemFromRow(r: ItemDbRow): Item {
  return {
    sku: r.sku, name: r.name, category: r.category, brand: r.brand, barcode: r.barcode, unit: r.unit,
    defaultCost: r.default_cost ?? null, price: r.price ?? null, reorderLevel: r.reorder_level ?? null,
    active: r.active !== 0, managedByHq: Boolean(r.managed_by_hq),
    createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at),
  };
}

/** Whom a barcode already belongs to, when that is another item. */
export function barcodeOwner(db: Database, barcode: string, sku: string): string | null {
  return (prepared(db, sql).barcodeOwner.get(barcode, sku) as { sku: string } | undefined)?.sku ?? null;
}

/**
 * The catalogue is reference data, not history: an item's name or barcode can change. The shop's own
 * fields (default cost, price, reorder level) left out keep what they were; null clears them.
 */
export function upsertItem(db: Database, item: ItemFields | ItemUpsert, now: number): Item {
  const s = prepared(db, sql);
  if (item.barcode) {
    const owner = barcodeOwner(db, item.barcode, item.sku);
    if (owner) throw new CommandError('CONFLICT', `Barcode ${item.barcode} already belongs to ${owner}. A barcode must point to one item.`, { barcode: item.barcode, sku: owner, field: 'barcode' });
  }
  const before = s.get.get(item.sku) as ItemDbRow | undefined;
  const shop = item as ItemUpsert;
  const keep = <T,>(given: T | null | undefined, old: T | null | undefined): T | null => (given === undefined ? old ?? null : given);
  s.upsert.run({
    sku: item.sku, name: item.name, category: item.category || null, brand: item.brand || null, barcode: item.barcode || null, unit: item.unit || 'pcs',
    defaultCost: keep(shop.defaultCost, before?.default_cost), price: keep(shop.price, before?.price), reorderLevel: keep(shop.reorderLevel, before?.reorder_level),
    now,
  });
  return itemFromRow(s.get.get(item.sku) as ItemDbRow);
}

/** Deactivating keeps the item and every movement: it only leaves scanning and new documents. */
export function setItemActive(db: Database, sku: string, active: boolean, now: number): Item {
  requireItem(db, sku);
  prepared(db, sql).setActive.run(active ? 1 : 0, now, sku);
  return requireItem(db, sku);
}

export function findItem(db: Database, sku: string): Item | null {
  const row = prepared(db, sql).get.get(sku) as ItemDbRow | undefined;
  return row ? itemFromRow(row) : null;
}

export function requireItem(db: Database, sku: string): Item {
  const item = findItem(db, sku);
  if (!item) throw new CommandError('NOT_FOUND', `No item with SKU ${sku}. Check the code, or add it on the Items screen.`, { sku });
  return item;
}

/** Refuses a document that names items the catalogue does not have, listing all of them at once. */
export function requireItems(db: Database, skus: string[]): void {
  const missing = [...new Set(skus)].filter((sku) => !prepared(db, sql).get.get(sku));
  if (missing.length === 1) throw new CommandError('NOT_FOUND', `No item with SKU ${missing[0]}. Check the code, or add it on the Items screen.`, { skus: missing });
  if (missing.length > 1) throw new CommandError('NOT_FOUND', `No items with SKUs ${missing.join(', ')}. Check the codes, or add them on the Items screen.`, { skus: missing });
}

/** A new document may not name a deactivated item (its history stays; reversals of old lines still work). */
export function refuseInactive(db: Database, skus: string[]): void {
  const inactive = [...new Set(skus)].filter((sku) => (prepared(db, sql).get.get(sku) as ItemDbRow | undefined)?.active === 0);
  if (inactive.length) {
    throw new CommandError('VALIDATION', `${inactive.join(', ')} ${inactive.length === 1 ? 'is' : 'are'} deactivated. Reactivate ${inactive.length === 1 ? 'it' : 'them'} on the Items screen first.`, { skus: inactive, sku: inactive[0] });
  }
}
