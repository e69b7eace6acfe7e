import type { Database } from 'better-sqlite3';
import type { Movement } from '../../shared/movements/row';
import type { Transfer, TransferReceipt } from '../../shared/sync/protocol';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';
import type { Item } from '../../shared/contract/items';
import { BARCODES_JSON, parseBarcodes } from '../catalogue/items';
import { deviceCodeSql } from '../ledger/leanRows';

/**
 * The outbox is not a table: it is this device's own movements after the sequence HQ acknowledged
 * (device_id = ledger.deviceId, device_seq > acked), read in device order. Headers that travel beside
 * them (transfers, receipts) wait in sync_outbox_docs until HQ answers the push that carried them.
 */
const sql = (db: Database) => ({
  rows: db.prepare(`SELECT * FROM movements WHERE device = ${deviceCodeSql} AND device_seq > ? ORDER BY device_seq LIMIT ?`),
  item: db.prepare(`SELECT i.sku, i.name, i.category, i.brand, i.barcode, i.unit, ${BARCODES_JSON} FROM items i
    WHERE i.sku = ? AND NOT EXISTS (SELECT 1 FROM sync_hq_items h WHERE h.sku = i.sku)`),
  dueDocs: db.prepare(`SELECT kind, id, payload FROM sync_outbox_docs WHERE acked_at IS NULL AND after_seq <= ? ORDER BY after_seq, created_at LIMIT ?`),
  ackDoc: db.prepare(`UPDATE sync_outbox_docs SET acked_at = ? WHERE kind = ? AND id = ? AND acked_at IS NULL`),
  enqueue: db.prepare(`INSERT INTO sync_outbox_docs (kind, id, payload, after_seq, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING`),
  resend: db.prepare(`UPDATE sync_outbox_docs SET acked_at = NULL WHERE acked_at IS NOT NULL`),
  isAcked: db.prepare(`SELECT acked_at FROM sync_outbox_docs WHERE kind = ? AND id = ?`),
});

export type DocKind = 'transfer' | 'receipt';

/** An item this branch made, pushed so HQ learns it: the catalogue fields of the contract's Item, every barcode included. */
export type PushItem = Pick<Item, 'sku' | 'name' | 'category' | 'brand' | 'barcode' | 'barcodes' | 'unit'>;

export interface OutboxBatch {
  movements: Movement[];
  /** The device sequence of the last row in the batch (or the acked one when there are none). */
  lastSeq: number;
  bytes: number;
  items: PushItem[];
  transfers: Transfer[];
  transferReceipts: TransferReceipt[];
  docKeys: Array<{ kind: DocKind; id: string }>;
}

/** Wire form: what the hash covers, nothing local (seq, learnedAt). */
export function wireMovement(r: MovementDbRow): Movement {
  const { seq: _seq, learnedAt: _learnedAt, ...m } = movementFromRow(r);
  return m;
}

/**
 * The next push: up to `maxCount` rows and about `maxBytes` of JSON, at least one row when any is
 * waiting (a single row over the byte cap still has to go, and HQ's 413 says if it is too big).
 */
export function readBatch(db: Database, deviceId: string, ackedSeq: number, maxCount: number, maxBytes: number): OutboxBatch {
  const s = prepared(db, sql);
  const rows = s.rows.all(deviceId, ackedSeq, maxCount) as MovementDbRow[];
  const movements: Movement[] = [];
  let bytes = 0;
  for (const r of rows) {
    const m = wireMovement(r);
    const size = JSON.stringify(m).length + 1;
    if (movements.length > 0 && bytes + size > maxBytes) break;
    movements.push(m);
    bytes += size;
  }
  const lastSeq = movements.length ? movements[movements.length - 1]!.deviceSeq : ackedSeq;
  const items: PushItem[] = [];
  for (const sku of new Set(movements.map((m) => m.sku))) {
    const row = s.item.get(sku) as (Omit<PushItem, 'barcodes'> & { barcodes_json: string | null }) | undefined;
    if (!row) continue;
    const { barcodes_json, ...item } = row;
    items.push({ ...item, barcodes: parseBarcodes(barcodes_json) });
  }
  const transfers: Transfer[] = [];
  const transferReceipts: TransferReceipt[] = [];
  const docKeys: Array<{ kind: DocKind; id: string }> = [];
  for (const d of s.dueDocs.all(lastSeq, 500) as Array<{ kind: DocKind; id: string; payload: string }>) {
    if (d.kind === 'transfer') transfers.push(JSON.parse(d.payload) as Transfer);
    else transferReceipts.push(JSON.parse(d.payload) as TransferReceipt);
    docKeys.push({ kind: d.kind, id: d.id });
    bytes += d.payload.length;
  }
  return { movements, lastSeq, bytes, items, transfers, transferReceipts, docKeys };
}

/** Queues a header for HQ; it goes with the push that carries device rows up to `afterSeq`. */
export function enqueueDoc(db: Database, kind: DocKind, id: string, payload: Transfer | TransferReceipt, afterSeq: number, now: number): void {
  prepared(db, sql).enqueue.run(kind, id, JSON.stringify(payload), afterSeq, now);
}

export function ackDocs(db: Database, keys: Array<{ kind: DocKind; id: string }>, now: number): void {
  for (const k of keys) prepared(db, sql).ackDoc.run(now, k.kind, k.id);
}

/** After HQ was restored from a backup it may have lost headers too: send them all again. */
export function resendAllDocs(db: Database): void {
  prepared(db, sql).resend.run();
}

export function docAcked(db: Database, kind: DocKind, id: string): boolean {
  const row = prepared(db, sql).isAcked.get(kind, id) as { acked_at: number | null } | undefined;
  return Boolean(row?.acked_at);
}
