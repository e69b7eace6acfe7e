import type { Database } from 'better-sqlite3';
import { MOVEMENT_KINDS, MOVEMENT_KIND_NAMES } from '../../shared/movements/kinds';
import { prepared } from '../ledger/prepared';

/**
 * The unit cost a stock-take difference is valued at: the latest unit cost the ledger recorded on an
 * inflow (purchase receipt, transfer in, customer return) of the item. A stand-in until the FIFO cost
 * helper (costs, issue for migrations 50–59) lands; then review should value at the FIFO cost instead.
 * Which kinds are inflows comes from the kinds registry, not from a list here.
 */
export const COST_SOURCE = 'Unit cost = latest recorded receipt cost of the item (FIFO costing not yet used); items without one have no value.';

const INFLOW_KINDS = MOVEMENT_KIND_NAMES.filter((k) => MOVEMENT_KINDS[k].costed === 'inflow');

const sql = (db: Database) => ({
  latest: db.prepare(`
    SELECT unit_cost AS cost FROM movements
    WHERE sku = ? AND unit_cost IS NOT NULL AND kind IN (${INFLOW_KINDS.map(() => '?').join(', ')})
    ORDER BY seq DESC LIMIT 1`),
});

export function latestUnitCost(db: Database, sku: string): number | null {
  const row = prepared(db, sql).latest.get(sku, ...INFLOW_KINDS) as { cost: number } | undefined;
  return row?.cost ?? null;
}
