import { describe, expect, it, vi } from 'vitest';
import { endOfLocalDay, isoFormatter, localDay, resolvePointInTime, startOfLocalDay } from '../../shared/domain/time';

describe('branch-local days', () => {
  it('puts an instant on the day it is in the branch zone', () => {
    expect(localDay(Date.parse('2026-03-14T23:30:00Z'), 'UTC')).toBe('2026-03-14');
    expect(localDay(Date.parse('2026-03-14T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-15');
    expect(localDay(Date.parse('2026-03-14T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-13');
  });

  it('finds day boundaries across a daylight-saving change', () => {
    // Berlin springs forward on 29 March 2026: that day is 23 hours long.
    const start = startOfLocalDay('2026-03-29', 'Europe/Berlin');
    const end = endOfLocalDay('2026-03-29', 'Europe/Berlin');
    expect(new Date(start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(end + 1).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localDay(start, 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDay(start - 1, 'Europe/Berlin')).toBe('2026-03-28');
  });

  it('asks Intl about a zone a few times per day of the year, not per hour: a year of random point reads stays cheap', () => {
    // Each hour missing from an hourly cache cost two Intl.formatToParts calls, and point reads over a
    // year of history missed in four calls out of ten (the bench's asOf p95 tail). A zone no other test uses.
    const zone = 'America/Winnipeg';
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      let seed = 1;
      const from = Date.UTC(2025, 0, 1);
      for (let i = 0; i < 5000; i++) {
        seed = (seed * 48271) % 2147483647;
        localDay(from + (seed % (365 * 24)) * 3_600_000 + (seed % 3_600_000), zone);
      }
      // 365 days at two calls each, and the hours of the two days with a clock change.
      expect(spy.mock.calls.length).toBeLessThan(365 * 2 + 2 * 24 * 2 + 10);
    } finally {
      spy.mockRestore();
    }
    expect(localDay(Date.parse('2025-03-09T07:59:59Z'), zone)).toBe('2025-03-09');
  });

  it('reads a plain day as the end of that day and a date-time as given', () => {
    expect(new Date(resolvePointInTime('2026-03-14', 'Asia/Tokyo')).toISOString()).toBe('2026-03-14T14:59:59.999Z');
    expect(resolvePointInTime('2026-03-14T10:00:00+02:00', 'Asia/Tokyo')).toBe(Date.parse('2026-03-14T08:00:00Z'));
  });
});

describe('isoFormatter', () => {
  it('writes exactly what toISOString writes, over days, years, leap days, before 1970 and extended years', () => {
    const iso = isoFormatter();
    const probes = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -86_400_001, Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('2026-03-29T01:00:00.000Z'),
      Date.parse('1969-12-31T23:59:59.001Z'), Date.parse('0001-01-01T00:00:00.000Z'), 253402300800000, 8.64e15, -8.64e15];
    let x = 123456789;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      probes.push(Math.round((x / 2147483648 - 0.3) * 4e12) + (i % 7) * 86_400_000);
    }
    for (const ms of probes) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
  });
});
