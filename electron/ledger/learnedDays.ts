import type { Database } from 'better-sqlite3';
import { zoneOffsetMs } from '../../shared/domain/time';
import { dayNumberSql } from './dayKey';

/**
 * The learning day of every row as a step function of its ledger position, so the learned axis can be
 * folded from the item index movements_sku (sku, seq, deltas) in item order, like the business-day axis
 * from movements_sku_occurred, instead of sorting every row of the table by item.
 *
 * The append path keeps learned_at growing with seq (append.ts: max(now, latest learned_at)), so each
 * learning day's rows are one range of positions. That is the app's promise, not the database's: a file
 * edited by other means may break it, so the steps are found by a search on the rows and then proved on
 * the rows (`proveSteps`); anything unproved answers null and the caller folds by the general path.
 */
export interface SeqDayStep {
  /** The first position of the step (an existing row). */
  from: number;
  /** The last position of the step (an existing row). */
  to: number;
  /** The local day number (dayKey.ts) of every row from `from` to `to`. */
  day: number;
  /** learned_at of the first and last rows of the step. */
  firstAt: number;
  lastAt: number;
}

/** More steps than this (a day a row, for years) and the CASE expression would outgrow its use: general path. */
const MAX_STEPS = 20_000;

/** `total`: the number of movements (the caller has just counted them in balances). */
export function learnedDaySteps(db: Database, timeZone: string, total: number): SeqDayStep[] | null {
  // Four index edges (one aggregate each, so SQLite seeks instead of scanning).
  const range = db.prepare(`SELECT (SELECT min(learned_at) FROM movements) AS lo, (SELECT max(learned_at) FROM movements) AS hi,
    (SELECT min(seq) FROM movements) AS first, (SELECT max(seq) FROM movements) AS last`).get() as { lo: number | null; hi: number; first: number; last: number };
  if (range.lo === null) return [];
  const day = dayNumberSql('learned_at', timeZone, range.lo, range.hi);
  // The row at or after a position: (seq, learned_at, day). Positions need not be dense.
  const at = db.prepare(`SELECT seq, learned_at, ${day} FROM movements WHERE seq >= ? ORDER BY seq LIMIT 1`).raw();
  const row = (seq: number) => at.get(seq) as [number, number, number] | undefined;
  const steps: SeqDayStep[] = [];
  let start = row(range.first);
  while (start) {
    const [from, firstAt, d] = start;
    // Galloping then bisecting for the last row of day d: (good, bad) brackets the step's end.
    let good: [number, number, number] = start;
    let bad: [number, number, number] | undefined;
    for (let stride = 1; ; stride *= 2) {
      const probe = row(good[0] + stride);
      if (!probe || probe[2] !== d) { bad = probe; break; }
      good = probe;
    }
    let hiSeq = bad ? bad[0] : range.last + 1;
    while (hiSeq - good[0] > 1) {
      const mid = good[0] + Math.floor((hiSeq - good[0]) / 2);
      const probe = row(mid)!;
      if (probe[0] >= hiSeq) hiSeq = mid; // no row from mid up to hiSeq
      else if (probe[2] === d) good = probe;
      else hiSeq = probe[0];
    }
    steps.push({ from, to: good[0], day: d, firstAt, lastAt: good[1] });
    if (steps.length > MAX_STEPS) return null;
    start = good[0] < range.last ? row(good[0] + 1) : undefined;
  }
  return proveSteps(db, steps, total, day, timeZone) ? steps : null;
}

/**
 * The search above looked at a few rows per step; this looks at every row, through movements_learned
 * (learned_at, seq), which is read once in learning order. A step is proved when the rows learned between
 * its first and last instants all lie in its positions and all fall on its day, the steps' instants
 * increase, and those rows add up to the whole ledger: then every row belongs to exactly one step, by
 * both its position and its time.
 * "All fall on its day": the first and last instants are on it, so every instant between is too when the
 * zone keeps one offset in between (the local day only goes back when clocks do). That is taken from
 * the offsets at both ends, with dayKey's assumption that no zone changes its clocks and back again within
 * a day; a step with a clock change in it has each row's day computed.
 */
function proveSteps(db: Database, steps: SeqDayStep[], total: number, day: string, timeZone: string): boolean {
  const inStep = db.prepare(`SELECT min(seq), max(seq), count(*), 0 FROM movement_rows INDEXED BY movements_learned
    WHERE learned_at BETWEEN ? AND ?`).raw();
  const inStepByRow = db.prepare(`SELECT min(seq), max(seq), count(*), sum((${day}) <> ?) FROM movement_rows INDEXED BY movements_learned
    WHERE learned_at BETWEEN ? AND ?`).raw();
  let rows = 0;
  let previousLast = -Infinity;
  for (const s of steps) {
    if (s.firstAt <= previousLast || s.lastAt < s.firstAt) return false;
    previousLast = s.lastAt;
    const oneOffset = zoneOffsetMs(s.firstAt, timeZone) === zoneOffsetMs(s.lastAt, timeZone);
    const [lo, hi, n, off] = (oneOffset ? inStep.get(s.firstAt, s.lastAt) : inStepByRow.get(s.day, s.firstAt, s.lastAt)) as [number, number, number, number];
    if (lo < s.from || hi > s.to || off !== 0) return false;
    rows += n;
  }
  return rows === total;
}

/** SQL: the day number of `seqColumn` by the steps (a binary search of CASEs); positions between steps take the earlier step's day. */
export function seqDaySql(seqColumn: string, steps: SeqDayStep[]): string {
  const tree = (lo: number, hi: number): string => {
    if (lo === hi) return String(steps[lo]!.day);
    const mid = (lo + hi + 1) >> 1;
    return `CASE WHEN ${seqColumn} < ${steps[mid]!.from} THEN ${tree(lo, mid - 1)} ELSE ${tree(mid, hi)} END`;
  };
  return steps.length ? tree(0, steps.length - 1) : 'NULL';
}
