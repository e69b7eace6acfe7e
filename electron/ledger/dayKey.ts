import type { Database } from 'better-sqlite3';
import { localDay, zoneOffsetMs } from '../../shared/domain/time';

/**
 * The branch-local day of an instant, computed inside SQLite for set-based folds (rebuild, check).
 * Days are numbered (days since 1970-01-01 of the local calendar date), so SQL can group, order and
 * compare them; `dayTextSql` turns a number back into the YYYY-MM-DD text the caches store.
 *
 * localDay is the date of (instant + the zone's offset then). Over the instants the ledger holds, the
 * zone's offsets are sampled once in JS with the function localDay uses (zoneOffsetMs); a stretch with
 * one offset is a single arithmetic branch, (ms + offset) / 86400000; the day around each clock
 * change and any instant outside the range go to a registered JS function that is localDay itself,
 * memoised per quarter hour like the append path.
 * The branches are nested as a binary search (a few compares a row). Sampling costs a few ms a year,
 * so only the last four years of a range are laid out: older history (a legacy import) asks the function.
 */
const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * 60_000;
const STEP_MS = 24 * 3_600_000;
/** Offsets are sampled over at most the last four years of a range; older instants ask the JS function. */
const MAX_SPAN_MS = 4 * 366 * 86_400_000;
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
  /** The UTC offset throughout, or null: ask the JS function. */
  offset: number | null;
}

/**
 * The zone's offsets over [from, to], sampled once a day: a stretch whose two ends have one offset
 * is arithmetic; a stretch with a clock change in it goes to the JS function. (Like localDay's own
 * per-hour cache, this assumes no zone changes its clocks and back again between two samples.)
 */
function segments(timeZone: string, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  const push = (until: number, offset: number | null) => {
    const last = out[out.length - 1];
    if (last && last.offset === offset) last.until = until;
    else out.push({ until, offset });
  };
  let t = Math.floor(Math.max(from, to - MAX_SPAN_MS) / STEP_MS) * STEP_MS;
  push(t, null); // everything before the range
  let offset = zoneOffsetMs(t, timeZone);
  while (t <= to) {
    const next = t + STEP_MS;
    const after = zoneOffsetMs(next, timeZone);
    // Integer division truncates toward zero: only instants whose local time is from 1970 on are arithmetic.
    push(next, after === offset && t + offset >= 0 ? offset : null);
    t = next;
    offset = after;
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
