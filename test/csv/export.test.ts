import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMovements, fileStream } from '../../electron/cli/export';
import { parseCsv } from '../../electron/cli/csv';
import { csvCell, currencyDigits, decimalMoney, localTime, moneyCell } from '../../electron/csv/write';
import { tempHost } from '../helpers/tempLedger';

describe('CSV exports', () => {
  it('guard text that a spreadsheet would run as a formula, and leave numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(['+1', '-1', '@SUM(A1)', '\tx'].map(csvCell)).toEqual([`'+1`, `'-1`, `'@SUM(A1)`, `"'\tx"`]);
    expect(csvCell(-5)).toBe('-5');
    // A negative amount is a number, not a formula: no apostrophe (a text cell "-1" still gets one).
    expect([moneyCell(-700), moneyCell(-5, 0), moneyCell(null)].map(csvCell)).toEqual(['-7.00', '-5', '']);
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('BHD')]).toEqual([2, 0, 3]);
    expect(decimalMoney(-12345, 3)).toBe('-12.345');
    expect(csvCell('plain; text')).toBe('"plain; text"');
  });

  it('write money exactly as decimals and times in the branch zone with the offset', () => {
    expect([decimalMoney(350), decimalMoney(5), decimalMoney(-1205), decimalMoney(123456789012)]).toEqual(['3.50', '0.05', '-12.05', '1234567890.12']);
    expect(localTime(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Lisbon')).toBe('2026-07-01T13:00:00+01:00');
    expect(localTime(Date.parse('2026-01-01T12:00:00Z'), 'America/New_York')).toBe('2026-01-01T07:00:00-05:00');
  });

  it('the movement export has a BOM, local times, decimal and minor-unit costs, and a guarded note', async () => {
    const host = tempHost();
    await host.run('settings.set', { timeZone: 'Europe/Berlin' });
    await host.run('items.upsert', { sku: 'A', name: 'Apple' });
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 5, unitCost: 1250 }], occurredAt: '2026-03-14T09:30:00Z', actor: 'ann' });
    await host.run('documents.record', { type: 'adjustment', lines: [{ sku: 'A', qty: -1 }], note: '=cmd|" /C calc"!A0', actor: 'ann' });
    const out = join(host.dir, 'movements.csv');
    const stream = fileStream(out);
    expect(await exportMovements(host.ledger.db, stream)).toBe(2);
    await new Promise<void>((r) => stream.end(() => r()));
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, first, second] = parseCsv(text);
    const col = (row: string[] | undefined, name: string) => row![header!.indexOf(name)];
    expect(col(first, 'occurred_at')).toBe('2026-03-14T10:30:00+01:00');
    expect([col(first, 'unit_cost'), col(first, 'unit_cost_minor')]).toEqual(['12.50', '1250']);
    expect(col(second, 'note')).toBe(`'=cmd|" /C calc"!A0`);
  });
});
