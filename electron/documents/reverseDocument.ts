import type { Database } from 'better-sqlite3';
import type { LedgerDocument } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { reversalDeltas } from '../../shared/movements/kinds';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';
import { writeTransaction } from '../ledger/write';
import { docTypeLabel } from './journal';
import { findRecorded, readDocument, requestHash, saveDocumentHeader } from './store';

const sql = (db: Database) => ({
  lines: db.prepare(`
    SELECT m.*, r.id AS reversed_by FROM movements m LEFT JOIN movements r ON r.reverses = m.id
    WHERE m.doc_type = ? AND m.doc_id = ? ORDER BY m.doc_line, m.seq`),
  header: db.prepare(`SELECT request_hash FROM documents WHERE id = ?`),
});

/**
 * Reverses a whole document in one step: every line not reversed yet gets its own reversal row
 * (pointing at it), all in one transaction under one reversal document. The same request again
 * answers the first result; a document whose lines are all reversed already is refused.
 */
export function reverseDocument(ledger: Ledger, p: { type: string; id: string; reason: string; actor: string }, now: number): LedgerDocument & { reversedLines: number; alreadyReversed: number } {
  const revId = `reversal-of-${p.type}-${p.id}`;
  const hash = requestHash({ type: p.type, id: p.id, reason: p.reason, actor: p.actor });
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const rows = prepared(db, sql).lines.all(p.type, p.id) as Array<MovementDbRow & { reversed_by: string | null }>;
    if (rows.length === 0) throw new CommandError('NOT_FOUND', `No ${docTypeLabel(p.type).toLowerCase()} ${p.id}. Look the document up in the journal.`, { type: p.type, id: p.id });
    if (p.type === 'reversal' || rows.some((r) => r.reverses !== null)) {
      throw new CommandError('VALIDATION', `${p.id} is itself a reversal and cannot be reversed. Record the document again instead.`, { type: p.type, id: p.id });
    }
    const header = prepared(db, sql).header.get(revId) as { request_hash: string } | undefined;
    if (header && header.request_hash === hash) {
      const earlier = findRecorded(db, revId, 'reversal', hash)!;
      return { ...earlier, reversedLines: earlier.movements.length, alreadyReversed: rows.length - earlier.movements.length };
    }
    const open = rows.filter((r) => r.reversed_by === null);
    if (open.length === 0 || header) {
      throw new CommandError('ALREADY_REVERSED', `Every line of ${docTypeLabel(p.type).toLowerCase()} ${p.id} was already reversed. Record an adjustment if more is needed.`, { type: p.type, id: p.id });
    }
    appendMovements(ledger, open.map((row, i) => {
      const original = movementFromRow(row);
      return {
        sku: original.sku, kind: 'reversal' as const, qty: -original.qty,
        deltas: reversalDeltas({ onHand: original.onHandDelta, reserved: original.reservedDelta }),
        unitCost: original.unitCost, docType: 'reversal', docId: revId, docLine: i, reverses: original.id,
        note: p.reason, actor: p.actor,
        // As with one movement: the correction takes effect at the original's business time.
        occurredAt: row.occurred_at,
      };
    }), { now });
    saveDocumentHeader(db, { id: revId, type: 'reversal', actor: p.actor, note: p.reason, occurredAt: open[0]!.occurred_at, recordedAt: now, requestHash: hash });
    return { ...readDocument(db, 'reversal', revId)!, reversedLines: open.length, alreadyReversed: rows.length - open.length };
  });
}
