import type { Database } from 'better-sqlite3';
import type { AfterMovement, ReviewRow, StocktakeReview, UncountedRow } from '../../shared/contract/stocktake';
import { compareVariance, differenceValue, movedWhileCounting, varianceTotals, type ItemCount } from '../../shared/domain/stocktake';
import { isoOf } from '../../shared/domain/time';
import { kindLabel } from '../../shared/movements/kinds';
import { prepared } from '../ledger/prepared';
import { stockAtPosition, stockNow } from '../ledger/stockAt';
import { allItemCounts } from './counts';
import { closingOf, requireSession, sessionView, skusInScope, STOCKTAKE_DOC_TYPE } from './sessions';
import { COST_SOURCE, stocktakeUnitCost } from './unitCost';

/** How many of the movements after an item's count the review lists (the rest are counted). */
const RECENT_AFTER = 5;

const sql = (db: Database) => ({
  item: db.prepare(`SELECT sku, name, category, brand FROM items WHERE sku = ?`),
  adjustments: db.prepare(`SELECT sku, id, seq, qty FROM movements WHERE doc_type = '${STOCKTAKE_DOC_TYPE}' AND doc_id = ?`),
  // Only rows that change on-hand matter to a count; this session's own adjustments are not "after".
  afterSummary: db.prepare(`
    SELECT count(*) AS n, coalesce(sum(on_hand_delta), 0) AS net, coalesce(sum(seq <= @last), 0) AS during
    FROM movements WHERE sku = @sku AND seq > @position AND on_hand_delta <> 0
      AND NOT (doc_type = '${STOCKTAKE_DOC_TYPE}' AND doc_id = @sessionId)`),
  afterRecent: db.prepare(`
    SELECT seq, kind, on_hand_delta, actor, doc_type, doc_id, occurred_at FROM movements
    WHERE sku = @sku AND seq > @position AND on_hand_delta <> 0
      AND NOT (doc_type = '${STOCKTAKE_DOC_TYPE}' AND doc_id = @sessionId)
    ORDER BY seq LIMIT ${RECENT_AFTER}`),
});

interface ItemInfo { sku: string; name: string; category: string | null; brand: string | null }
type Adjustment = { movementId: string; seq: number; qty: number };

function itemInfo(db: Database, sku: string): ItemInfo {
  return (prepared(db, sql).item.get(sku) as ItemInfo | undefined) ?? { sku, name: sku, category: null, brand: null };
}

function adjustmentsOf(db: Database, sessionId: string): Map<string, Adjustment> {
  const rows = prepared(db, sql).adjustments.all(sessionId) as Array<{ sku: string; id: string; seq: number; qty: number }>;
  return new Map(rows.map((r) => [r.sku, { movementId: r.id, seq: r.seq, qty: r.qty }]));
}

function afterCount(db: Database, sessionId: string, sku: string, c: ItemCount): ReviewRow['after'] {
  const params = { sku, position: c.position, last: c.lastPosition, sessionId };
  const s = prepared(db, sql);
  const summary = s.afterSummary.get(params) as { n: number; net: number; during: number };
  const recent: AfterMovement[] = summary.n === 0 ? [] : (s.afterRecent.all(params) as Array<{ seq: number; kind: string; on_hand_delta: number; actor: string; doc_type: string; doc_id: string; occurred_at: number }>)
    .map((m) => ({ seq: m.seq, kind: m.kind, kindLabel: kindLabel(m.kind), onHandDelta: m.on_hand_delta, actor: m.actor, docType: m.doc_type, docId: m.doc_id, occurredAt: isoOf(m.occurred_at), whileCounting: movedWhileCounting(m.seq, c) }));
  return { movements: summary.n, onHandNet: summary.net, whileCounting: summary.during, recent };
}

/**
 * The variance review: per counted item expected (stock at its count position), counted, difference
 * and its value, and what moved after the count; uncounted in-scope items apart. A blind count
 * before commit withholds expected, difference and value (and sorts by SKU, since an order by
 * difference would give the differences away).
 */
export function reviewSession(db: Database, sessionId: string): StocktakeReview {
  // One read transaction: a consistent snapshot even while another process (a second till, the CLI) writes.
  return db.inTransaction ? buildReview(db, sessionId) : db.transaction(() => buildReview(db, sessionId))();
}

function buildReview(db: Database, sessionId: string): StocktakeReview {
  const row = requireSession(db, sessionId);
  const session = sessionView(db, row);
  const closing = closingOf(db, sessionId);
  const committed = closing?.outcome === 'committed';
  const hidden = session.blind && !committed;
  const adjustments = committed ? adjustmentsOf(db, sessionId) : new Map<string, Adjustment>();
  const counts = allItemCounts(db, sessionId);

  const rows: ReviewRow[] = [];
  for (const [sku, c] of counts) {
    const info = itemInfo(db, sku);
    const expected = stockAtPosition(db, sku, c.position).onHand;
    const difference = c.counted - expected;
    const unitCost = stocktakeUnitCost(db, sku);
    rows.push({
      ...info,
      counted: c.counted,
      expected: hidden ? null : expected,
      difference: hidden ? null : difference,
      unitCost,
      differenceValue: hidden ? null : differenceValue(difference, unitCost),
      position: c.position,
      countedAt: isoOf(c.positionAt),
      lastCountedAt: isoOf(c.lastCountedAt),
      countedBy: c.actors,
      events: c.events,
      after: afterCount(db, sessionId, sku, c),
      adjustment: adjustments.get(sku) ?? null,
    });
  }
  rows.sort(hidden ? (a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) : compareVariance);

  const uncounted: UncountedRow[] = [];
  let units = 0;
  let value = 0;
  for (const sku of skusInScope(db, row)) {
    if (counts.has(sku)) continue;
    const info = itemInfo(db, sku);
    const stock = committed ? stockAtPosition(db, sku, closing.position).onHand : stockNow(db, sku).onHand;
    const unitCost = stocktakeUnitCost(db, sku);
    units += stock;
    value += stock * (unitCost ?? 0);
    uncounted.push({ ...info, expected: hidden ? null : stock, unitCost, adjustment: adjustments.get(sku) ?? null });
  }

  return {
    session,
    hidden,
    rows,
    uncounted,
    totals: varianceTotals(rows, hidden),
    uncountedTotals: { items: uncounted.length, units: hidden ? null : units, value: hidden ? null : value },
    costSource: COST_SOURCE,
  };
}
