import type { Database } from 'better-sqlite3';
import { toCsv } from '../cli/csv';
import { reviewSession } from './review';

const HEADER = ['sku', 'name', 'category', 'brand', 'status', 'counted', 'expected', 'difference', 'unit_cost', 'difference_value',
  'count_position', 'counted_at', 'last_counted_at', 'counted_by', 'movements_after_count', 'on_hand_change_after_count', 'adjustment_movement_id', 'adjustment_qty'];

/**
 * The variance report as CSV, in review order: counted items first (largest value difference first),
 * then uncounted in-scope items. Money in minor units, as everywhere. A blind count before commit
 * leaves expected, difference and value empty, like the review screen.
 */
export function varianceCsv(db: Database, sessionId: string): { csv: string; filename: string; rows: number } {
  const r = reviewSession(db, sessionId);
  const counted = r.rows.map((x) => [x.sku, x.name, x.category, x.brand, 'counted', x.counted, x.expected, x.difference, x.unitCost, x.differenceValue,
    x.position, x.countedAt, x.lastCountedAt, x.countedBy.join(' + '), x.after.movements, x.after.onHandNet, x.adjustment?.movementId, x.adjustment?.qty]);
  const uncounted = r.uncounted.map((x) => [x.sku, x.name, x.category, x.brand, 'not counted', null, x.expected, null, x.unitCost, null,
    null, null, null, null, null, null, x.adjustment?.movementId, x.adjustment?.qty]);
  const day = r.session.startedAt.slice(0, 10);
  return { csv: toCsv(HEADER, [...counted, ...uncounted]), filename: `stocktake-${day}-${sessionId.slice(0, 8)}.csv`, rows: counted.length + uncounted.length };
}
