import type { Database } from 'better-sqlite3';
import type { Item, ItemFields, ItemUpsert } from '../../shared/contract/items';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { prepared } from '../ledger/prepared';
import { barcodeListProblem, composeBarcodes } from '../../shared/domain/barcodes';

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
  /** JSON array of every barcode, the primary first (ITEM_COLUMNS reads it). */
  barcodes_json?: string | null;
  created_at: number;
  updated_at: number;
}

/** Every barcode of item `i` as a JSON array, the primary first. */
export const BARCODES_JSON = `(SELECT json_group_array(b.barcode ORDER BY b.position, b.barcode) FROM item_barcodes b WHERE b.sku = i.sku) AS barcodes_json`;

/** The columns an item is read with everywhere (`i` = items), HQ management included. */
export const ITEM_COLUMNS = `i.*, EXISTS (SELECT 1 FROM sync_hq_items h WHERE h.sku = i.sku) AS managed_by_hq, ${BARCODES_JSON}`;

const sql = (db: Database) => ({
  upsert: db.prepare(`
    INSERT INTO items (sku, name, category, brand, barcode, unit, default_cost, price, reorder_level, created_at, updated_at)
    VALUES (@sku, @name, @category, @brand, @barcode, @unit, @defaultCost, @price, @reorderLevel, @now, @now)
    ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, brand = excluded.brand,
      barcode = excluded.barcode, unit = excluded.unit, default_cost = excluded.default_cost, price = excluded.price,
      reorder_level = excluded.reorder_level, updated_at = excluded.updated_at`),
  get: db.prepare(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.sku = ?`),
  barcodeOwner: db.prepare(`SELECT sku FROM item_barcodes WHERE barcode = ? AND sku <> ?`),
  byCode: db.prepare(`SELECT sku FROM items WHERE sku = ? UNION ALL SELECT sku FROM item_barcodes WHERE barcode = ? LIMIT 1`),
  setPrimary: db.prepare(`UPDATE items SET barcode = ? WHERE sku = ?`),
  clearBarcodes: db.prepare(`DELETE FROM item_barcodes WHERE sku = ?`),
  addBarcode: db.prepare(`INSERT INTO item_barcodes (barcode, sku, position) VALUES (?, ?, ?)`),
  setActive: db.prepare(`UPDATE items SET active = ?, updated_at = ? WHERE sku = ?`),
});

export function itemFromRow(r: ItemDbRow): Item {
  return {
    sku: r.sku, name: r.name, category: r.category, brand: r.brand, barcode: r.barcode, barcodes: parseBarcodes(r.barcodes_json), unit: r.unit,
    defaultCost: r.default_cost ?? null, price: r.price ?? null, reorderLevel: r.reorder_level ?? null,
    active: r.active !== 0, managedByHq: Boolean(r.managed_by_hq),
    createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at),
  };
}

export function parseBarcodes(json: string | null | undefined): string[] {
  return json ? (JSON.parse(json) as string[]) : [];
}

/** The SKU a scanned or typed code names: the SKU itself first, else any of an item's barcodes. */
export function skuByCode(db: Database, code: string): string | null {
  return (prepared(db, sql).byCode.get(code, code) as { sku: string } | undefined)?.sku ?? null;
}

/** Refuses a code another item carries, naming that item, before anything is written. */
export function refuseTakenBarcodes(db: Database, sku: string, list: string[]): void {
  for (const b of list) {
    const owner = barcodeOwner(db, b, sku);
    if (owner) throw new CommandError('CONFLICT', `Barcode ${b} already belongs to ${owner}. A barcode must point to one item: remove it there first.`, { barcode: b, sku: owner, field: 'barcodes' });
  }
}

/** Sets an item's whole list (primary first); the caller checked it (refuseTakenBarcodes or HQ's authority). */
export function replaceBarcodes(db: Database, sku: string, list: string[]): void {
  const s = prepared(db, sql);
  s.setPrimary.run(list[0] ?? null, sku);
  s.clearBarcodes.run(sku);
  list.forEach((b, i) => s.addBarcode.run(b, sku, i));
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
  const before = s.get.get(item.sku) as ItemDbRow | undefined;
  const barcodes = composeBarcodes(item, { barcode: before?.barcode ?? null, barcodes: parseBarcodes(before?.barcodes_json) }, 'keep');
  const problem = barcodeListProblem(barcodes);
  if (problem) throw new CommandError('VALIDATION', `Item ${item.sku} cannot be saved: ${problem}.`, { field: 'barcodes' });
  refuseTakenBarcodes(db, item.sku, barcodes);
  const shop = item as ItemUpsert;
  const keep = <T,>(given: T | null | undefined, old: T | null | undefined): T | null => (given === undefined ? old ?? null : given);
  s.upsert.run({
    sku: item.sku, name: item.name, category: item.category || null, brand: item.brand || null, barcode: barcodes[0] ?? null, unit: item.unit || 'pcs',
    defaultCost: keep(shop.defaultCost, before?.default_cost), price: keep(shop.price, before?.price), reorderLevel: keep(shop.reorderLevel, before?.reorder_level),
    now,
  });
  replaceBarcodes(db, item.sku, barcodes);
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
