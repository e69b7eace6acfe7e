import type { Database } from 'better-sqlite3';
import { dayNumberSql, dayTextSql, registerDayFunctions } from './dayKey';
import { learnedDaySteps, seqDaySql } from './learnedDays';
import type { ProgressListener } from './progress';

/** Items per statement: each item's rows are read in index order, so this only paces progress. */
const SKUS_PER_RANGE = 1000;
/** Ledger positions per statement of the general learning-day fold. */
const SEQS_PER_RANGE = 50_000;

/**
 * Closing balances per (item, day) of a range of items, read from a covering item index in its own
 * order (sku, then time or position): `ORDER BY sku, d` is met by the index for sku and by a sort of each
 * item's rows alone for d (EXPLAIN: "USE TEMP B-TREE FOR LAST TERM OF ORDER BY", rows that arrive in
 * day order already), so there is no sort of the whole ledger. The day sums then come out in (sku, day)
 * order, which is the window's order (no second sort) and the snapshot table's key order (appends at the
 * right edge of the B-tree).
 */
export function closingsSql(table: string, index: string, dayExpr: string): string {
  return `
    INSERT INTO ${table} (sku, day, on_hand, reserved)
    SELECT sku, ${dayTextSql('d')}, sum(oh) OVER w, sum(r) OVER w
    FROM (SELECT sku, d, sum(oh) AS oh, sum(r) AS r
          FROM (SELECT sku, ${dayExpr} AS d, on_hand_delta AS oh, reserved_delta AS r
                FROM movements INDEXED BY ${index} WHERE sku >= ? AND sku <= ? ORDER BY sku, d)
          GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`;
}

/**
 * Folds the whole ledger into cache tables named `<prefix><cache>` with set-based SQL, on the same
 * branch-local days the append path uses (dayKey.ts):
 * - balances: one GROUP BY over the item index (sku, seq, deltas);
 * - closings by business day: per range of items, over the covering index (sku, occurred_at, deltas);
 * - closings by learning day: the same over (sku, seq, deltas), the day found from the position (learned_at
 *   grows with seq, learnedDays.ts proves it on the file); a file where it does not hold is folded by
 *   ranges of positions instead (foldLearnedByPositions).
 * Progress counts movements: each is folded into both axes, so `done` is the mean of the two.
 */
export function foldLedgerInto(db: Database, prefix: string, timeZone: string, onProgress: ProgressListener, task: string): void {
  registerDayFunctions(db, timeZone);
  db.prepare(`INSERT INTO ${prefix}balances (sku, on_hand, reserved, movements)
    SELECT sku, sum(on_hand_delta), sum(reserved_delta), count(*) FROM movements GROUP BY sku`).run();
  const items = db.prepare(`SELECT sku, movements FROM ${prefix}balances ORDER BY sku`).raw().all() as Array<[string, number]>;
  const total = items.reduce((n, [, m]) => n + m, 0);
  let occurredDone = 0;
  let learnedDone = 0;
  const report = () => onProgress({ task, done: Math.floor((occurredDone + learnedDone) / 2), total });
  report();
  if (total === 0) return;

  // Each item's first and last business instant: two index seeks per item.
  const occurred = db.prepare(`SELECT min((SELECT min(occurred_at) FROM movements m WHERE m.sku = b.sku)) AS lo,
    max((SELECT max(occurred_at) FROM movements m WHERE m.sku = b.sku)) AS hi FROM ${prefix}balances b`).get() as { lo: number; hi: number };
  const byOccurredDay = db.prepare(closingsSql(`${prefix}snapshots_occurred`, 'movements_sku_occurred', dayNumberSql('occurred_at', timeZone, occurred.lo, occurred.hi)));
  const steps = learnedDaySteps(db, timeZone, total);
  const byLearnedDay = steps && db.prepare(closingsSql(`${prefix}snapshots_learned`, 'movements_sku', seqDaySql('seq', steps)));
  for (let i = 0; i < items.length; i += SKUS_PER_RANGE) {
    const last = Math.min(i + SKUS_PER_RANGE, items.length);
    let rows = 0;
    for (let k = i; k < last; k++) rows += items[k]![1];
    byOccurredDay.run(items[i]![0], items[last - 1]![0]);
    occurredDone += rows;
    if (byLearnedDay) {
      byLearnedDay.run(items[i]![0], items[last - 1]![0]);
      learnedDone += rows;
    }
    report();
  }
  if (!byLearnedDay) {
    foldLearnedByPositions(db, prefix, timeZone, (share) => { learnedDone = Math.round(total * share); report(); });
    learnedDone = total;
    report();
  }
}

/**
 * The learning-day axis for any file: per range of ledger positions (sequential table reads), the deltas
 * summed per (item, day) into a temporary table, then summed again (a day may straddle two ranges) and
 * turned into running sums. `progress` gets the share of positions done.
 */
function foldLearnedByPositions(db: Database, prefix: string, timeZone: string, progress: (share: number) => void): void {
  const learned = db.prepare(`SELECT min(learned_at) AS lo, max(learned_at) AS hi, min(seq) AS first, max(seq) AS last FROM movements`).get() as { lo: number; hi: number; first: number; last: number };
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS fold_learned_days (sku TEXT NOT NULL, d INTEGER NOT NULL, oh INTEGER NOT NULL, r INTEGER NOT NULL); DELETE FROM temp.fold_learned_days;`);
  const sumRange = db.prepare(`
    INSERT INTO temp.fold_learned_days (sku, d, oh, r)
    SELECT sku, ${dayNumberSql('learned_at', timeZone, learned.lo, learned.hi)} AS d, sum(on_hand_delta), sum(reserved_delta)
    FROM movements WHERE seq BETWEEN ? AND ? GROUP BY sku, d`);
  const span = learned.last - learned.first + 1;
  for (let from = learned.first; from <= learned.last; from += SEQS_PER_RANGE) {
    const to = Math.min(from + SEQS_PER_RANGE - 1, learned.last);
    sumRange.run(from, to);
    // Positions are dense in practice; the share of the range stands for the share of rows.
    if (to < learned.last) progress((to - learned.first + 1) / span);
  }
  db.prepare(`
    INSERT INTO ${prefix}snapshots_learned (sku, day, on_hand, reserved)
    SELECT sku, ${dayTextSql('d')}, sum(oh) OVER w, sum(r) OVER w
    FROM (SELECT sku, d, sum(oh) AS oh, sum(r) AS r FROM temp.fold_learned_days GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`).run();
  db.exec(`DELETE FROM temp.fold_learned_days`);
}
