import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMovementsCsv } from '../../electron/csv/movementsImport';
import { CommandError } from '../../shared/errors';
import { runCli } from '../helpers/cli';
import { tempHost } from '../helpers/tempLedger';

type Host = ReturnType<typeof tempHost>;
const options = { type: 'receive' as const, actor: 'importer', batch: 500 };

async function refusal(p: Promise<unknown>): Promise<CommandError> {
  try { await p; } catch (e) { if (e instanceof CommandError) return e; throw e; }
  throw new Error('the import was not refused');
}

async function nothingWritten(host: Host) {
  expect((await host.run('ledger.verify')).movements).toBe(0);
  expect((await host.run('items.list', {})).total).toBe(0);
}

function file(host: Host, name: string, content: string | Buffer): string {
  const path = join(host.dir, name);
  writeFileSync(path, content);
  return path;
}

describe('CSV import is strict and writes nothing from a refused file', () => {
  it('a stray quote is refused naming line 3, and neither rows nor items are written', async () => {
    const host = tempHost();
    const csv = file(host, 'stray.csv', 'sku,name,qty\nM1,Monitor 24,2\nM5,Monitor 5" screen,3\nM6,Monitor 6,4\n');
    const e = await refusal(importMovementsCsv(host, csv, options));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/line 3, column 2: a quote/);
    await nothingWritten(host);
  });

  it('an unclosed quote is reported as such, not as a bad quantity', async () => {
    const host = tempHost();
    const e = await refusal(importMovementsCsv(host, file(host, 'open.csv', 'sku,name,qty\nA,"Apple,1\nB,Banana,2\n'), options));
    expect(e.message).toMatch(/quoted field is never closed/);
    await nothingWritten(host);
  });

  it('numbers must be plain decimal: exponents, hex and thousands separators are refused with line and column', async () => {
    const host = tempHost();
    const csv = file(host, 'numbers.csv', 'sku;name;qty;unit_cost\nA;Apple;1e3;5\nB;Banana;0x10;5\nC;Cherry;"1,000";5\nD;Date;2;3.50\n');
    const e = await refusal(importMovementsCsv(host, csv, options));
    const problems = (e.details as { problems: Array<{ line: number; column: string }> }).problems;
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['2:qty', '3:qty', '4:qty', '5:unit_cost']);
    expect(e.message).toMatch(/line 2, column qty: quantity "1e3" is in exponent notation/);
    await nothingWritten(host);
  });

  it('an unknown column is refused with the nearest known one', async () => {
    const host = tempHost();
    const e = await refusal(importMovementsCsv(host, file(host, 'h.csv', 'sku,name,qty,unitcost\nA,Apple,1,5\n'), options));
    expect(e.message).toMatch(/line 1: column 4: unknown field "unitcost" \(did you mean unit_cost\?\)/);
    await nothingWritten(host);
  });

  it('rows for unknown items, sales beyond stock and adjustments without a note are all named before anything is written', async () => {
    const host = tempHost();
    const csv = file(host, 'mixed.csv', 'sku,name,qty,type,note\nA,Apple,5,receive,\nA,,7,sale,\nZ,,1,receive,\nA,,-1,adjustment,\n');
    const e = await refusal(importMovementsCsv(host, csv, options));
    const problems = (e.details as { problems: Array<{ line: number; column: string }> }).problems;
    expect(problems.map((p) => `${p.line}:${p.column}`).sort()).toEqual(['3:qty', '4:sku', '5:note']);
    await nothingWritten(host);
  });

  it('a BOM, semicolons, CRLF and a quoted newline are read as Excel wrote them', async () => {
    const host = tempHost();
    // The quoted newline is in a note: item names are one line (the contract refuses control characters there).
    const text = '\uFEFFsku;name;qty;unit_cost;note\r\nTEA-01;"Green tea; 100g";24;350;\r\nMUG-02;"Mug ""Big""";6;1200;"two boxes\r\none damaged"\r\n';
    const r = await importMovementsCsv(host, file(host, 'excel.csv', Buffer.from(text, 'utf8')), options);
    expect(r).toMatchObject({ rows: 2, appended: 2 });
    expect(await host.run('items.get', { sku: 'TEA-01' })).toMatchObject({ name: 'Green tea; 100g' });
    expect(await host.run('items.get', { sku: 'MUG-02' })).toMatchObject({ name: 'Mug "Big"' });
    expect((await host.run('stock.trail', { sku: 'MUG-02' })).rows[0]).toMatchObject({ note: 'two boxes\r\none damaged' });
    expect((await host.run('stock.get', { sku: 'TEA-01' })).onHand).toBe(24);
  });

  it('tab-separated files are detected too', async () => {
    const host = tempHost();
    const r = await importMovementsCsv(host, file(host, 'tabs.tsv', 'sku\tname\tqty\nA\tApple, red\t3\n'), options);
    expect(r.appended).toBe(1);
    expect(await host.run('items.get', { sku: 'A' })).toMatchObject({ name: 'Apple, red' });
  });
});

describe('re-running an import is safe by row content', () => {
  const rows = (bad: boolean) => {
    const lines = ['sku,name,qty'];
    for (let i = 1; i <= 2500; i++) lines.push(i === 2201 && bad ? 'P-7,Product 7,x' : `P-${i % 10},Product ${i % 10},1`);
    return lines.join('\n') + '\n';
  };

  it('a file with a bad line 2,201 writes nothing; the corrected file appends each row once', async () => {
    const host = tempHost();
    const csv = file(host, 'stock.csv', rows(true));
    const e = await refusal(importMovementsCsv(host, csv, options));
    expect(e.message).toMatch(/line 2202, column qty/);
    await nothingWritten(host);
    writeFileSync(csv, rows(false));
    expect(await importMovementsCsv(host, csv, options)).toMatchObject({ rows: 2500, appended: 2500 });
    const onHand = async () => (await host.run('stock.list', { limit: 100 })).rows.reduce((n: number, r: { onHand: number }) => n + r.onHand, 0);
    expect(await onHand()).toBe(2500);
    expect(await importMovementsCsv(host, csv, options)).toMatchObject({ appended: 0, skipped: 2500 });
    expect(await onHand()).toBe(2500);
  });

  it('a run that stopped part-way (its first 1,000 rows in) is completed, not doubled, by the whole file in other batches', async () => {
    const host = tempHost();
    const all = rows(false);
    const head = all.split('\n').slice(0, 1001).join('\n') + '\n';
    expect(await importMovementsCsv(host, file(host, 'part.csv', head), { ...options, batch: 300 })).toMatchObject({ appended: 1000 });
    expect(await importMovementsCsv(host, file(host, 'all.csv', all), { ...options, batch: 700 })).toMatchObject({ appended: 1500, skipped: 1000 });
    expect((await host.run('ledger.verify')).movements).toBe(2500);
  });

  it('--source imports the same content again as a new delivery', async () => {
    const host = tempHost();
    const csv = file(host, 'weekly.csv', 'sku,name,qty\nA,Apple,10\n');
    await importMovementsCsv(host, csv, options);
    expect(await importMovementsCsv(host, csv, options)).toMatchObject({ appended: 0 });
    expect(await importMovementsCsv(host, csv, { ...options, source: 'week 2' })).toMatchObject({ appended: 1 });
    expect((await host.run('stock.get', { sku: 'A' })).onHand).toBe(20);
  });

  it('the CLI refuses a bad file with exit 2 and the line in the error', () => {
    const host = tempHost();
    host.close();
    const csv = file(host, 'bad.csv', 'sku,name,qty\nA,Apple,1\nB,Monitor 5" screen,1\n');
    const r = runCli(['--db', host.file, 'import', csv]);
    expect(r.status).toBe(2);
    expect((r.json as { error: { message: string } }).error.message).toMatch(/line 3/);
    expect(runCli(['--db', host.file, 'verify']).json).toMatchObject({ movements: 0 });
  });
});

describe('a file that sells what it receives', () => {
  it('is imported: the stock check runs once, over the rows in order', async () => {
    const host = tempHost();
    const csv = file(host, 'day.csv', 'sku,name,qty,type\nA,Apple,5,receive\nA,,5,sale\nA,,2,receive\nA,,2,sale\n');
    expect(await importMovementsCsv(host, csv, { ...options, batch: 1 })).toMatchObject({ appended: 4 });
    expect((await host.run('stock.get', { sku: 'A' })).onHand).toBe(0);
  });
});
