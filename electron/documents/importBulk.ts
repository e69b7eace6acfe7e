import type { z } from 'zod';
import type { documentsImportInput } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { applyToSnapshots, type CacheDelta } from '../ledger/caches';
import type { Ledger } from '../ledger/open';
import { readSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import { importBatch } from './importBatch';

export type ImportBatchInput = z.output<typeof documentsImportInput>;
export type ImportBatchResult = ReturnType<typeof importBatch>;

/** A batch of an import group that could not be written: which one, why, and what was committed before it (none on the bulk path). */
export class BulkBatchError extends Error {
  constructor(readonly batch: number, readonly reason: CommandError, readonly partial?: ImportBatchResult[]) {
    super(reason.message);
  }
}

/**
 * The bulk path of an import: several batches, already checked by the caller (the CSV import checks
 * every cell with the contract's rules before writing anything), written in one write transaction.
 * Each batch is exactly the document `documents.import` would write (same id, rows, keys, hash chain,
 * balances, command log); what differs is the cost: no per-batch contract parse, one commit per
 * group instead of per batch, and both snapshot axes folded once per touched item-day for the whole
 * group. FIFO costing is only queued, as after any append. All or nothing per group.
 */
export function importBatchesBulk(ledger: Ledger, batches: ImportBatchInput[], now: () => number, log: (batch: ImportBatchInput, result: ImportBatchResult, at: number) => void): ImportBatchResult[] {
  return writeTransaction(ledger, () => {
    const deferred: CacheDelta[] = [];
    const results = batches.map((b, i) => {
      const at = now();
      try {
        const r = importBatch(ledger, b, at, { deferSnapshots: deferred });
        log(b, r, at);
        return r;
      } catch (err) {
        throw new BulkBatchError(i, err instanceof CommandError ? err : new CommandError('INTERNAL', `Something went wrong inside the app: ${(err as Error).message}.`));
      }
    });
    applyToSnapshots(ledger.db, deferred, readSettings(ledger.db).timeZone);
    return results;
  });
}
