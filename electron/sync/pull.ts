import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { pullResponse, type PullResponse } from '../../shared/sync/protocol';
import { appendReplicated } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { readSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import { saveReceipt, saveTransfer } from '../transfers/store';
import { localOnlyDevices } from './divergenceState';
import { HqError, hqRequest, type HttpOptions } from './http';
import { getNumber, KEYS, setMeta, type SyncConfig } from './state';

export interface PullCounts { movements: number; items: number; transfers: number; receipts: number }

type CatalogueItem = z.infer<typeof pullResponse>['items'][number];

const sql = (db: Database) => ({
  // HQ is the authority on the catalogue: a barcode it moved to another item leaves the old one.
  freeBarcode: db.prepare(`UPDATE items SET barcode = NULL WHERE barcode = ? AND sku <> ?`),
  upsertItem: db.prepare(`
    INSERT INTO items (sku, name, category, brand, barcode, unit, created_at, updated_at)
    VALUES (@sku, @name, @category, @brand, @barcode, @unit, @now, @now)
    ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, brand = excluded.brand,
      barcode = excluded.barcode, unit = excluded.unit, updated_at = excluded.updated_at`),
  hqItem: db.prepare(`INSERT INTO sync_hq_items (sku, updated_at) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET updated_at = excluded.updated_at`),
});

function applyCatalogue(db: Database, items: CatalogueItem[], now: number): void {
  const s = prepared(db, sql);
  for (const it of items) {
    if (it.barcode) s.freeBarcode.run(it.barcode, it.sku);
    s.upsertItem.run({ sku: it.sku, name: it.name, category: it.category || null, brand: it.brand || null, barcode: it.barcode || null, unit: it.unit || 'pcs', now });
    s.hqItem.run(it.sku, it.updatedAt);
  }
}

/**
 * Applies one pulled page and moves the pull cursor in the SAME transaction: a crash between the two
 * cannot skip rows or apply them twice (appendReplicated also skips rows already here).
 */
export function applyPullPage(ledger: Ledger, page: PullResponse, now: number): PullCounts {
  const { db } = ledger;
  return writeTransaction(ledger, () => {
    const own = readSettings(db).branchCode;
    // Only this branch's rows from other devices belong here; HQ should send nothing else.
    // Nor rows of a device this PC retired in a recovery: the file has its own or a restored copy (sync/recover.ts).
    const retired = localOnlyDevices(db);
    const rows = page.movements.filter((m) => m.deviceId !== ledger.deviceId && m.branch === own && !retired.has(m.deviceId));
    const added = appendReplicated(ledger, rows, now);
    applyCatalogue(db, page.items, now);
    let transfers = 0;
    for (const t of page.transfers) if (saveTransfer(db, t, now)) transfers += 1;
    let receipts = 0;
    for (const r of page.transferReceipts) if (saveReceipt(db, r, now)) receipts += 1;
    setMeta(db, KEYS.pullCursor, Math.max(getNumber(db, KEYS.pullCursor), page.cursor));
    return { movements: added.length, items: page.items.length, transfers, receipts };
  });
}

/** Pulls pages until HQ says there is no more; each page is applied before the next is asked for. */
export async function pullAll(ledger: Ledger, config: SyncConfig, epoch: string, limit: number, http: HttpOptions): Promise<PullCounts> {
  const total: PullCounts = { movements: 0, items: 0, transfers: 0, receipts: 0 };
  let cursor = getNumber(ledger.db, KEYS.pullCursor);
  for (;;) {
    const { body } = await hqRequest(config.serverUrl, 'GET', `/v1/pull?cursor=${cursor}&limit=${limit}`, pullResponse, { ...http, token: config.token });
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
