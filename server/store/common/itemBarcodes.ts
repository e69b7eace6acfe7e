import { barcodeListProblem, composeBarcodes } from '../../../shared/domain/barcodes';
import type { ItemFields } from '../../../shared/contract/items';
import { HqError } from '../../errors';
import type { SqlConn } from '../sql';

/** Every code of each item, the primary first. */
export async function barcodesOf(conn: SqlConn, skus: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(skus.map((s) => [s, []]));
  if (!skus.length) return out;
  const rows = await conn.all<{ sku: string; barcode: string }>(`SELECT sku, barcode FROM item_barcodes WHERE sku ${conn.inList()} ORDER BY sku, position, barcode`, [conn.list(skus)]);
  for (const r of rows) out.get(String(r.sku))?.push(String(r.barcode));
  return out;
}

/** Every item's codes in one read (the catalogue list). */
export async function allBarcodes(conn: SqlConn): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await conn.all<{ sku: string; barcode: string }>(`SELECT sku, barcode FROM item_barcodes WHERE sku IS NOT NULL ORDER BY sku, position, barcode`)) {
    const list = out.get(String(r.sku)) ?? [];
    list.push(String(r.barcode));
    out.set(String(r.sku), list);
  }
  return out;
}

/**
 * The list HQ will store for an item, checked like the branch checks it: at most MAX_BARCODES, and no
 * code another item has (refused naming that item), so no pull can carry a code two items claim.
 * `barcodes` left out keeps the extra codes (an older console or CLI knows only `barcode`).
 */
export async function checkedBarcodes(conn: SqlConn, item: ItemFields): Promise<string[]> {
  const [current] = await conn.all<{ barcode: string | null }>(`SELECT barcode FROM items WHERE sku = ?`, [item.sku]);
  const list = composeBarcodes(item, { barcode: current?.barcode ?? null, barcodes: (await barcodesOf(conn, [item.sku])).get(item.sku)! }, 'keep');
  const problem = barcodeListProblem(list);
  if (problem) throw new HqError(400, 'VALIDATION', `Item ${item.sku} cannot be saved: ${problem}.`, { field: 'barcodes' });
  if (list.length) {
    const taken = await conn.all<{ barcode: string; sku: string }>(`SELECT barcode, sku FROM item_barcodes WHERE barcode ${conn.inList()} AND sku <> ? ORDER BY barcode`, [conn.list(list), item.sku]);
    if (taken[0]) throw new HqError(409, 'CONFLICT', `Barcode ${taken[0].barcode} already belongs to ${taken[0].sku}. A barcode must point to one item: remove it there first.`, { barcode: taken[0].barcode, sku: taken[0].sku, field: 'barcodes' });
  }
  return list;
}

/** Replaces an item's codes with a checked list (checkedBarcodes); a code removed is left free (sku NULL), not deleted. */
export async function storeBarcodes(conn: SqlConn, sku: string, list: string[]): Promise<void> {
  await conn.run(`UPDATE item_barcodes SET sku = NULL WHERE sku = ?`, [sku]);
  for (const [i, b] of list.entries()) {
    await conn.run(`INSERT INTO item_barcodes (barcode, sku, position) VALUES (?, ?, ?) ON CONFLICT (barcode) DO UPDATE SET sku = excluded.sku, position = excluded.position`, [b, sku, i]);
  }
}
