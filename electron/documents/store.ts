import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { LedgerDocument } from '../../shared/contract/documents';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';

const sql = (db: Database) => ({
  header: db.prepare(`SELECT * FROM documents WHERE id = ?`),
  insert: db.prepare(`INSERT INTO documents (id, type, actor, note, occurred_at, recorded_at, request_hash, supplier, supplier_ref) VALUES (@id, @type, @actor, @note, @occurredAt, @recordedAt, @requestHash, @supplier, @supplierRef)`),
  movements: db.prepare(`SELECT * FROM movements WHERE doc_type = ? AND doc_id = ? ORDER BY doc_line, seq`),
  count: db.prepare(`SELECT count(*) FROM movements WHERE doc_type = ? AND doc_id = ?`).pluck(),
});

interface DocumentDbRow { id: string; type: string; actor: string; note: string | null; occurred_at: number; recorded_at: number; request_hash: string; supplier: string | null; supplier_ref: string | null }

/** The fingerprint of a request as the client sent it, so a retry is told apart from a different document. */
export function requestHash(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

/**
 * Idempotency (DESIGN.md invariant 5): the same document id with the same request returns the first
 * result and appends nothing; the same id with a different request is a conflict, never a silent
 * second document. Runs inside the write transaction, so it holds across processes too.
 */
export function findRecorded(db: Database, id: string, type: string, hash: string): LedgerDocument | null {
  return isRecorded(db, id, type, hash) ? readDocument(db, type, id) : null;
}

/** findRecorded's answer and conflict rule without reading the document back (a re-run import asks it per batch). */
export function isRecorded(db: Database, id: string, type: string, hash: string): boolean {
  const header = prepared(db, sql).header.get(id) as DocumentDbRow | undefined;
  if (!header) return false;
  if (header.type !== type || header.request_hash !== hash) {
    throw new CommandError('CONFLICT', `Document id ${id} was already used for a different ${header.type} document. Use a new id for a new document.`, { id, type: header.type });
  }
  return true;
}

/** How many movements a document has. */
export function countDocumentMovements(db: Database, type: string, id: string): number {
  return prepared(db, sql).count.get(type, id) as number;
}

export function saveDocumentHeader(db: Database, d: { id: string; type: string; actor: string; note: string | null; occurredAt: number; recordedAt: number; requestHash: string; supplier?: string | null; supplierRef?: string | null }): void {
  prepared(db, sql).insert.run({ ...d, supplier: d.supplier ?? null, supplierRef: d.supplierRef ?? null });
}

/** A document and its movements, read back from the ledger. */
export function readDocument(db: Database, type: string, id: string): LedgerDocument | null {
  const rows = prepared(db, sql).movements.all(type, id) as MovementDbRow[];
  const header = prepared(db, sql).header.get(id) as DocumentDbRow | undefined;
  if (rows.length === 0 && !header) return null;
  const first = rows[0];
  return {
    type,
    id,
    actor: header?.actor ?? first!.actor,
    note: header ? header.note : first!.note,
    supplier: header?.supplier ?? null,
    supplierRef: header?.supplier_ref ?? null,
    occurredAt: isoOf(header?.occurred_at ?? first!.occurred_at),
    recordedAt: isoOf(header?.recorded_at ?? first!.recorded_at),
    movements: rows.map(movementFromRow),
  };
}
