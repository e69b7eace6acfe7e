import type { z } from 'zod';
import type { documentsImportInput } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { MOVEMENT_KINDS } from '../../shared/movements/kinds';
import { requireItems } from '../catalogue/items';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';
import { findRecorded, requestHash, saveDocumentHeader } from './store';
import { refuseFutureTime } from './record';

/**
 * One batch of an import, as one document under a caller-chosen id (the CLI derives it from the
 * file's hash and the batch's first row). A batch is all or nothing; re-running an interrupted import
 * skips the batches already in the ledger.
 */
export function importBatch(ledger: Ledger, p: z.output<typeof documentsImportInput>, now: number): { id: string; movements: number; alreadyImported: boolean } {
  p.lines.forEach((line, i) => {
    const rule = MOVEMENT_KINDS[line.type];
    if (!rule.signedQty && line.qty < 0) throw new CommandError('VALIDATION', `Import line ${i + 1} (${line.sku}): a ${rule.label.toLowerCase()} needs a quantity above zero.`, { line: i, sku: line.sku });
    if (rule.noteRequired && !line.note) throw new CommandError('VALIDATION', `Import line ${i + 1} (${line.sku}): a ${rule.label.toLowerCase()} needs a note saying why.`, { line: i, sku: line.sku });
  });
  const times = p.lines.map((l) => (l.occurredAt ? Date.parse(l.occurredAt) : now));
  times.forEach((t) => refuseFutureTime(t, now));
  // The batch is identified by its content: re-running a file (as anyone) finds it already there.
  const hash = requestHash({ lines: p.lines });
  return writeTransaction(ledger, () => {
    const earlier = findRecorded(ledger.db, p.id, 'import', hash);
    if (earlier) return { id: p.id, movements: earlier.movements.length, alreadyImported: true };
    requireItems(ledger.db, p.lines.map((l) => l.sku));
    appendMovements(ledger, p.lines.map((line, i) => ({
      sku: line.sku, kind: line.type, qty: line.qty, unitCost: line.unitCost ?? null,
      docType: 'import', docId: p.id, docLine: i, note: line.note ?? null, actor: p.actor, occurredAt: times[i]!,
    })), { now });
    saveDocumentHeader(ledger.db, { id: p.id, type: 'import', actor: p.actor, note: null, occurredAt: times.reduce((a, b) => Math.min(a, b)), recordedAt: now, requestHash: hash });
    return { id: p.id, movements: p.lines.length, alreadyImported: false };
  });
}
