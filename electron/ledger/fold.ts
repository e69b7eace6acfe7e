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
                FROM movement_rows INDEXED BY ${index} WHERE sku >= ? AND sku <= ? ORDER BY sku, d)
          GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`;
}

/** The balances of every item (one GROUP BY over the item index), then the items in key order by ranges. */
export function foldBalances(db: Database, prefix: string): { total: number; ranges: Array<[string, string, number]> } {
  db.prepare(`INSERT INTO ${prefix}balances (sku, on_hand, reserved, movements)
    SELECT sku, sum(on_hand_delta), sum(reserved_delta), count(*) FROM movements GROUP BY sku`).run();
  const items = db.prepare(`SELECT sku, movements FROM ${prefix}balances ORDER BY sku`).raw().all() as Array<[string, number]>;
  const ranges: Array<[string, string, number]> = [];
  let total = 0;
  for (let i = 0; i < items.length; i += SKUS_PER_RANGE) {
    const last = Math.min(i + SKUS_PER_RANGE, items.length);
    let rows = 0;
    for (let k = i; k < last; k++) rows += items[k]![1];
    ranges.push([items[i]![0], items[last - 1]![0], rows]);
    total += rows;
  }
  return { total, ranges };
}

/** The closings by business day into `table`, range by range; `progress` gets the rows folded. */
export function foldOccurred(db: Database, table: string, balances: string, timeZone: string, ranges: Array<[string, string, number]>, progress: (rows: number) => void): void {
  // Each item's first and last business instant: two index seeks per item (of the balances just folded).
  const { from, to } = db.prepare(`SELECT min((SELECT min(occurred_at) FROM movements m WHERE m.sku = b.sku)) AS "from",
    max((SELECT max(occurred_at) FROM movements m WHERE m.sku = b.sku)) AS "to" FROM ${balances} b`).get() as { from: number; to: number };
  const byOccurredDay = db.prepare(closingsSql(table, 'movements_sku_occurred', dayNumberSql('occurred_at', timeZone, from, to)));
  let done = 0;
  for (const [first, last, rows] of ranges) {
    byOccurredDay.run(first, last);
    progress(done += rows);
  }
}

/**
 * How the closings by learning day are folded: started once the balances give the item ranges (so a
 * helper can work alongside the business days), finished after the business days, closed in any case.
 */
export type LearnedAxis = (total: number, ranges: Array<[string, string, number]>) => {
  /** Rows folded so far (by a helper; 0 when the work is done in `finish`). */
  done(): number;
  finish(progress: (rows: number) => void): void;
  close(): void;
};

/**
 * Folds the whole ledger into cache tables named `<prefix><cache>` with set-based SQL, on the same
 * branch-local days the append path uses (dayKey.ts):
 * - balances: one GROUP BY over the item index (sku, seq, deltas);
 * - closings by business day: per range of items, over the covering index (sku, occurred_at, deltas);
 * - closings by learning day: the same over (sku, seq, deltas), the day found from the position (learned_at
 *   grows with seq, learnedDays.ts proves it on the file); a file where it does not hold is folded by
 *   ranges of positions instead (foldLearnedByPositions). `learnedAxis` may fold them elsewhere
 *   (foldOnTwoCores.ts: on a second thread); by default they are folded here, after the business days.
 * Progress counts movements: each is folded into both axes, so `done` is the mean of the two.
 */
export function foldLedgerInto(db: Database, prefix: string, timeZone: string, onProgress: ProgressListener, task: string,
  learnedAxis: LearnedAxis = (total, ranges) => ({
    done: () => 0,
    finish: (progress) => foldLearned(db, `${prefix}snapshots_learned`, timeZone, total, ranges, progress),
    close: () => {},
  })): void {
  registerDayFunctions(db, timeZone);
  const { total, ranges } = foldBalances(db, prefix);
  let occurredDone = 0;
  let learnedDone = 0;
  const report = () => onProgress({ task, done: Math.floor((occurredDone + learnedDone) / 2), total });
  report();
  if (total === 0) return;
  const learned = learnedAxis(total, ranges);
  try {
    foldOccurred(db, `${prefix}snapshots_occurred`, `${prefix}balances`, timeZone, ranges, (rows) => {
      occurredDone = rows;
      learnedDone = learned.done();
      report();
    });
    learned.finish((rows) => { learnedDone = rows; report(); });
  } finally {
    learned.close();
  }
}

/** The closings by learning day into `table`: by proved steps, or by positions. `progress` gets rows folded. */
export function foldLearned(db: Database, table: string, timeZone: string, total: number, ranges: Array<[string, string, number]>, progress: (rows: number) => void): void {
  const steps = learnedDaySteps(db, timeZone, total);
  if (!steps) {
    foldLearnedByPositions(db, table, timeZone, (share) => progress(Math.round(total * share)));
  } else {
    const byLearnedDay = db.prepare(closingsSql(table, 'movements_sku', seqDaySql('seq', steps)));
    let done = 0;
    for (const [first, last, rows] of ranges) {
      byLearnedDay.run(first, last);
      progress(done += rows);
    }
  }
  progress(total);
}

/**
 * The learning-day axis for any file: per range of ledger positions (sequential table reads), the deltas
 * summed per (item, day) into a temporary table, then summed again (a day may straddle two ranges) and
 * turned into running sums. `progress` gets the share of positions done.
 */
function foldLearnedByPositions(db: Database, table: string, timeZone: string, progress: (share: number) => void): void {
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
    INSERT INTO ${table} (sku, day, on_hand, reserved)
    SELECT sku, ${dayTextSql('d')}, sum(oh) OVER w, sum(r) OVER w
    FROM (SELECT sku, d, sum(oh) AS oh, sum(r) AS r FROM temp.fold_learned_days GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`).run();
  db.exec(`DELETE FROM temp.fold_learned_days`);
}
