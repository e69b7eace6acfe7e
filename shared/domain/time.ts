/**
 * Branch-local days. Snapshots and "stock on 14 March" use the branch's time zone, so day
 * boundaries are computed here from an IANA zone. Offsets are cached per zone and hour: the hot
 * append path asks for the day of "now" many times a second.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const hour = Math.floor(ms / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(hour * HOUR_MS)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = asUtc - hour * HOUR_MS;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The branch-local calendar day (YYYY-MM-DD) that contains instant `ms`. */
export function localDay(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

/** The first instant (ms) of branch-local day `day`. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let guess = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  // Across a DST change the offset at the guess can differ from the one at UTC midnight.
  guess = midnightUtc - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** The last millisecond of branch-local day `day`. */
export function endOfLocalDay(day: string, timeZone: string): number {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return startOfLocalDay(next, timeZone) - 1;
}

/** A plain day means the end of that day in the branch zone; a date-time is taken as given. */
export function resolvePointInTime(value: string, timeZone: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfLocalDay(value, timeZone) : Date.parse(value);
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
