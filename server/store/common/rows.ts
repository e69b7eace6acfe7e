import type { Movement } from '../../../shared/movements/row';
import type { Transfer, TransferReceipt } from '../../../shared/sync/protocol';
import { num, str, type PgType, type Row } from '../sql';

/** Column order of HQ's movements table as insertMany writes it. */
export const MOVEMENT_COLUMNS: Array<[string, PgType]> = [
  ['server_seq', 'int8'], ['id', 'text'], ['device_id', 'text'], ['device_seq', 'int8'], ['branch', 'text'],
  ['sku', 'text'], ['kind', 'text'], ['qty', 'int8'], ['on_hand_delta', 'int8'], ['reserved_delta', 'int8'],
  ['unit_cost', 'int8'], ['doc_type', 'text'], ['doc_id', 'text'], ['doc_line', 'int8'], ['reverses', 'text'],
  ['note', 'text'], ['actor', 'text'], ['occurred_at', 'text'], ['recorded_at', 'text'], ['prev_hash', 'text'],
  ['hash', 'text'], ['received_at', 'text'], ['recorded_branch', 'text'],
];

/**
 * `branch` is the branch the row belongs to (its device's); a row recorded before its PC had a branch
 * keeps its own label in `recorded_branch`, which is what its hash covers and what a pull hands out.
 */
export function movementValues(serverSeq: number, m: Movement, receivedAt: string, branch: string = m.branch): unknown[] {
  return [serverSeq, m.id, m.deviceId, m.deviceSeq, branch, m.sku, m.kind, m.qty, m.onHandDelta, m.reservedDelta,
    m.unitCost, m.docType, m.docId, m.docLine, m.reverses, m.note, m.actor, m.occurredAt, m.recordedAt, m.prevHash,
    m.hash, receivedAt, m.branch === branch ? null : m.branch];
}

export const MOVEMENT_SELECT = `server_seq, id, device_id, device_seq, COALESCE(recorded_branch, branch) AS branch, branch AS owner_branch, sku, kind, qty, on_hand_delta, reserved_delta,
  unit_cost, doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, prev_hash, hash, received_at`;

export function toMovement(r: Row): Movement {
  return {
    id: String(r.id), deviceId: String(r.device_id), deviceSeq: num(r.device_seq), branch: String(r.branch),
    sku: String(r.sku), kind: String(r.kind), qty: num(r.qty), onHandDelta: num(r.on_hand_delta),
    reservedDelta: num(r.reserved_delta), unitCost: r.unit_cost === null ? null : num(r.unit_cost),
    docType: String(r.doc_type), docId: String(r.doc_id), docLine: num(r.doc_line), reverses: str(r.reverses),
    note: str(r.note), actor: String(r.actor), occurredAt: String(r.occurred_at), recordedAt: String(r.recorded_at),
    prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}

export const TRANSFER_SELECT = `t.id, t.server_seq, t.from_branch, t.to_branch, t.sent_at, t.actor, t.note, t.stored_at`;

/** Transfers with their lines (one query for the lines of all of them). */
export function toTransfers(heads: Row[], lines: Row[]): Array<Transfer & { serverSeq: number; storedAt: string }> {
  const byId = new Map<string, Transfer['lines']>();
  for (const l of lines) {
    const list = byId.get(String(l.transfer_id)) ?? [];
    list.push({ sku: String(l.sku), qty: num(l.qty), unitCost: l.unit_cost === null ? null : num(l.unit_cost) });
    byId.set(String(l.transfer_id), list);
  }
  return heads.map((t) => ({
    id: String(t.id), fromBranch: String(t.from_branch), toBranch: String(t.to_branch), lines: byId.get(String(t.id)) ?? [],
    sentAt: String(t.sent_at), actor: String(t.actor), note: str(t.note), serverSeq: num(t.server_seq), storedAt: String(t.stored_at),
  }));
}

export function toReceipt(r: Row): TransferReceipt {
  return { transferId: String(r.transfer_id), branch: String(r.branch), lines: JSON.parse(String(r.lines)), receivedAt: String(r.received_at), actor: String(r.actor) };
}
