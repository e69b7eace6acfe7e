import type { Database } from 'better-sqlite3';
import { comparePos, emptyState, FifoRun, type FifoState, type Pos } from '../../shared/domain/fifo';
import { prepared } from '../ledger/prepared';
import { costSql, historyFor, loadEndState, ORIGIN, parseState, readMovementsAfter, readMovementsBetween, RECOST_CHUNK, writeEndState, writeRows, type CostItemRow } from './store';

/**
 * A snapshot of an item's FIFO state is kept every this many costed movements (or every state-size
 * movements when the state is larger, so snapshots never cost more than the history they skip).
 */
export const SNAPSHOT_EVERY = 256;

export interface Recosted {
  replayed: number;
  /**
   * Set when the deadline stopped the re-cost: where to re-cost from next (the item stays queued). Just
   * after the last movement saved, or `from` again when it stopped on the way there (after a snapshot).
   */
  next: Pos | null;
}

/**
 * Re-costs one item from position `from` (the earliest movement that is new or changed) onwards.
 * A movement after everything already costed continues from the item's checkpoint (its current
 * layers); an earlier one replays from the latest snapshot before it and rewrites only what was
 * decided after that snapshot. Never touches `movements`. Runs inside the caller's transaction.
 *
 * With a deadline (performance.now() time) a long history is split: past it, the re-cost stops after
 * the chunk in hand and saves everything up to there like a finished one, so re-costing from `next`
 * continues from that checkpoint (a costing slice never holds the clerk behind 100,000 movements).
 * Still replaying towards `from`, it has changed nothing yet and saves only a snapshot of the state it
 * reached (a true one: nothing before `from` changed), so re-costing from `from` again starts there.
 */
export function recostItem(db: Database, sku: string, from: Pos | null, deadline = Infinity): Recosted {
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
  // Deleted once the replay reaches `from` (or at the end): a re-cost stopped before it leaves them be.
  let cleared = appending;
  const clear = () => {
    if (cleared) return;
    s.deleteMovesFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
    s.deleteRecordsFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
    s.deleteSnapshotsFrom.run(sku, rewriteFrom.at, rewriteFrom.seq);
    cleared = true;
  };
  const run = new FifoRun(state, historyFor(db, sku, start));
  let rowsFrom = -1;
  let recordsFrom = 0;
  let last = start;
  let replayed = 0;
  let next: Pos | null = null;
  const chunked = deadline !== Infinity; // without a deadline, all at once
  for (;;) {
    const moves = readMovementsAfter(db, sku, last, chunked);
    for (const m of moves) {
      if (rowsFrom < 0 && comparePos(m, rewriteFrom) >= 0) {
        clear();
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
    replayed += moves.length;
    if (!chunked || moves.length < RECOST_CHUNK) break;
    if (performance.now() < deadline) continue;
    if (rowsFrom < 0) {
      // Before `from` (so past the latest snapshot before it, `start`): the next try replays from here.
      // (An item never costed looks up no snapshot: it is not split before `from`.)
      if (!item) continue;
      s.insertSnapshot.run(sku, last.at, last.seq, JSON.stringify(state));
      return { replayed, next: from };
    }
    // A checkpoint to continue from needs a cost row to save.
    if (item || run.rows.length > 0) {
      next = { at: last.at, seq: last.seq + 1 }; // after `last`, at or before the movement that follows it
      break;
    }
  }
  clear();
  if (!item && run.rows.length === 0) return { replayed, next };
  if (rowsFrom >= 0) writeRows(db, sku, run.rows.slice(rowsFrom), run.records.slice(recordsFrom));
  writeEndState(db, sku, state, last, since, appending ? run.touchedLayers : undefined);
  return { replayed, next };
}

/** The FIFO state of an item at business time `asOf`, computed without writing anything. */
export function stateAsOf(db: Database, sku: string, asOf: number): FifoState {
  const s = prepared(db, costSql);
  const snap = s.snapshotAtOrBefore.get(sku, asOf, Number.MAX_SAFE_INTEGER) as { at: number; seq: number; state: string } | undefined;
  const start = snap ? { at: snap.at, seq: snap.seq } : ORIGIN;
  const run = new FifoRun(snap ? parseState(snap.state) : emptyState(), historyFor(db, sku, start));
  for (const m of readMovementsBetween(db, sku, start, asOf)) run.apply(m);
  return run.state;
}

