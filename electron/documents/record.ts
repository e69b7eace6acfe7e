import type { DocumentsRecordInput, LedgerDocument } from '../../shared/contract/documents';
import type { z } from 'zod';
import { REASON_REQUIRED_TYPES, SUPPLIER_TYPES, type documentsRecordInput } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { MOVEMENT_KINDS } from '../../shared/movements/kinds';
import { refuseInactive, requireItems } from '../catalogue/items';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';
import { findRecorded, readDocument, requestHash, saveDocumentHeader } from './store';

/** How far ahead of this PC's clock a business time may lie before it is taken for a typo or a bad clock. */
export const MAX_FUTURE_MS = 10 * 60_000;

export function refuseFutureTime(occurredAt: number, now: number): void {
  if (occurredAt > now + MAX_FUTURE_MS) {
    throw new CommandError('VALIDATION', `The date ${new Date(occurredAt).toISOString()} is in the future. Check the date, and this PC's clock.`, { occurredAt: new Date(occurredAt).toISOString() });
  }
}

/**
 * Records a clerk's document (receipt, sale, return, write-off, adjustment...) as one movement per
 * line, all or none, under a client-chosen id that makes retries and double clicks safe.
 */
export function recordDocument(ledger: Ledger, p: z.output<typeof documentsRecordInput>, now: number): LedgerDocument {
  const rule = MOVEMENT_KINDS[p.type];
  p.lines.forEach((line, i) => {
    if (!rule.signedQty && line.qty < 0) {
      throw new CommandError('VALIDATION', `Line ${i + 1} (${line.sku}): the quantity must be more than zero for a ${rule.label.toLowerCase()}. Use an adjustment or a reversal to take stock back.`, { line: i, sku: line.sku });
    }
  });
  if ((rule.noteRequired || REASON_REQUIRED_TYPES.has(p.type)) && !p.note) {
    throw new CommandError('VALIDATION', `A ${rule.label.toLowerCase()} needs a note saying why. Add the reason and post again.`, { field: 'note' });
  }
  if ((p.supplier !== undefined || p.supplierRef !== undefined) && !SUPPLIER_TYPES.has(p.type)) {
    throw new CommandError('VALIDATION', `A ${rule.label.toLowerCase()} has no supplier. Only a purchase receipt or a return to supplier names one.`, { field: 'supplier' });
  }
  const occurredAt = p.occurredAt ? Date.parse(p.occurredAt) : now;
  refuseFutureTime(occurredAt, now);
  const { id: givenId, ...request } = p satisfies DocumentsRecordInput;
  const hash = requestHash(request);
  const id = givenId ?? uuidv7(now);

  return writeTransaction(ledger, () => {
    const earlier = findRecorded(ledger.db, id, p.type, hash);
    if (earlier) return earlier;
    requireItems(ledger.db, p.lines.map((l) => l.sku));
    refuseInactive(ledger.db, p.lines.map((l) => l.sku));
    appendMovements(ledger, p.lines.map((line, i) => ({
      sku: line.sku,
      kind: p.type,
      qty: line.qty,
      unitCost: line.unitCost ?? null,
      docType: p.type,
      docId: id,
      docLine: i,
      note: p.note ?? null,
      actor: p.actor,
      occurredAt,
    })), { now });
    saveDocumentHeader(ledger.db, { id, type: p.type, actor: p.actor, note: p.note ?? null, occurredAt, recordedAt: now, requestHash: hash, supplier: p.supplier ?? null, supplierRef: p.supplierRef ?? null });
    return readDocument(ledger.db, p.type, id)!;
  });
}
