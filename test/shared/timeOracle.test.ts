import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDay, parseLocalDateTime, startOfLocalDay } from '../../shared/domain/time';

/**
 * Day boundaries against an independent implementation (luxon) for every IANA zone this runtime knows,
 * 2024–2028. To stay fast it checks every first of the month plus each day around an offset change
 * (found by luxon sampling weekly, so a change our code misses is still checked).
 *
 * The expected start of a day is the first instant luxon places on that day. Where midnight happens
 * twice (Havana and the Azores fall back from 01:00 to 00:00), luxon's startOf('day') picks the second
 * midnight and leaves the hour before it on no day at all; the first instant on the day is the first one.
 */
const zones = Intl.supportedValuesOf('timeZone');
const DAY = 86_400_000;
const QUARTER_HOUR = 900_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2029, 0, 1);

const dayOf = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate();

function expectedStart(day: string, zone: string): number {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  let first = start.toMillis();
  // An overlap at midnight (up to 4 hours: Antarctica/Casey went from +11 to +8 in 2023): walk back.
  if (DateTime.fromMillis(first - 4 * 3_600_000, { zone }).offset === start.offset) return first;
  for (let k = 1; k <= 16; k++) {
    const c = start.toMillis() - k * QUARTER_HOUR;
    if (dayOf(c, zone) === day && dayOf(c - 1, zone) !== day) first = c;
  }
  return first;
}

function daysToCheck(zone: string): string[] {
  const days = new Set<string>();
  let prev: number | null = null;
  for (let t = FROM; t < TO; t += 7 * DAY) {
    const offset = DateTime.fromMillis(t, { zone }).offset;
    if (prev !== null && offset !== prev) for (let k = -8; k <= 1; k++) days.add(new Date(t + k * DAY).toISOString().slice(0, 10));
    prev = offset;
  }
  for (let y = 2024; y < 2029; y++) for (let m = 1; m <= 12; m++) days.add(`${y}-${String(m).padStart(2, '0')}-01`);
  return [...days];
}

describe('day boundaries agree with luxon in every zone', () => {
  it(`covers all ${zones.length} zones, 2024–2028, every DST rule`, () => {
    const wrong: string[] = [];
    let checked = 0;
    let transitions = 0;
    for (const zone of zones) {
      for (const day of daysToCheck(zone)) {
        const expected = expectedStart(day, zone);
        const start = startOfLocalDay(day, zone);
        checked++;
        if (start !== expected) wrong.push(`${zone} ${day}: ${new Date(start).toISOString()} (luxon ${new Date(expected).toISOString()})`);
        else if (localDay(start, zone) !== day || localDay(start - 1, zone) === day) wrong.push(`${zone} ${day}: localDay disagrees at the boundary`);
        else if (endOfLocalDay(day, zone) + 1 !== expectedStart(DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!, zone)) wrong.push(`${zone} ${day}: end of day`);
        if (!day.endsWith('-01')) transitions++;
      }
    }
    expect(checked).toBeGreaterThan(zones.length * 60);
    expect(transitions).toBeGreaterThan(1000);
    expect(wrong.slice(0, 20)).toEqual([]);
  }, 300_000);

  it('starts 8 March 2026 in Havana at 05:00Z, where clocks go from 00:00 to 01:00', () => {
    expect(new Date(startOfLocalDay('2026-03-08', 'America/Havana')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(endOfLocalDay('2026-03-07', 'America/Havana')).toISOString()).toBe('2026-03-08T04:59:59.999Z');
    // Santiago skips midnight too (6 September 2026).
    expect(startOfLocalDay('2026-09-06', 'America/Santiago')).toBe(DateTime.fromISO('2026-09-06', { zone: 'America/Santiago' }).toMillis());
  });

  it('reads a typed date-time in the branch zone (a skipped time moves forward, a repeated one is its first occurrence)', () => {
    const cases: Array<[string, string]> = [
      ['2026-03-14T10:30', 'Europe/Berlin'], ['2026-03-29T02:30', 'Europe/Berlin'], ['2026-03-07T23:30', 'America/Havana'],
      ['2026-03-08T00:30', 'America/Havana'], ['2026-10-04T02:15', 'Australia/Lord_Howe'], ['2026-07-01T09:00', 'Asia/Kathmandu'],
    ];
    for (const [wall, zone] of cases) expect([wall, zone, parseLocalDateTime(wall, zone)]).toEqual([wall, zone, DateTime.fromISO(wall, { zone }).toMillis()]);
    expect(new Date(parseLocalDateTime('2026-03-14T10:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-14T09:30:00.000Z');
    // 02:30 on 25 October 2026 happens twice in Berlin: the first (summer time, +02:00) is meant.
    expect(new Date(parseLocalDateTime('2026-10-25T02:30', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});
