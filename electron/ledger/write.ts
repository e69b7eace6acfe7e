import type { Ledger } from './open';

/**
 * Runs `fn` as one write transaction, taken with BEGIN IMMEDIATE: the write lock is held from the
 * start, so two processes never both read-then-write, and a busy file is waited for (busy_timeout)
 * instead of failing halfway. Nested calls join the outer transaction.
 */
export function writeTransaction<T>(ledger: Ledger, fn: () => T): T {
  if (ledger.db.inTransaction) return fn();
  return ledger.db.transaction(fn).immediate();
}
