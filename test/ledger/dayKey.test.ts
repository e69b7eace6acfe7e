import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dayNumberSql, dayTextSql, registerDayFunctions } from '../../electron/ledger/dayKey';
import { localDay } from '../../shared/domain/time';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * The day key rebuild and check compute in SQL (arithmetic per run of regular days, the JS function on
 * clock-change days and outside the laid-out range) against localDay, the append path's own function.
 */
describe('the local day computed in SQL', () => {
  const cases: Array<[string, string, string, number?]> = [
    ['Europe/Berlin', '2025-12-01T00:00:00Z', '2026-12-01T00:00:00Z'],
    ['America/New_York', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'],
    ['America/Havana', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'], // midnight skipped in March
    ['Australia/Lord_Howe', '2025-09-01T00:00:00Z', '2026-06-01T00:00:00Z'], // 30-minute clock changes
    ['America/St_Johns', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'],
    ['Pacific/Apia', '2011-12-01T00:00:00Z', '2012-02-01T00:00:00Z'], // 30 December 2011 never happened
    ['Asia/Kolkata', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'],
    ['UTC', '1969-12-20T00:00:00Z', '1970-01-10T00:00:00Z'], // days before 1970 go to the JS function
    ['America/Santiago', '2019-01-01T00:00:00Z', '2026-06-01T00:00:00Z', 3 * HOUR + 7 * 60_000], // more than the four years laid out
  ];
  it.each(cases)('%s agrees with localDay at every quarter hour (or step) and odd instants, inside and outside the laid-out range', (zone, fromIso, toIso, step = 15 * 60_000) => {
    const db = new Database(':memory:');
    registerDayFunctions(db, zone);
    const from = Date.parse(fromIso);
    const to = Date.parse(toIso);
    db.exec(`CREATE TABLE t (ms INTEGER NOT NULL)`);
    const insert = db.prepare(`INSERT INTO t (ms) VALUES (?)`);
    const instants: number[] = [];
    // Beyond both ends of the range the expression is built for, then every quarter hour, each
    // quarter's last millisecond, and a few instants that are not on a quarter.
    for (let ms = from - 3 * DAY; ms <= to + 3 * DAY; ms += step) instants.push(ms, ms - 1, ms + 7 * 60_000 + 13_001);
    for (const ms of instants) insert.run(ms);
    const expr = dayNumberSql('ms', zone, from + 2 * HOUR, to - 2 * HOUR);
    const rows = db.prepare(`SELECT ms, ${dayTextSql(`(${expr})`)} AS day FROM t`).raw().all() as Array<[number, string]>;
    const wrong = rows.filter(([ms, day]) => day !== localDay(ms, zone)).map(([ms, day]) => ({ at: new Date(ms).toISOString(), sql: day, js: localDay(ms, zone) }));
    expect(wrong).toEqual([]);
    expect(rows.length).toBe(instants.length);
    db.close();
  });

  it('falls back to the JS function alone when there is no range (an empty ledger)', () => {
    const db = new Database(':memory:');
    registerDayFunctions(db, 'Europe/Berlin');
    const at = Date.parse('2026-03-29T00:59:59.999Z');
    const day = db.prepare(`SELECT ${dayTextSql(dayNumberSql('?', 'Europe/Berlin', Number.NaN, Number.NaN).replaceAll('?', String(at)))}`).pluck().get();
    expect(day).toBe(localDay(at, 'Europe/Berlin'));
    db.close();
  });
});
