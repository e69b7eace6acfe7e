import type { Database, Statement } from 'better-sqlite3';
import { endOfLocalDay, localDay, startOfLocalDay } from '../../shared/domain/time';
import type { ProgressListener } from './progress';

const SKUS_PER_RANGE = 1000;

const QUARTER_MS = 15 * 60_000;

/** Branch-local day of an instant, with the day's bounds cached so a run of rows in one day costs a compare. */
class Days {
  private readonly bounds = new Map<string, [number, number]>();
  /** Quarter hours (UTC) whose every instant is on one local day: offsets change only on quarter hours. */
  private readonly quarters = new Map<number, string | null>();
  day = '';
  start = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;
  constructor(private readonly timeZone: string) {}
  /** Moves to the day of `ms`; returns true when that is a different day from the current one. */
  enter(ms: number): boolean {
    if (ms >= this.start && ms <= this.end) return false;
    // Each item's history starts back at its first day: the quarter's day is looked up, not recomputed.
    const q = Math.floor(ms / QUARTER_MS);
    let day = this.quarters.get(q);
    if (day === undefined) {
      const first = localDay(q * QUARTER_MS, this.timeZone);
      day = first === localDay(q * QUARTER_MS + QUARTER_MS - 1, this.timeZone) ? first : null;
      this.quarters.set(q, day);
    }
    day ??= localDay(ms, this.timeZone);
    let b = this.bounds.get(day);
    if (!b) {
      b = [startOfLocalDay(day, this.timeZone), endOfLocalDay(day, this.timeZone)];
      this.bounds.set(day, b);
    }
    [this.start, this.end] = b;
    const changed = day !== this.day;
    this.day = day;
    return changed;
  }
}

/**
 * Folds the whole ledger into cache tables named `<prefix><cache>` in two streaming passes, with the
 * same day function the append path uses (so both agree to the millisecond):
 * - by item and business time, over the covering index (sku, occurred_at, deltas), a range of items
 *   at a time: balances and the closing of every business day, written in key order;
 * - in ledger order over the table (sequential reads): the closing of every learning day. learned_at
 *   never decreases along seq (append takes the max), so one day at a time is enough; should a file
 *   break that rule, that axis falls back to a grouped query.
 * (better-sqlite3 cannot write while a statement is being iterated, so rows are written after each
 * range.) Progress counts items, like the fold it replaced.
 */
export function foldLedgerInto(db: Database, prefix: string, timeZone: string, onProgress: ProgressListener, task: string): void {
  const skus = db.prepare(`SELECT DISTINCT sku FROM movements ORDER BY sku`).pluck().all() as string[];
  const total = skus.length;
  onProgress({ task, done: 0, total });

  const insertBalance = db.prepare(`INSERT INTO ${prefix}balances (sku, on_hand, reserved, movements) VALUES (?, ?, ?, ?)`);
  const insertOccurred = db.prepare(`INSERT INTO ${prefix}snapshots_occurred (sku, day, on_hand, reserved) VALUES (?, ?, ?, ?)`);
  const insertLearned = db.prepare(`INSERT INTO ${prefix}snapshots_learned (sku, day, on_hand, reserved) VALUES (?, ?, ?, ?)`);
  const byItem = db.prepare(`SELECT sku, occurred_at, on_hand_delta, reserved_delta FROM movements
    WHERE sku >= ? AND sku <= ? ORDER BY sku, occurred_at`).raw();

  // Pass 1: item by item, in business time.
  const days = new Days(timeZone);
  for (let i = 0; i < skus.length; i += SKUS_PER_RANGE) {
    const last = Math.min(i + SKUS_PER_RANGE, skus.length);
    const balances: Array<string | number> = [];
    const closings: Array<string | number> = [];
    let sku: string | null = null;
    let day = '';
    let onHand = 0;
    let reserved = 0;
    let count = 0;
    const closeItem = () => {
      if (sku === null) return;
      closings.push(sku, day, onHand, reserved);
      balances.push(sku, onHand, reserved, count);
    };
    for (const [s, at, oh, r] of byItem.iterate(skus[i], skus[last - 1]) as IterableIterator<[string, number, number, number]>) {
      if (s !== sku) {
        closeItem();
        sku = s;
        onHand = 0;
        reserved = 0;
        count = 0;
        days.enter(at);
        day = days.day;
      } else if (days.enter(at)) {
        closings.push(sku, day, onHand, reserved); // the closing of the day just left
        day = days.day;
      }
      onHand += oh;
      reserved += r;
      count += 1;
    }
    closeItem();
    for (let k = 0; k < balances.length; k += 4) insertBalance.run(balances[k], balances[k + 1], balances[k + 2], balances[k + 3]);
    for (let k = 0; k < closings.length; k += 4) insertOccurred.run(closings[k], closings[k + 1], closings[k + 2], closings[k + 3]);
    if (last < skus.length) onProgress({ task, done: last, total });
  }

  // Pass 2: in ledger order, one learning day at a time.
  if (!foldLearnedInOrder(db, insertLearned, timeZone)) {
    db.exec(`DELETE FROM ${prefix}snapshots_learned`);
    foldLearnedGrouped(db, prefix, timeZone);
  }
  onProgress({ task, done: total, total });
}

function foldLearnedInOrder(db: Database, insert: Statement, timeZone: string): boolean {
  const days = new Days(timeZone);
  const running = new Map<string, [number, number]>();
  let today = new Map<string, [number, number]>();
  // Closings of each item, in day order; written item by item at the end so inserts go in key order.
  const closings = new Map<string, Array<string | number>>();
  const closeDay = () => {
    for (const [sku, [oh, r]] of today) {
      const run = running.get(sku);
      const level: [number, number] = run ? [run[0] + oh, run[1] + r] : [oh, r];
      running.set(sku, level);
      let list = closings.get(sku);
      if (!list) closings.set(sku, (list = []));
      list.push(days.day, level[0], level[1]);
    }
    today = new Map();
  };
  let latest = Number.NEGATIVE_INFINITY;
  const inOrder = db.prepare(`SELECT sku, learned_at, on_hand_delta, reserved_delta FROM movements ORDER BY seq`).raw();
  for (const [sku, at, oh, r] of inOrder.iterate() as IterableIterator<[string, number, number, number]>) {
    if (at < latest) return false;
    latest = at;
    if (at > days.end) {
      closeDay();
      days.enter(at);
    }
    const t = today.get(sku);
    if (t) { t[0] += oh; t[1] += r; } else today.set(sku, [oh, r]);
  }
  closeDay();
  for (const sku of [...closings.keys()].sort()) {
    const list = closings.get(sku)!;
    for (let i = 0; i < list.length; i += 3) insert.run(sku, list[i], list[i + 1], list[i + 2]);
  }
  return true;
}

/** The learned axis by a grouped query: only for a file whose learned_at goes backwards somewhere. */
function foldLearnedGrouped(db: Database, prefix: string, timeZone: string): void {
  db.function('local_day', { deterministic: true }, (ms: unknown) => localDay(Number(ms), timeZone));
  db.exec(`
    INSERT INTO ${prefix}snapshots_learned (sku, day, on_hand, reserved)
    SELECT sku, day,
      sum(oh) OVER (PARTITION BY sku ORDER BY day ROWS UNBOUNDED PRECEDING),
      sum(r) OVER (PARTITION BY sku ORDER BY day ROWS UNBOUNDED PRECEDING)
    FROM (SELECT sku, local_day(learned_at) AS day, sum(on_hand_delta) AS oh, sum(reserved_delta) AS r
          FROM movements GROUP BY sku, day)`);
}
