import type { Database } from 'better-sqlite3';
import { toCsv } from '../cli/csv';
import { currencyDigits, localTime, moneyCell } from '../csv/write';
import { readSettings } from '../ledger/settings';
import { reviewSession } from './review';

const HEADER = ['sku', 'name', 'category', 'brand', 'status', 'counted', 'expected', 'difference', 'unit_cost', 'difference_value',
  'count_position', 'counted_at', 'last_counted_at', 'counted_by', 'movements_after_count', 'on_hand_change_after_count', 'adjustment_movement_id', 'adjustment_qty',
  'unit_cost_minor', 'difference_value_minor', 'currency'];

/**
 * The variance report as CSV, in review order: counted items first (largest value difference first),
 * then uncounted in-scope items. Like the other exports: money as a decimal amount in the branch
 * currency for people (`unit_cost`, `difference_value`), in minor units for machines (`_minor`), times
 * in the branch's zone with their offset. A blind count before commit leaves expected, difference and
 * value empty, like the review screen.
 */
export function varianceCsv(db: Database, sessionId: string): { csv: string; filename: string; rows: number } {
  const r = reviewSession(db, sessionId);
  const { currency, timeZone } = readSettings(db);
  const digits = currencyDigits(currency);
  const money = (minor: number | null | undefined) => moneyCell(minor, digits);
  const at = (iso: string | null | undefined) => (iso ? localTime(Date.parse(iso), timeZone) : null);
  const counted = r.rows.map((x) => [x.sku, x.name, x.category, x.brand, 'counted', x.counted, x.expected, x.difference, money(x.unitCost), money(x.differenceValue),
    x.position, at(x.countedAt), at(x.lastCountedAt), x.countedBy.join(' + '), x.after.movements, x.after.onHandNet, x.adjustment?.movementId, x.adjustment?.qty,
    x.unitCost, x.differenceValue, currency]);
  const uncounted = r.uncounted.map((x) => [x.sku, x.name, x.category, x.brand, 'not counted', null, x.expected, null, money(x.unitCost), null,
    null, null, null, null, null, null, x.adjustment?.movementId, x.adjustment?.qty, x.unitCost, null, currency]);
  const day = r.session.startedAt.slice(0, 10);
  return { csv: toCsv(HEADER, [...counted, ...uncounted]), filename: `stocktake-${day}-${sessionId.slice(0, 8)}.csv`, rows: counted.length + uncounted.length };
}
