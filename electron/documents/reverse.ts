import type { Database } from 'better-sqlite3';
import type { LedgerDocument } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { reversalDeltas } from '../../shared/movements/kinds';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';
import { writeTransaction } from '../ledger/write';
import { findRecorded, readDocument, requestHash, saveDocumentHeader } from './store';

const sql = (db: Database) => ({
  byId: db.prepare(`SELECT * FROM movements WHERE id = ?`),
  reversedBy: db.prepare(`SELECT id, doc_id FROM movements WHERE reverses = ?`),
});

/**
 * Compensates one movement with a new row carrying its negated deltas, its cost, and a pointer back.
 * The original stays as it was. The default document id is derived from the movement, so a double
 * click returns the first reversal; a second, different attempt is refused.
 */
export function reverseMovement(ledger: Ledger, p: { movementId: string; reason: string; actor: string; id?: string }, now: number): LedgerDocument {
  const id = p.id ?? `reversal-${p.movementId}`;
  const hash = requestHash({ movementId: p.movementId, reason: p.reason, actor: p.actor });
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const row = prepared(db, sql).byId.get(p.movementId) as MovementDbRow | undefined;
    if (!row) throw new CommandError('NOT_FOUND', `No movement with id ${p.movementId}. Pick the movement from the item's trail.`, { movementId: p.movementId });
    const already = prepared(db, sql).reversedBy.get(p.movementId) as { id: string; doc_id: string } | undefined;
    if (already) {
      // The very same request again (a double click, a retry) gets the first answer.
      if (already.doc_id === id) {
        try {
          const earlier = findRecorded(db, id, 'reversal', hash);
          if (earlier) return earlier;
        } catch { /* a different request under the same id: refused below as a second reversal */ }
      }
      throw new CommandError('ALREADY_REVERSED', `This movement was already reversed (by ${already.id}). A movement can be reversed once; record an adjustment if more is needed.`, { movementId: p.movementId, reversedBy: already.id });
    }
    if (findRecorded(db, id, 'reversal', hash)) throw new CommandError('CONFLICT', `Document id ${id} is already used. Use a new id.`, { id });
    const original = movementFromRow(row);
    appendMovements(ledger, [{
      sku: original.sku,
      kind: 'reversal',
      qty: -original.qty,
      deltas: reversalDeltas({ onHand: original.onHandDelta, reserved: original.reservedDelta }),
      unitCost: original.unitCost,
      docType: 'reversal',
      docId: id,
      docLine: 0,
      reverses: original.id,
      note: p.reason,
      actor: p.actor,
      // The mistake never happened, so the correction takes effect at the original's business time;
      // "what did we believe then" (learned_at) still shows the mistake until it was corrected.
      occurredAt: row.occurred_at,
    }], { now });
    saveDocumentHeader(db, { id, type: 'reversal', actor: p.actor, note: p.reason, occurredAt: row.occurred_at, recordedAt: now, requestHash: hash });
    return readDocument(db, 'reversal', id)!;
  });
}
