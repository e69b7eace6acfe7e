import type { Ledger } from '../ledger/open';
import { noProgress, type ProgressListener } from '../ledger/progress';
import { costingTransaction } from './costingTransaction';
import { backlogEmpty, costAll, costItemNow, queueEverything } from './backlog';

/**
 * When costs are brought up to date. Appends only queue work (see backlog.ts); the work itself runs
 * in slices between commands (hooks.ts), and whatever reads costs catches up first: a whole-shop
 * report everything, a one-item read only that item.
 */

/** Is every movement in the ledger costed? */
export const costsUpToDate = (db: Ledger['db']): boolean => backlogEmpty(db);

/** Costs everything still queued or new, inside the caller's write transaction. */
export const catchUpCosts = (db: Ledger['db']): { items: number } => costAll(db);

/** Brings costs up to date before a whole-shop report reads them. */
export function ensureCosted(ledger: Ledger): void {
  if (!costsUpToDate(ledger.db)) costingTransaction(ledger, () => catchUpCosts(ledger.db));
}

/** Brings one item's costs up to date before a read of that item (the rest may stay queued). */
export function ensureItemCosted(ledger: Ledger, sku: string): void {
  costingTransaction(ledger, () => costItemNow(ledger.db, sku));
}

/**
 * Throws every cost table away and queues every item for a full re-cost, at SQL speed: the re-cost
 * itself runs afterwards in slices (or on first read), so a rebuild never holds the clerk's next
 * sale behind the FIFO replay of the whole history.
 */
export function rebuildCosts(db: Ledger['db'], onProgress: ProgressListener = noProgress): { items: number } {
  for (const t of ['cost_moves', 'cost_allocations', 'cost_layers', 'cost_pending', 'cost_items', 'cost_snapshots', 'cost_backlog']) db.exec(`DELETE FROM ${t}`);
  const items = queueEverything(db);
  onProgress({ task: 'costing', done: 0, total: items });
  return { items };
}
