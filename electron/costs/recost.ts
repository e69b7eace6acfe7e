import type { Database } from 'better-sqlite3';
import { comparePos, emptyState, FifoRun, type FifoState, type Pos } from '../../shared/domain/fifo';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { noProgress, type ProgressListener } from '../ledger/progress';
import { writeTransaction } from '../ledger/write';
import { costSql, historyFor, loadEndState, ORIGIN, parseState, readMovementsAfter, writeEndState, writeRows, type CostItemRow } from './store';

/**
 * A snapshot of an item's FIFO state is kept every this many costed movements (or every state-size
 * movements when the state is larger, so snapshots never cost more than the history they skip).
 */
export const SNAPSHOT_EVERY = 256;

/**
 * Re-costs one item from position `from` (the earliest movement that is new or changed) onwards.
 * A movement after everything already costed continues from the item's checkpoint (its current
 * layers); an earlier one replays from the latest snapshot before it and rewrites only what was
 * decided after that snapshot. Never touches `movements`. Runs inside the caller's transaction.
 */
export function recostItem(db: Database, sku: string, from: Pos | null): { replayed: number } {
  const s = prepared(db, costSql);
  const item = s.item.get(sku) as CostItemRow | undefined;
  const end: Pos = item ? { at: item.last_at, seq: item.last_seq } : ORIGIN;
  const appending = !!item && !!from && comparePos(from, end) > 0;
  let start: Pos;
  let state: FifoState;
  let since: number;
  if (appending) {
    start = end;
    state = loadEndState(db, item);
    since = item.since_snapshot;
  } else {
    const snap = item && from ? (s.snapshotBefore.get(sku, from.at, from.seq) as { at: number; seq: number; state: string } | undefined) : undefined;
    start = snap ? { at: snap.at, seq: snap.seq } : ORIGIN;
    state = snap ? parseState(snap.state) : emptyState();
    since = 0;
  }
  // Everything decided before `from` stands: the movements before it did not change. Only what was
  // decided from `from` on is deleted and rewritten; the replay from the snapshot to `from` only
  // rebuilds the state (and the records reversals may need) in memory.
  const rewriteFrom = appending || !from ? start : from;
  if (!appending) {
    s.deleteMovesFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
    s.deleteRecordsFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
    s.deleteSnapshotsFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
  }
  const run = new FifoRun(state, historyFor(db, sku, start));
  const moves = readMovementsAfter(db, sku, start);
  let rowsFrom = -1;
  let recordsFrom = 0;
  let last = start;
  for (const m of moves) {
    if (rowsFrom < 0 && comparePos(m, rewriteFrom) >= 0) {
      rowsFrom = run.rows.length;
      recordsFrom = run.records.length;
    }
    if (run.apply(m)) since += 1;
    last = m;
    if (rowsFrom >= 0 && since >= Math.max(SNAPSHOT_EVERY, state.layers.length + state.deficits.length)) {
      s.insertSnapshot.run(sku, m.at, m.seq, JSON.stringify(state));
      since = 0;
    }
  }
  if (!item && run.rows.length === 0) return { replayed: moves.length };
  if (rowsFrom >= 0) writeRows(db, sku, run.rows.slice(rowsFrom), run.records.slice(recordsFrom));
  writeEndState(db, sku, state, last, since, appending ? run.touchedLayers : undefined);
  return { replayed: moves.length };
}

/** The FIFO state of an item at business time `asOf`, computed without writing anything. */
export function stateAsOf(db: Database, sku: string, asOf: number): FifoState {
  const s = prepared(db, costSql);
  const snap = s.snapshotAtOrBefore.get(sku, asOf, Number.MAX_SAFE_INTEGER) as { at: number; seq: number; state: string } | undefined;
  const start = snap ? { at: snap.at, seq: snap.seq } : ORIGIN;
  const run = new FifoRun(snap ? parseState(snap.state) : emptyState(), historyFor(db, sku, start));
  for (const m of readMovementsAfter(db, sku, start, asOf)) run.apply(m);
  return run.state;
}

function watermark(db: Database): number {
  const row = prepared(db, costSql).watermark.get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Is every movement in the ledger costed? */
export function costsUpToDate(db: Database): boolean {
  return watermark(db) >= (prepared(db, costSql).maxSeq.get() as { seq: number }).seq;
}

/**
 * Costs every movement the ledger gained since the last run (by ledger seq, so rows appended by
 * another process, by sync, or before this module existed are all caught), re-costing each item
 * from its earliest new position. Runs inside the caller's write transaction.
 */
export function catchUpCosts(db: Database): { items: number } {
  const s = prepared(db, costSql);
  const through = watermark(db);
  const max = (s.maxSeq.get() as { seq: number }).seq;
  if (through >= max) return { items: 0 };
  const earliest = new Map<string, Pos>();
  for (const r of s.newSince.iterate(through) as Iterable<{ sku: string; at: number; seq: number }>) {
    const e = earliest.get(r.sku);
    if (!e || comparePos(r, e) < 0) earliest.set(r.sku, { at: r.at, seq: r.seq });
  }
  for (const [sku, from] of earliest) recostItem(db, sku, from);
  s.setWatermark.run(String(max));
  return { items: earliest.size };
}

/** Brings costs up to date before a report reads them (normally a no-op: appends keep them current). */
export function ensureCosted(ledger: Ledger): void {
  if (!costsUpToDate(ledger.db)) writeTransaction(ledger, () => catchUpCosts(ledger.db));
}

/** Throws every cost table away and recomputes it from the ledger, item by item. */
export function rebuildCosts(db: Database, onProgress: ProgressListener = noProgress): { items: number } {
  for (const t of ['cost_moves', 'cost_allocations', 'cost_layers', 'cost_pending', 'cost_items', 'cost_snapshots']) db.exec(`DELETE FROM ${t}`);
  const skus = db.prepare(`SELECT DISTINCT sku FROM movements ORDER BY sku`).pluck().all() as string[];
  onProgress({ task: 'rebuild costs', done: 0, total: skus.length });
  skus.forEach((sku, i) => {
    recostItem(db, sku, null);
    if (i % 500 === 499 || i === skus.length - 1) onProgress({ task: 'rebuild costs', done: i + 1, total: skus.length });
  });
  prepared(db, costSql).setWatermark.run(String((prepared(db, costSql).maxSeq.get() as { seq: number }).seq));
  return { items: skus.length };
}
