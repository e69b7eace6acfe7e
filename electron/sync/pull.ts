import type { Database } from 'better-sqlite3';
import { pullEnvelope, type PullEnvelope } from '../../shared/sync/protocol';
import { composeBarcodes } from '../../shared/domain/barcodes';
import { barcodeOwner, BARCODES_JSON, parseBarcodes, replaceBarcodes } from '../catalogue/items';
import { appendReplicated } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { readSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import { saveReceipt, saveTransfer } from '../transfers/store';
import { localOnlyDevices } from './divergenceState';
import { HqError, hqRequest, type HttpOptions } from './http';
import { noteQuarantine } from './review/parked';
import { applyOrPark, screenPage, type CatalogueItem } from './review/screenPull';
import { getNumber, KEYS, setMeta, type SyncConfig } from './state';

export interface PullCounts { movements: number; items: number; transfers: number; receipts: number }

const sql = (db: Database) => ({
  itemBarcodes: db.prepare(`SELECT i.barcode, ${BARCODES_JSON} FROM items i WHERE i.sku = ?`),
  upsertItem: db.prepare(`
    INSERT INTO items (sku, name, category, brand, barcode, unit, created_at, updated_at)
    VALUES (@sku, @name, @category, @brand, @barcode, @unit, @now, @now)
    ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, brand = excluded.brand,
      barcode = excluded.barcode, unit = excluded.unit, updated_at = excluded.updated_at`),
  hqItem: db.prepare(`INSERT INTO sync_hq_items (sku, updated_at) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET updated_at = excluded.updated_at`),
});

/** HQ is the authority on the catalogue: a barcode it gave this item leaves whichever item here had it. */
function freeBarcode(db: Database, barcode: string, sku: string): void {
  const owner = barcodeOwner(db, barcode, sku);
  if (!owner) return;
  const row = prepared(db, sql).itemBarcodes.get(owner) as { barcode: string | null; barcodes_json: string | null };
  replaceBarcodes(db, owner, parseBarcodes(row.barcodes_json).filter((b) => b !== barcode));
}

function applyCatalogue(db: Database, items: CatalogueItem[], now: number): void {
  const s = prepared(db, sql);
  for (const it of items) {
    // An HQ that predates the list sends no `barcodes`: then the item has no extra codes.
    const barcodes = composeBarcodes(it, { barcode: null, barcodes: [] }, 'none');
    for (const b of barcodes) freeBarcode(db, b, it.sku);
    s.upsertItem.run({ sku: it.sku, name: it.name, category: it.category || null, brand: it.brand || null, barcode: barcodes[0] ?? null, unit: it.unit || 'pcs', now });
    replaceBarcodes(db, it.sku, barcodes);
    s.hqItem.run(it.sku, it.updatedAt);
  }
}

/**
 * Applies one pulled page and moves the pull cursor in the SAME transaction: a crash between the two
 * cannot skip rows or apply them twice (appendReplicated also skips rows already here). Each entry is
 * checked with the branch's own rules first; what this ledger cannot store is parked for review with
 * the reason (./review), and the cursor moves on: no entry can wedge the pull.
 */
export function applyPullPage(ledger: Ledger, page: PullEnvelope, now: number): PullCounts {
  const { db } = ledger;
  return writeTransaction(ledger, () => {
    const own = readSettings(db).branchCode;
    // Only this branch's rows from other devices belong here; HQ should send nothing else.
    const s = screenPage(ledger, page, own ?? '', now);
    // Nor rows of a device this PC retired in a recovery: the file has its own or a restored copy (sync/recover.ts).
    const retired = localOnlyDevices(db);
    const rows = s.movements.filter((m) => !retired.has(m.deviceId));
    let added = 0;
    applyOrPark(db, 'movement', rows, (m) => m.id, (batch) => { added += appendReplicated(ledger, batch, now).length; }, now);
    const items = applyOrPark(db, 'item', s.items, (i) => i.sku, (batch) => applyCatalogue(db, batch, now), now);
    let transfers = 0;
    applyOrPark(db, 'transfer', s.transfers, (t) => t.id, (batch) => { for (const t of batch) if (saveTransfer(db, t, now)) transfers += 1; }, now);
    let receipts = 0;
    applyOrPark(db, 'receipt', s.receipts, (r) => r.transferId, (batch) => { for (const r of batch) if (saveReceipt(db, r, now)) receipts += 1; }, now);
    for (const n of s.notices) noteQuarantine(db, n, ledger.deviceId);
    setMeta(db, KEYS.pullCursor, Math.max(getNumber(db, KEYS.pullCursor), page.cursor));
    return { movements: added, items: items.length, transfers, receipts };
  });
}

/** Pulls pages until HQ says there is no more; each page is applied before the next is asked for. */
export async function pullAll(ledger: Ledger, config: SyncConfig, epoch: string, limit: number, http: HttpOptions): Promise<PullCounts> {
  const total: PullCounts = { movements: 0, items: 0, transfers: 0, receipts: 0 };
  let cursor = getNumber(ledger.db, KEYS.pullCursor);
  for (;;) {
    const { body } = await hqRequest(config.serverUrl, 'GET', `/v1/pull?cursor=${cursor}&limit=${limit}`, pullEnvelope, { ...http, token: config.token });
    if (body.epoch !== epoch) throw new HqError(0, 'EPOCH_CHANGED', 'HQ was restored from a backup during this sync; starting over.', true, 0);
    const counts = applyPullPage(ledger, body, http.now());
    total.movements += counts.movements;
    total.items += counts.items;
    total.transfers += counts.transfers;
    total.receipts += counts.receipts;
    if (!body.hasMore || body.cursor <= cursor) break;
    cursor = body.cursor;
  }
  return total;
}
