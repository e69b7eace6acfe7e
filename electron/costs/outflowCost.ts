import type { Database } from 'better-sqlite3';
import { averageUnitCost } from '../../shared/domain/fifoMoney';
import { prepared } from '../ledger/prepared';
import { costItemNow } from './backlog';

const sql = (db: Database) => ({
  cost: db.prepare(`
    SELECT sum(CASE WHEN a.layer_seq IS NULL THEN 0 ELSE a.qty END) AS qty, sum(a.cost) AS cost,
      sum(CASE WHEN a.layer_seq IS NULL THEN a.qty ELSE 0 END) AS pending
    FROM movements m JOIN cost_allocations a ON a.sku = m.sku AND a.shown_at = m.occurred_at AND a.shown_seq = m.seq
    WHERE m.id = ?`),
  skuOf: db.prepare(`SELECT sku FROM movements WHERE id = ?`).pluck(),
});

/**
 * The FIFO cost of one outflow as known now (e.g. a transfer out, so the receiving branch's transfer
 * in can carry the sender's cost). `unitCost` is the per-unit figure a movement row can carry: the
 * exact total divided by the priced units, rounded half up (a row holds one integer per unit, so a
 * total that does not divide evenly differs by less than one minor unit per unit). Null while pending.
 * Call inside the write transaction that appended the outflow: the item's costs are brought up to date first.
 */
export function outflowCost(db: Database, movementId: string): { qty: number; cost: number; pendingQty: number; unitCost: number | null } {
  const sku = prepared(db, sql).skuOf.get(movementId) as string | undefined;
  if (sku !== undefined) costItemNow(db, sku);
  const r = prepared(db, sql).cost.get(movementId) as { qty: number | null; cost: number | null; pending: number | null };
  const qty = r.qty ?? 0;
  return { qty, cost: r.cost ?? 0, pendingQty: r.pending ?? 0, unitCost: averageUnitCost(r.cost ?? 0, qty) };
}
