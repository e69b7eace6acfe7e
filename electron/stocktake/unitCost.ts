import type { Database } from 'better-sqlite3';
import { costSql, type CostItemRow } from '../costs/store';
import { prepared } from '../ledger/prepared';

/**
 * The unit cost a stock-take difference is valued at, and the cost found stock enters the FIFO
 * layers with: the item's current FIFO average (value of its remaining layers / units in them).
 * With no layers left (sold out or below zero) it falls back to the last unit cost FIFO saw.
 */
export const COST_SOURCE = 'Unit cost = current FIFO average of the item (value of its remaining cost layers per unit); items never received at a cost have no value.';

export function stocktakeUnitCost(db: Database, sku: string): number | null {
  const row = prepared(db, costSql).item.get(sku) as CostItemRow | undefined;
  if (!row) return null;
  if (row.qty > 0 && row.value > 0) return Math.round(row.value / row.qty);
  return row.last_unit_cost;
}
