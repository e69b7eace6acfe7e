import type { Database } from 'better-sqlite3';
import type { TrailCount } from '../../shared/contract/stock';
import { foldCount, type CountEvent } from '../../shared/domain/stocktake';
import { isoOf } from '../../shared/domain/time';
import { prepared } from '../ledger/prepared';

const sql = (db: Database) => ({
  // Committed sessions that counted the item and appended no difference for it (it matched).
  matched: db.prepare(`
    SELECT c.session_id, c.actor, c.position, c.closed_at FROM stocktake_closings c
    WHERE c.outcome = 'committed' AND c.position >= @lo AND c.position < @hi
      AND EXISTS (SELECT 1 FROM stocktake_events e WHERE e.session_id = c.session_id AND e.sku = @sku)
      AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.doc_type = 'stocktake' AND m.doc_id = c.session_id AND m.sku = @sku)
    ORDER BY c.position, c.closed_at`),
  events: db.prepare(`SELECT id, seq, mode, qty, undoes, position, actor, counted_at AS countedAt FROM stocktake_events WHERE session_id = ? AND sku = ? ORDER BY seq`),
});

/**
 * The matched counts of an item whose commit position falls in [lo, hi): read from the stock-take
 * tables (the count events are the record), never written to the ledger as zero movements. An item
 * whose every count was undone was not counted, so it gets no line.
 */
export function matchedCounts(db: Database, sku: string, lo: number, hi: number): TrailCount[] {
  const s = prepared(db, sql);
  const out: TrailCount[] = [];
  for (const c of s.matched.all({ sku, lo, hi }) as Array<{ session_id: string; actor: string; position: number; closed_at: number }>) {
    const count = foldCount(s.events.all(c.session_id, sku) as CountEvent[]);
    if (!count) continue;
    out.push({ sessionId: c.session_id, counted: count.counted, position: c.position, committedAt: isoOf(c.closed_at), committedBy: c.actor, countedAt: isoOf(count.positionAt), countedBy: count.actors });
  }
  return out;
}
