import type { Database } from 'better-sqlite3';
import { dayNumberSql, dayTextSql, registerDayFunctions } from './dayKey';
import type { ProgressListener } from './progress';

/** Items per business-day statement, ledger positions per learning-day statement: sorts stay small and in memory. */
const SKUS_PER_RANGE = 1000;
const SEQS_PER_RANGE = 50_000;

/**
 * Folds the whole ledger into cache tables named `<prefix><cache>` with set-based SQL, on the same
 * branch-local days the append path uses (dayKey.ts):
 * - balances: one GROUP BY over the item index (sku, seq, deltas);
 * - closings by business day: per range of items, the deltas summed per (item, day) over the covering
 *   index (sku, occurred_at, deltas), then running sums per item in day order (a window; the inner
 *   ORDER BY is the window's, so SQLite sorts once);
 * - closings by learning day: per range of ledger positions (sequential table reads), the deltas summed
 *   per (item, day) into a temporary table, then summed again (a day may straddle two ranges) and
 *   turned into running sums.
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
  const byOccurredDay = db.prepare(`
    INSERT INTO ${prefix}snapshots_occurred (sku, day, on_hand, reserved)
    SELECT sku, ${dayTextSql('d')}, sum(oh) OVER w, sum(r) OVER w
    FROM (SELECT sku, ${dayNumberSql('occurred_at', timeZone, occurred.lo, occurred.hi)} AS d, sum(on_hand_delta) AS oh, sum(reserved_delta) AS r
          FROM movements INDEXED BY movements_sku_occurred WHERE sku >= ? AND sku <= ? GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`);
  for (let i = 0; i < items.length; i += SKUS_PER_RANGE) {
    const last = Math.min(i + SKUS_PER_RANGE, items.length);
    byOccurredDay.run(items[i]![0], items[last - 1]![0]);
    for (let k = i; k < last; k++) occurredDone += items[k]![1];
    report();
  }

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
    learnedDone = Math.round(total * ((to - learned.first + 1) / span));
    if (to < learned.last) report();
  }
  db.prepare(`
    INSERT INTO ${prefix}snapshots_learned (sku, day, on_hand, reserved)
    SELECT sku, ${dayTextSql('d')}, sum(oh) OVER w, sum(r) OVER w
    FROM (SELECT sku, d, sum(oh) AS oh, sum(r) AS r FROM temp.fold_learned_days GROUP BY sku, d ORDER BY sku, d)
    WINDOW w AS (PARTITION BY sku ORDER BY d ROWS UNBOUNDED PRECEDING)`).run();
  db.exec(`DELETE FROM temp.fold_learned_days`);
  learnedDone = total;
  report();
}
