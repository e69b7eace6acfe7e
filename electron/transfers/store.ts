import type { Database } from 'better-sqlite3';
import type { TransferView } from '../../shared/contract/transfers';
import { isoOf } from '../../shared/domain/time';
import type { Transfer, TransferReceipt } from '../../shared/sync/protocol';
import { prepared } from '../ledger/prepared';
import { docAcked } from '../sync/outbox';

interface TransferDbRow { id: string; from_branch: string; to_branch: string; lines: string; sent_at: number; actor: string; note: string | null; learned_at: number }
interface ReceiptDbRow { transfer_id: string; branch: string; lines: string; received_at: number; actor: string; learned_at: number }

const sql = (db: Database) => ({
  insertTransfer: db.prepare(`INSERT INTO transfers (id, from_branch, to_branch, lines, sent_at, actor, note, learned_at)
    VALUES (@id, @fromBranch, @toBranch, @lines, @sentAt, @actor, @note, @learnedAt) ON CONFLICT (id) DO NOTHING`),
  insertReceipt: db.prepare(`INSERT INTO transfer_receipts (transfer_id, branch, lines, received_at, actor, learned_at)
    VALUES (@transferId, @branch, @lines, @receivedAt, @actor, @learnedAt) ON CONFLICT (transfer_id) DO NOTHING`),
  transfer: db.prepare(`SELECT * FROM transfers WHERE id = ?`),
  receipt: db.prepare(`SELECT * FROM transfer_receipts WHERE transfer_id = ?`),
  all: db.prepare(`SELECT * FROM transfers WHERE from_branch = @branch OR to_branch = @branch ORDER BY sent_at DESC, id DESC LIMIT 1000`),
  inbound: db.prepare(`SELECT t.* FROM transfers t WHERE t.to_branch = ? AND NOT EXISTS (SELECT 1 FROM transfer_receipts r WHERE r.transfer_id = t.id)
    ORDER BY t.sent_at, t.id`),
  itemName: db.prepare(`SELECT name FROM items WHERE sku = ?`),
  inOutbox: db.prepare(`SELECT 1 FROM sync_outbox_docs WHERE kind = ? AND id = ?`),
});

/** Stores a transfer header (sent here, or learned from HQ); a header seen before is left as it was. */
export function saveTransfer(db: Database, t: Transfer, learnedAt: number): boolean {
  return prepared(db, sql).insertTransfer.run({ ...t, lines: JSON.stringify(t.lines), sentAt: Date.parse(t.sentAt), learnedAt }).changes > 0;
}

export function saveReceipt(db: Database, r: TransferReceipt, learnedAt: number): boolean {
  return prepared(db, sql).insertReceipt.run({ ...r, lines: JSON.stringify(r.lines), receivedAt: Date.parse(r.receivedAt), learnedAt }).changes > 0;
}

export function findTransfer(db: Database, id: string): Transfer | null {
  const r = prepared(db, sql).transfer.get(id) as TransferDbRow | undefined;
  return r ? toTransfer(r) : null;
}

export function findReceipt(db: Database, transferId: string): TransferReceipt | null {
  const r = prepared(db, sql).receipt.get(transferId) as ReceiptDbRow | undefined;
  return r ? { transferId: r.transfer_id, branch: r.branch, lines: JSON.parse(r.lines), receivedAt: isoOf(r.received_at), actor: r.actor } : null;
}

function toTransfer(r: TransferDbRow): Transfer {
  return { id: r.id, fromBranch: r.from_branch, toBranch: r.to_branch, lines: JSON.parse(r.lines), sentAt: isoOf(r.sent_at), actor: r.actor, note: r.note };
}

/** A transfer as screens show it: lines with names, what arrived, the difference, and whether HQ has it. */
export function transferView(db: Database, t: Transfer, ownBranch: string): TransferView {
  const s = prepared(db, sql);
  const receipt = findReceipt(db, t.id);
  const receivedBySku = new Map(receipt?.lines.map((l) => [l.sku, l]) ?? []);
  const direction = t.fromBranch === ownBranch ? 'out' : 'in';
  const lines = t.lines.map((l) => {
    const got = receivedBySku.get(l.sku);
    return {
      sku: l.sku,
      name: (s.itemName.get(l.sku) as { name: string } | undefined)?.name ?? null,
      qty: l.qty,
      unitCost: l.unitCost,
      received: got ? got.received : null,
      difference: got ? got.received - l.qty : null,
      note: got?.note ?? null,
    };
  });
  const discrepancy = lines.some((l) => l.difference !== null && l.difference !== 0);
  // What this branch owes HQ: the header it sent, or the receipt it recorded. Anything learned from HQ is there already.
  const ownDoc = direction === 'out' ? { kind: 'transfer' as const, id: t.id } : receipt ? { kind: 'receipt' as const, id: t.id } : null;
  const syncedToHq = !ownDoc || !s.inOutbox.get(ownDoc.kind, ownDoc.id) || docAcked(db, ownDoc.kind, ownDoc.id);
  return {
    id: t.id,
    fromBranch: t.fromBranch,
    toBranch: t.toBranch,
    direction,
    status: !receipt ? 'in_transit' : discrepancy ? 'received_with_discrepancy' : 'received',
    sentAt: t.sentAt,
    actor: t.actor,
    note: t.note,
    lines,
    receipt: receipt ? { branch: receipt.branch, receivedAt: receipt.receivedAt, actor: receipt.actor } : null,
    syncedToHq,
  };
}

export function listTransfers(db: Database, ownBranch: string): TransferView[] {
  return (prepared(db, sql).all.all({ branch: ownBranch }) as TransferDbRow[]).map((r) => transferView(db, toTransfer(r), ownBranch));
}

export function inboundTransfers(db: Database, ownBranch: string): TransferView[] {
  return (prepared(db, sql).inbound.all(ownBranch) as TransferDbRow[]).map((r) => transferView(db, toTransfer(r), ownBranch));
}
