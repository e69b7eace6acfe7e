import type { Database } from 'better-sqlite3';
import type { CogsResult, CogsRow, ValuationResult, ValuationRow } from '../../shared/contract/costs';
import { averageUnitCost } from '../../shared/domain/fifoMoney';
import { isoOf } from '../../shared/domain/time';
import { kindLabel } from '../../shared/movements/kinds';
import { prepared, preparedText } from '../ledger/prepared';

export interface ValuationQuery {
  asOf: number | null;
  category?: string;
  search?: string;
  skus?: string[];
  sort?: string;
  limit?: number;
  offset?: number;
}

const sql = (db: Database) => ({
  // The running totals after the item's last costed movement at or before asOf: one index seek.
  atPoint: db.prepare(`
    SELECT running_qty AS qty, running_value AS value FROM cost_moves
    WHERE sku = ? AND occurred_at <= ? ORDER BY occurred_at DESC, seq DESC LIMIT 1`),
});

/** Filters shared by valuation and COGS, over `items i` joined to a cost table aliased `c`. */
function filters(q: { category?: string; search?: string; skus?: string[] }): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.category) { clauses.push('i.category = @category'); params.category = q.category; }
  const search = q.search?.trim();
  if (search) {
    clauses.push(`(c.sku LIKE @like ESCAPE '\\' OR i.name LIKE @like ESCAPE '\\')`);
    params.like = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  }
  if (q.skus) { clauses.push('c.sku IN (SELECT value FROM json_each(@skus))'); params.skus = JSON.stringify(q.skus); }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const SORTS: Record<string, (a: ValuationRow, b: ValuationRow) => number> = {
  sku: (a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0),
  name: (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || SORTS.sku!(a, b),
  qty: (a, b) => a.qty - b.qty || SORTS.sku!(a, b),
  value: (a, b) => a.value - b.value || SORTS.sku!(a, b),
};

/**
 * Quantity, FIFO value and average unit cost per item, and totals. Now: straight from the per-item
 * totals (kept equal to the sum of remaining layers). As of a point: the running totals of each
 * item's last costed movement by then. Negative stock is valued at 0 and its units shown as pending.
 */
export function valuationReport(db: Database, q: ValuationQuery): ValuationResult {
  const { where, params } = filters(q);
  const base = preparedText(db, `SELECT c.sku, i.name, i.category, c.qty, c.value FROM cost_items c LEFT JOIN items i ON i.sku = c.sku ${where} ORDER BY c.sku`)
    .all(params) as Array<{ sku: string; name: string | null; category: string | null; qty: number; value: number }>;
  const atPoint = prepared(db, sql).atPoint;
  const rows: ValuationRow[] = base.map((r) => {
    const at = q.asOf === null ? r : ((atPoint.get(r.sku, q.asOf) as { qty: number; value: number } | undefined) ?? { qty: 0, value: 0 });
    return { sku: r.sku, name: r.name, category: r.category, qty: at.qty, value: at.value, avgUnitCost: averageUnitCost(at.value, at.qty), pendingQty: Math.max(0, -at.qty) };
  }).filter((r) => r.qty !== 0 || r.value !== 0 || q.skus !== undefined);
  const totals = { qty: 0, value: 0, pendingQty: 0, items: rows.length, negativeItems: 0 };
  for (const r of rows) {
    totals.qty += r.qty;
    totals.value += r.value;
    totals.pendingQty += r.pendingQty;
    if (r.qty < 0) totals.negativeItems += 1;
  }
  const sort = q.sort ?? 'sku';
  const desc = sort.startsWith('-');
  if (sort !== 'sku') {
    const cmp = SORTS[desc ? sort.slice(1) : sort] ?? SORTS.sku!;
    rows.sort(desc ? (a, b) => cmp(b, a) : cmp);
  }
  const offset = q.offset ?? 0;
  const page = q.limit === undefined && offset === 0 ? rows : rows.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
  return { asOf: q.asOf === null ? null : isoOf(q.asOf), rows: page, total: rows.length, totals };
}

/**
 * Cost of goods that went out between two instants (business time), per item and by kind: every
 * costed outflow net of reversals, at the cost known now (including outflows priced retroactively).
 * Units still waiting for a cost are counted apart, never guessed.
 */
export function cogsReport(db: Database, from: number, to: number, category?: string): CogsResult {
  const { where, params } = filters({ category });
  // Item by item through the (sku, shown_at) index: no whole-table scan for a one-month report.
  const inRange = `(SELECT a.* FROM cost_items ci CROSS JOIN cost_allocations a ON a.sku = ci.sku AND a.shown_at BETWEEN @from AND @to)`;
  const rows = preparedText(db, `
    SELECT c.sku, i.name, i.category,
      sum(CASE WHEN c.layer_seq IS NULL THEN 0 ELSE c.qty END) AS qty,
      sum(CASE WHEN c.layer_seq IS NULL THEN c.qty ELSE 0 END) AS pendingQty,
      sum(c.cost) AS cost
    FROM ${inRange} c LEFT JOIN items i ON i.sku = c.sku ${where}
    GROUP BY c.sku ORDER BY c.sku`).all({ ...params, from, to }) as CogsRow[];
  const byKind = (preparedText(db, `
    SELECT coalesce(o.kind, m.kind) AS kind,
      sum(CASE WHEN c.layer_seq IS NULL THEN 0 ELSE c.qty END) AS qty,
      sum(CASE WHEN c.layer_seq IS NULL THEN c.qty ELSE 0 END) AS pendingQty,
      sum(c.cost) AS cost
    FROM ${inRange} c JOIN movements m ON m.seq = c.shown_seq LEFT JOIN movements o ON o.id = m.reverses LEFT JOIN items i ON i.sku = c.sku ${where}
    GROUP BY coalesce(o.kind, m.kind) ORDER BY 1`).all({ ...params, from, to }) as Array<{ kind: string; qty: number; pendingQty: number; cost: number }>)
    .map((k) => ({ ...k, kindLabel: kindLabel(k.kind) }));
  const nonZero = rows.filter((r) => r.qty !== 0 || r.pendingQty !== 0 || r.cost !== 0);
  const totals = nonZero.reduce((t, r) => ({ qty: t.qty + r.qty, pendingQty: t.pendingQty + r.pendingQty, cost: t.cost + r.cost }), { qty: 0, pendingQty: 0, cost: 0 });
  return { from: isoOf(from), to: isoOf(to), rows: nonZero, totals, byKind: byKind.filter((k) => k.qty !== 0 || k.pendingQty !== 0 || k.cost !== 0) };
}
