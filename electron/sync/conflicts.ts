import type { Database } from 'better-sqlite3';
import type { Migration } from '../ledger/migrations';
import type { LedgerMovement, Movement } from '../../shared/movements/row';
import { missingCompensations, type ConflictLookup } from '../../shared/sync/conflicts';
import { appendReplicated } from '../ledger/append';
import { onAfterAppend } from '../ledger/hooks';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';
import { localOnlyDevices } from './divergenceState';

/**
 * Versions 75–79 (sync conflicts). A movement may now be reversed by more than one row in this file:
 * two PCs that were offline can both reverse it, and both rows are facts. The unique index refused
 * the second one when a pull brought it in, which wedged every pull; one reversal per movement is
 * kept by the command (reverse.ts checks first) and by the conflict rule (shared/sync/conflicts.ts).
 */
export const conflictMigrations: Migration[] = [
  {
    version: 75,
    name: 'reversals: index, not a uniqueness rule',
    sql: `
DROP INDEX movements_reverses;
CREATE INDEX movements_reverses ON movements(reverses) WHERE reverses IS NOT NULL;
`,
  },
  {
    version: 76,
    name: 'stock-take differences by item',
    // The earlier count a new count builds on, and the counts competing for one item (conflict rule).
    sql: `CREATE INDEX movements_stocktake_item ON movements(sku, seq) WHERE doc_type = 'stocktake';`,
  },
];

const sql = (db: Database) => ({
  byReverses: db.prepare(`SELECT * FROM movements WHERE reverses = ?`),
  byDocument: db.prepare(`SELECT * FROM movements WHERE doc_type = ? AND doc_id = ?`),
  // The condition matches the partial index (version 142, leanRows.ts).
  stocktakeOfItem: db.prepare(`SELECT * FROM movements WHERE doc_type GLOB 'stocktake' AND sku = ?`),
  exists: db.prepare(`SELECT 1 FROM movements WHERE id = ?`),
});

/**
 * After every append (a clerk's, a pulled page, a compensation), appends the compensations the
 * conflict rule asks for, in the same transaction. Rows of this PC's local-only chains (a recovery
 * after divergence) are left out: HQ never sees them, and leaving rows out can only make this PC
 * compute a subset of HQ's compensations, which reach it by pull.
 */
export function resolveConflicts(ledger: Ledger, appended: LedgerMovement[]): void {
  const { db } = ledger;
  const s = prepared(db, sql);
  const skip = localOnlyDevices(db);
  const members = (lookup: ConflictLookup): Movement[] => {
    const rows = (lookup.by === 'reverses' ? s.byReverses.all(lookup.id)
      : lookup.by === 'document' ? s.byDocument.all(lookup.docType, lookup.docId)
        : s.stocktakeOfItem.all(lookup.sku)) as MovementDbRow[];
    return rows.filter((r) => !skip.has(r.device_id)).map(movementFromRow);
  };
  const considered = appended.filter((m) => !skip.has(m.deviceId));
  if (!considered.length) return;
  const compensations = missingCompensations(considered, members, (id) => Boolean(s.exists.get(id)));
  // appendReplicated runs the hooks again on these: a compensation can itself compete (a clerk also reversed the loser).
  if (compensations.length) appendReplicated(ledger, compensations, Date.now());
}

export function installConflictHook(): void {
  onAfterAppend(resolveConflicts);
}
