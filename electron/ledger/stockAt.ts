import type { Database } from 'better-sqlite3';
import { localDay, startOfLocalDay } from '../../shared/domain/time';
import { prepared } from './prepared';

export interface Level {
  onHand: number;
  reserved: number;
}

const sql = (db: Database) => ({
  now: db.prepare(`SELECT on_hand AS onHand, reserved FROM balances WHERE sku = ?`),
  // Point in time by business time: the closing of the latest earlier day, plus that day's rows.
  occurredBase: db.prepare(`SELECT on_hand AS onHand, reserved FROM snapshots_occurred WHERE sku = ? AND day < ? ORDER BY day DESC LIMIT 1`),
  occurredSameDay: db.prepare(`
    SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved
    FROM movements WHERE sku = ? AND occurred_at >= ? AND occurred_at <= ?`),
  // By learning time: learned_at only grows with seq, so the day's rows are a seq range.
  learnedBase: db.prepare(`SELECT on_hand AS onHand, reserved FROM snapshots_learned WHERE sku = ? AND day < ? ORDER BY day DESC LIMIT 1`),
  // Written as an index seek on movements_learned (learned_at, seq): `max(seq) WHERE learned_at <= ?`
  // would walk the table backwards from the end, over every row learned later.
  seqAtOrBefore: db.prepare(`SELECT seq FROM movements WHERE learned_at <= ? ORDER BY learned_at DESC, seq DESC LIMIT 1`),
  seqBefore: db.prepare(`SELECT seq FROM movements WHERE learned_at < ? ORDER BY learned_at DESC, seq DESC LIMIT 1`),
  seqRangeSum: db.prepare(`
    SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved
    FROM movements WHERE sku = ? AND seq > ? AND seq <= ?`),
  // The fold itself, ignoring every cache: what `check` compares against and the benchmark times.
  fold: db.prepare(`
    SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved
    FROM movements WHERE sku = ?`),
  sumAfterPosition: db.prepare(`
    SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved
    FROM movements WHERE sku = ? AND seq > ?`),
  position: db.prepare(`SELECT coalesce(max(seq), 0) AS seq FROM movements`),
});

export function stockNow(db: Database, sku: string): Level {
  return (prepared(db, sql).now.get(sku) as Level | undefined) ?? { onHand: 0, reserved: 0 };
}

/** Stock as it was at instant `at` in business time (folds by occurred_at). */
export function stockAsOf(db: Database, sku: string, at: number, timeZone: string): Level {
  const s = prepared(db, sql);
  const day = localDay(at, timeZone);
  const base = (s.occurredBase.get(sku, day) as Level | undefined) ?? { onHand: 0, reserved: 0 };
  const same = s.occurredSameDay.get(sku, startOfLocalDay(day, timeZone), at) as Level;
  return { onHand: base.onHand + same.onHand, reserved: base.reserved + same.reserved };
}

/** What this ledger believed the stock was at instant `at` (folds by the time it learned each row). */
export function stockBelievedAt(db: Database, sku: string, at: number, timeZone: string): Level {
  const s = prepared(db, sql);
  const day = localDay(at, timeZone);
  const base = (s.learnedBase.get(sku, day) as Level | undefined) ?? { onHand: 0, reserved: 0 };
  const from = (s.seqBefore.get(startOfLocalDay(day, timeZone)) as { seq: number } | undefined)?.seq ?? 0;
  const to = (s.seqAtOrBefore.get(at) as { seq: number } | undefined)?.seq ?? 0;
  const same = to > from ? (s.seqRangeSum.get(sku, from, to) as Level) : { onHand: 0, reserved: 0 };
  return { onHand: base.onHand + same.onHand, reserved: base.reserved + same.reserved };
}

/** Stock from the ledger alone, caches ignored. */
export function foldStock(db: Database, sku: string): Level {
  return prepared(db, sql).fold.get(sku) as Level;
}

/** Stock at a ledger position (seq): everything this file held up to and including that row. */
export function stockAtPosition(db: Database, sku: string, seq: number): Level {
  // Current balance minus what came after: a count position is usually recent, so this reads few rows.
  const now = stockNow(db, sku);
  const after = prepared(db, sql).sumAfterPosition.get(sku, seq) as Level;
  return { onHand: now.onHand - after.onHand, reserved: now.reserved - after.reserved };
}

/** The ledger's current position: the seq of its last row (0 when empty). */
export function ledgerPosition(db: Database): number {
  return (prepared(db, sql).position.get() as { seq: number }).seq;
}
