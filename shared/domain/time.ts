/**
 * Branch-local days and times. Snapshots, "stock on 14 March" and every time a clerk types or reads
 * use the branch's IANA time zone, so day boundaries are computed here, right across every DST rule:
 * a day whose midnight does not exist (America/Havana, 8 March 2026: 00:00 → 01:00) starts at the
 * first instant that is on that day (05:00Z), not an hour early.
 *
 * Offsets are cached per zone and UTC day, or per hour for a day with a transition in it, but only for
 * spans with one offset throughout: a transition at :30 or :45 (Lord Howe, Chatham, Newfoundland) falls
 * inside an hour, and that hour is computed exactly instead. (Like dayKey.ts's sampling, this assumes
 * no zone changes its clocks and back again within one day.) The hot append path asks for the day of
 * "now" many times a second, and a point-in-time read for the day of any instant of the past.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone|d<day> or zone|h<hour> → offset, or NaN when the offset changes within that span. */
const offsetCache = new Map<string, number>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The exact offset at `ms` (whole seconds; Intl formats no milliseconds). */
function exactOffset(ms: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  const whole = Math.floor(ms / 1000) * 1000;
  for (const p of formatterFor(timeZone).formatToParts(whole)) if (p.type !== 'literal') parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const asUtc = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  // Date.UTC maps years 0–99 to 1900–1999.
  const fixed = year >= 0 && year < 100 ? new Date(asUtc).setUTCFullYear(year) : asUtc;
  return fixed - whole;
}

/** True for the names Intl accepts as a time zone (IANA names such as Europe/Berlin, and UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * One cached offset: `span` ms from a multiple of `span`; NaN when the offset changes within it. A
 * whole UTC day is asked first, so a year of random instants costs a few hundred Intl calls, not one
 * pair per hour; a day with a transition in it falls back to its hours.
 */
function cachedOffset(ms: number, timeZone: string, span: number, tag: string): number {
  const n = Math.floor(ms / span);
  const key = `${timeZone}|${tag}${n}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    const first = exactOffset(n * span, timeZone);
    const last = exactOffset(n * span + span - 1000, timeZone);
    cached = first === last ? first : NaN;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, cached);
  }
  return cached;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const day = cachedOffset(ms, timeZone, DAY_MS, 'd');
  if (!Number.isNaN(day)) return day;
  const hour = cachedOffset(ms, timeZone, HOUR_MS, 'h');
  return Number.isNaN(hour) ? exactOffset(ms, timeZone) : hour;
}

/** The wall-clock reading of instant `ms` in the zone, as if it were UTC (ms). */
function wallOf(ms: number, timeZone: string): number {
  return ms + zoneOffsetMs(ms, timeZone);
}

/** The branch-local calendar day (YYYY-MM-DD) that contains instant `ms`. */
export function localDay(ms: number, timeZone: string): string {
  return new Date(wallOf(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock of `timeZone` reads `wall` (a UTC-based ms value). A reading
 * that happens twice (clocks go back) is its first occurrence; a reading that never happens (clocks
 * go forward) is moved forward by the gap, as a clock would show it: 02:30 in a 02:00→03:00 gap is 03:30.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  // The offsets in force around that wall time (a day either side covers every real transition).
  const offsets = new Set<number>();
  for (const probe of [-DAY_MS, -HOUR_MS * 6, 0, HOUR_MS * 6, DAY_MS]) offsets.add(zoneOffsetMs(wall + probe, timeZone));
  const exact = [...offsets].map((o) => wall - o).filter((t) => wallOf(t, timeZone) === wall).sort((a, b) => a - b);
  if (exact.length) return exact[0]!;
  // In a gap: the offset before the transition puts the reading just after it, by the gap's length.
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  return wall - before;
}

/**
 * The first instant (ms) of branch-local day `day`: the first instant whose local day is `day`.
 * When midnight is skipped (Havana, Santiago), that is the end of the gap.
 */
export function startOfLocalDay(day: string, timeZone: string): number {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight)) throw new RangeError(`not a day: ${day}`);
  const t = instantOfWall(midnight, timeZone);
  if (wallOf(t, timeZone) === midnight) return t;
  // Skipped midnight: the first whole second whose wall reading is on `day` (offsets are whole seconds).
  let lo = t - DAY_MS;
  let hi = t;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallOf(mid, timeZone) >= midnight) hi = mid; else lo = mid;
  }
  return hi;
}

/** The day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The last millisecond of branch-local day `day`. */
export function endOfLocalDay(day: string, timeZone: string): number {
  return startOfLocalDay(nextDay(day), timeZone) - 1;
}

/** A plain day means the end of that day in the branch zone; a date-time is taken as given. */
export function resolvePointInTime(value: string, timeZone: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfLocalDay(value, timeZone) : Date.parse(value);
}

/**
 * A date-time a person typed without an offset ("2026-03-14T10:30", what a datetime-local input
 * gives) read in the branch's zone; a value with an offset or Z is taken as given. NaN if unreadable.
 */
export function parseLocalDateTime(value: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return Date.parse(value);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), Number((m[7] ?? '0').padEnd(3, '0')));
  return instantOfWall(wall, timeZone);
}

/** Instant → the branch's wall clock as "YYYY-MM-DDTHH:mm" (a datetime-local input's value). */
export function toLocalDateTimeInput(ms: number, timeZone: string): string {
  return new Date(wallOf(ms, timeZone)).toISOString().slice(0, 16);
}

/** The ISO instant with the branch's offset, e.g. 2026-03-07T23:30:00.000-05:00. */
export function isoInZone(ms: number, timeZone: string): string {
  const off = zoneOffsetMs(ms, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(off / MINUTE_MS));
  return `${new Date(ms + off).toISOString().slice(0, 23)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * isoOf for a long run of times (verify's walk over millions of rows): the date part is formatted
 * once per UTC day and the time of day by hand, the same text as toISOString for every instant.
 */
export function isoFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let prefix = '';
  return (ms) => {
    if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) return isoOf(ms); // toISOString's own answer (or its RangeError)
    const d = Math.floor(ms / DAY_MS);
    if (d !== day) {
      prefix = isoOf(d * DAY_MS).slice(0, -13); // "YYYY-MM-DDT" (or an extended year)
      day = d;
    }
    let rest = ms - d * DAY_MS;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    return `${prefix}${pad2((rest - min) / 60)}:${pad2(min)}:${pad2(sec)}.${pad3(milli)}Z`;
  };
}
