import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';

/**
 * A write transaction of the cost projection alone (a costing slice, a catch-up before a read), whose
 * COMMIT is not fsynced: it runs under `synchronous = NORMAL` on this connection, and the connection's
 * own setting (FULL, see ledger/open.ts) is back before anything else runs on it.
 *
 * Why that is safe (SQLite, PRAGMA synchronous): in WAL mode NORMAL skips only the sync of the WAL after
 * the commit; transactions stay atomic and consistent, and survive a crash of the app. Only a power cut
 * can take the commit back, and then only together with everything written after it and not yet synced:
 * - what it derives from is already durable: the clerk's movements were fsynced by their own (FULL)
 *   commit, or are earlier in the same WAL and roll back with it;
 * - the projection, its backlog and its watermark commit together, so a lost slice leaves the costs as
 *   they were before it with the same work still queued (the next catch-up redoes it);
 * - the next FULL commit on the file (the clerk's next sale) fsyncs the whole WAL, this slice included.
 * What it saves: an fsync per slice, which a clerk's command queued behind the slice would wait for.
 */
export function costingTransaction<T>(ledger: Ledger, fn: () => T): T {
  const db = ledger.db;
  // Inside a caller's transaction the commit is the caller's, and so is its durability.
  if (db.inTransaction) return fn();
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level <= 1) return writeTransaction(ledger, fn); // already OFF or NORMAL
  // Not a prepared statement: SQLite applies `PRAGMA synchronous = ...` when it is compiled.
  db.pragma('synchronous = NORMAL');
  try {
    return writeTransaction(ledger, fn);
  } finally {
    db.pragma(`synchronous = ${level}`);
  }
}
