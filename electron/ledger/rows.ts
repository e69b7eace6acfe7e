import type { LedgerMovement } from '../../shared/movements/row';
import type { MovementKind } from '../../shared/movements/kinds';
import { isoOf } from '../../shared/domain/time';

/** A `movements` row as SQLite returns it. */
export interface MovementDbRow {
  seq: number;
  id: string;
  device_id: string;
  device_seq: number;
  branch: string;
  sku: string;
  kind: string;
  qty: number;
  on_hand_delta: number;
  reserved_delta: number;
  unit_cost: number | null;
  doc_type: string;
  doc_id: string;
  doc_line: number;
  reverses: string | null;
  note: string | null;
  actor: string;
  occurred_at: number;
  recorded_at: number;
  learned_at: number;
  prev_hash: string;
  hash: string;
}

export function movementFromRow(r: MovementDbRow): LedgerMovement {
  return {
    seq: r.seq,
    id: r.id,
    deviceId: r.device_id,
    deviceSeq: r.device_seq,
    branch: r.branch,
    sku: r.sku,
    kind: r.kind as MovementKind,
    qty: r.qty,
    onHandDelta: r.on_hand_delta,
    reservedDelta: r.reserved_delta,
    unitCost: r.unit_cost,
    docType: r.doc_type,
    docId: r.doc_id,
    docLine: r.doc_line,
    reverses: r.reverses,
    note: r.note,
    actor: r.actor,
    occurredAt: isoOf(r.occurred_at),
    recordedAt: isoOf(r.recorded_at),
    learnedAt: isoOf(r.learned_at),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
