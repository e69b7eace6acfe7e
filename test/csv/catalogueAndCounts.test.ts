import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCatalogueCsv } from '../../electron/csv/catalogueImport';
import { importCountsCsv } from '../../electron/csv/countsImport';
import { CommandError } from '../../shared/errors';
import { tempHost } from '../helpers/tempLedger';

async function refusal(p: Promise<unknown>): Promise<CommandError> {
  try { await p; } catch (e) { if (e instanceof CommandError) return e; throw e; }
  throw new Error('the import was not refused');
}

describe('catalogue CSV', () => {
  it('adds items from a ; file with a BOM; a file with one bad row adds none', async () => {
    const host = tempHost();
    const bad = join(host.dir, 'bad.csv');
    writeFileSync(bad, '\uFEFFsku;name;barcode\r\nA;Apple;111\r\nB;;222\r\nC;Cherry;111\r\n');
    const e = await refusal(importCatalogueCsv(host, bad));
    const problems = (e.details as { problems: Array<{ line: number; column: string }> }).problems;
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:name', '4:barcode']);
    expect((await host.run('items.list', {})).total).toBe(0);
    const good = join(host.dir, 'good.csv');
    writeFileSync(good, '\uFEFFsku;name;barcode\r\nA;Apple;111\r\nB;Banana;222\r\n');
    expect(await importCatalogueCsv(host, good)).toEqual({ rows: 2, items: 2 });
    expect(await host.run('items.get', { sku: 'B' })).toMatchObject({ name: 'Banana', barcode: '222' });
  });
});

describe('stock-take counts CSV', () => {
  it('loads counts by SKU or barcode; a bad row loads none; loading twice changes nothing', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'A', name: 'Apple', barcode: '4001' });
    await host.run('items.upsert', { sku: 'B', name: 'Banana' });
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const csv = join(host.dir, 'counts.csv');
    writeFileSync(csv, 'sku,qty\n4001,7\nB,1e1\nZ,3\n');
    const e = await refusal(importCountsCsv(host, s.id, csv, { actor: 'ann' }));
    const problems = (e.details as { problems: Array<{ line: number; column: string }> }).problems;
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:qty', '4:sku']);
    expect((await host.run('stocktake.review', { sessionId: s.id })).rows).toHaveLength(0);
    writeFileSync(csv, 'sku,qty\n4001,7\nB,10\n');
    expect(await importCountsCsv(host, s.id, csv, { actor: 'ann' })).toEqual({ rows: 2, recorded: 2 });
    expect(await importCountsCsv(host, s.id, csv, { actor: 'ann' })).toEqual({ rows: 2, recorded: 0 });
    const review = await host.run('stocktake.review', { sessionId: s.id });
    expect(Object.fromEntries(review.rows.map((r: { sku: string; counted: number }) => [r.sku, r.counted]))).toEqual({ A: 7, B: 10 });
  });
});
