import type { Database } from 'better-sqlite3';
import type { Pos } from '../../shared/domain/fifo';
import { prepared } from '../ledger/prepared';
import { recostItem } from './recost';
import { costSql } from './store';

/**
 * The costing backlog: which items' FIFO costs are behind the ledger, and from where each must be
 * re-costed. New movements are queued by ledger seq (so rows appended by another process, by sync or
 * by an import are caught too) and the watermark moves past them in the same transaction; the items
 * are then re-costed a few at a time. A rollback undoes both together, so nothing is ever forgotten.
 */
/**
 * The earliest new position of each item; an item already queued keeps the earlier of the two
 * (NULL, "from its first movement", is earlier than everything). NOT INDEXED: left to itself the planner
 * reads the whole (sku, occurred_at) index in order to spare the window its sort, which made every
 * sale's costing slice scan every movement of the file; the new rows are a rowid range, sorted here.
 */
export const QUEUE_SINCE_SQL = `
    INSERT INTO cost_backlog (sku, from_at, from_seq)
    SELECT sku, occurred_at, seq FROM (
      SELECT sku, occurred_at, seq, row_number() OVER (PARTITION BY sku ORDER BY occurred_at, seq) AS n
      FROM movement_rows NOT INDEXED WHERE seq > ?) WHERE n = 1
    ON CONFLICT (sku) DO UPDATE SET from_at = excluded.from_at, from_seq = excluded.from_seq
      WHERE cost_backlog.from_at IS NOT NULL AND (excluded.from_at, excluded.from_seq) < (cost_backlog.from_at, cost_backlog.from_seq)`;

const backlogSql = (db: Database) => ({
  queueSince: db.prepare(QUEUE_SINCE_SQL),
  // Every item with movements, one index seek each (the next sku after the last), instead of DISTINCT
  // over every row of the item index: 18 ms against 70 ms at 1.5 M movements and 12,000 items.
  queueEverything: db.prepare(`
    INSERT OR REPLACE INTO cost_backlog (sku, from_at, from_seq)
    WITH RECURSIVE items(sku) AS (
      SELECT min(sku) FROM movement_rows
      UNION ALL SELECT (SELECT min(sku) FROM movement_rows WHERE sku > items.sku) FROM items WHERE items.sku IS NOT NULL)
    SELECT sku, NULL, NULL FROM items WHERE sku IS NOT NULL`),
  // Literal LIMITs: a bound one makes SQLite prepare the statement again on every run (store.ts).
  nextFew: db.prepare(`SELECT sku, from_at AS at, from_seq AS seq FROM cost_backlog LIMIT 16`),
  nextMany: db.prepare(`SELECT sku, from_at AS at, from_seq AS seq FROM cost_backlog LIMIT 256`),
  one: db.prepare(`SELECT sku, from_at AS at, from_seq AS seq FROM cost_backlog WHERE sku = ?`),
  done: db.prepare(`DELETE FROM cost_backlog WHERE sku = ?`),
  // A re-cost split by the deadline: the item stays queued, from where it stopped.
  continueFrom: db.prepare(`UPDATE cost_backlog SET from_at = ?, from_seq = ? WHERE sku = ?`),
  size: db.prepare(`SELECT count(*) FROM cost_backlog`).pluck(),
  any: db.prepare(`SELECT 1 FROM cost_backlog LIMIT 1`).pluck(),
});

interface Entry { sku: string; at: number | null; seq: number | null }

function watermark(db: Database): number {
  const row = prepared(db, costSql).watermark.get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

const maxSeq = (db: Database) => (prepared(db, costSql).maxSeq.get() as { seq: number }).seq;

/** Queues every item with movements past the watermark and moves the watermark to the end. Cheap when nothing is new. */
export function queueNewMovements(db: Database): void {
  const through = watermark(db);
  const max = maxSeq(db);
  if (through >= max) return;
  prepared(db, backlogSql).queueSince.run(through);
  prepared(db, costSql).setWatermark.run(String(max));
}

/** Queues every item for a full re-cost (after the cost tables were thrown away). */
export function queueEverything(db: Database): number {
  prepared(db, backlogSql).queueEverything.run();
  prepared(db, costSql).setWatermark.run(String(maxSeq(db)));
  return backlogSize(db);
}

function costEntry(db: Database, e: Entry, deadline = Infinity): void {
  const from: Pos | null = e.at === null || e.seq === null ? null : { at: e.at, seq: e.seq };
  const { next } = recostItem(db, e.sku, from, deadline);
  if (next) prepared(db, backlogSql).continueFrom.run(next.at, next.seq, e.sku);
  else prepared(db, backlogSql).done.run(e.sku);
}

/**
 * Re-costs queued items until `budgetMs` has passed (at least one chunk of one item), inside the
 * caller's write transaction. Answers whether any are left. A long item is split at the deadline
 * (recostItem), so a slice overshoots by one chunk of movements, not by an item's whole history.
 */
export function costSome(db: Database, budgetMs: number): boolean {
  queueNewMovements(db);
  const until = performance.now() + budgetMs;
  const s = prepared(db, backlogSql);
  for (;;) {
    const batch = s.nextFew.all() as Entry[];
    if (batch.length === 0) return false;
    for (const e of batch) {
      costEntry(db, e, until);
      if (performance.now() >= until) return s.any.get() !== undefined;
    }
  }
}

/** Re-costs everything queued, inside the caller's write transaction. */
export function costAll(db: Database): { items: number } {
  queueNewMovements(db);
  let items = 0;
  const s = prepared(db, backlogSql);
  for (let batch = s.nextMany.all() as Entry[]; batch.length > 0; batch = s.nextMany.all() as Entry[]) {
    for (const e of batch) costEntry(db, e);
    items += batch.length;
  }
  return { items };
}

/** Brings one item's costs up to date (a lazy, per-item catch-up for a read of that item). */
export function costItemNow(db: Database, sku: string): void {
  queueNewMovements(db);
  const e = prepared(db, backlogSql).one.get(sku) as Entry | undefined;
  if (e) costEntry(db, e);
}

export function backlogSize(db: Database): number {
  return prepared(db, backlogSql).size.get() as number;
}

/** Nothing queued and nothing new since the watermark. */
export function backlogEmpty(db: Database): boolean {
  return watermark(db) >= maxSeq(db) && prepared(db, backlogSql).any.get() === undefined;
}
