import type { Database } from 'better-sqlite3';
import { localDay, startOfLocalDay, nextDay, zoneOffsetMs } from '../../shared/domain/time';

/**
 * The branch-local day of an instant, computed inside SQLite for set-based folds (rebuild, check).
 * Days are numbered (days since 1970-01-01 of the local calendar date), so SQL can group, order and
 * compare them; `dayTextSql` turns a number back into the YYYY-MM-DD text the caches store.
 *
 * Over the instants the ledger holds, the branch zone's days are laid out once in JS with the same
 * functions the append path uses (startOfLocalDay). A run of consecutive 24-hour days with one UTC
 * offset is a single arithmetic branch, (ms + offset) / 86400000; the days around a clock change
 * (23 or 25 hours, or an offset that is not constant) and any instant outside the range go to a
 * registered JS function that is localDay itself, memoised per quarter hour like the append path.
 * The branches are nested as a binary search, so a ledger spanning decades costs a few compares a row.
 */
const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * 60_000;
/** Day numbers SQLite's date() formats exactly as toISOString does (1970-01-01 … 9999-12-31). */
const LAST_NATIVE_DAY = 2_932_896;

export const DAY_NUMBER_FN = 'ledger_day_number';
export const DAY_TEXT_FN = 'ledger_day_text';

const dayNumberOf = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Registers the two JS fallbacks for `timeZone` on this connection (replacing an earlier zone's). */
export function registerDayFunctions(db: Database, timeZone: string): void {
  const memo = new Map<number, number | null>();
  db.function(DAY_NUMBER_FN, { deterministic: true }, (value: unknown) => {
    const ms = Number(value);
    const q = Math.floor(ms / QUARTER_MS);
    let n = memo.get(q);
    if (n === undefined) {
      // A quarter whose first and last instants share a day has every instant on it (offsets change on quarter hours).
      const first = localDay(q * QUARTER_MS, timeZone);
      n = first === localDay(q * QUARTER_MS + QUARTER_MS - 1, timeZone) ? dayNumberOf(first) : null;
      memo.set(q, n);
    }
    return n ?? dayNumberOf(localDay(ms, timeZone));
  });
  db.function(DAY_TEXT_FN, { deterministic: true }, (n: unknown) => new Date(Number(n) * DAY_MS).toISOString().slice(0, 10));
}

/** SQL text: the day number as YYYY-MM-DD (SQLite's date() where it agrees with toISOString, JS beyond). */
export function dayTextSql(expr: string): string {
  return `CASE WHEN ${expr} BETWEEN 0 AND ${LAST_NATIVE_DAY} THEN date(${expr} * 86400, 'unixepoch') ELSE ${DAY_TEXT_FN}(${expr}) END`;
}

interface Segment {
  /** Instants below this (ms, exclusive) and at or above the previous segment's bound. */
  until: number;
  /** The UTC offset of a run of regular days, or null: ask the JS function. */
  offset: number | null;
}

/** The layout of local days over [from, to]: regular runs by offset, irregular days by name. */
function segments(timeZone: string, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  const push = (until: number, offset: number | null) => {
    const last = out[out.length - 1];
    if (last && last.offset === offset) last.until = until;
    else out.push({ until, offset });
  };
  let day = localDay(from, timeZone);
  let start = startOfLocalDay(day, timeZone);
  push(start, null); // everything before the range
  const lastDay = localDay(to, timeZone);
  for (;;) {
    const next = nextDay(day);
    const end = startOfLocalDay(next, timeZone);
    const n = dayNumberOf(day);
    const offset = n * DAY_MS - start;
    // Integer division truncates toward zero: only days from 1970 on are arithmetic.
    const regular = n >= 0 && end - start === DAY_MS && zoneOffsetMs(start, timeZone) === offset && zoneOffsetMs(end - 1, timeZone) === offset;
    push(end, regular ? offset : null);
    if (day >= lastDay) break;
    day = next;
    start = end;
  }
  return out;
}

/** The SQL expression for the local day number of `column` (an integer ms column). */
export function dayNumberSql(column: string, timeZone: string, from: number, to: number): string {
  const fallback = `${DAY_NUMBER_FN}(${column})`;
  if (!(Number.isFinite(from) && Number.isFinite(to)) || to < from) return fallback;
  const segs = segments(timeZone, from, to);
  const leaf = (s: Segment) => (s.offset === null ? fallback : `(${column} + ${s.offset}) / ${DAY_MS}`);
  // segs[lo..hi]: pick the segment whose [previous until, until) holds the value; past the last, the fallback.
  const tree = (lo: number, hi: number): string => {
    if (lo === hi) return leaf(segs[lo]!);
    const mid = (lo + hi) >> 1;
    return `CASE WHEN ${column} < ${segs[mid]!.until} THEN ${tree(lo, mid)} ELSE ${tree(mid + 1, hi)} END`;
  };
  return `CASE WHEN ${column} < ${segs[segs.length - 1]!.until} THEN ${tree(0, segs.length - 1)} ELSE ${fallback} END`;
}
