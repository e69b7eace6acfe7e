import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCatalogueCsv } from '../../electron/csv/catalogueImport';
import { CommandError } from '../../shared/errors';
import { tempHost } from '../helpers/tempLedger';

async function refusal(p: Promise<unknown>): Promise<CommandError> {
  try { await p; } catch (e) { if (e instanceof CommandError) return e; throw e; }
  throw new Error('the import was not refused');
}

describe('catalogue CSV: a barcodes column with codes separated by |', () => {
  it('the CLI import: refuses wrong cells by line, naming the separator; then stores every code', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'OLD', name: 'Old', barcodes: ['999'] });
    const bad = join(host.dir, 'bad.csv');
    writeFileSync(bad, 'sku,name,barcodes\nA,Apple,111|222\nB,Banana,"333;444"\nC,Cherry,555||666\nD,Date,999\nE,Elder,222\n');
    const e = await refusal(importCatalogueCsv(host, bad));
    const problems = (e.details as { problems: Array<{ line: number; column: string; message: string }> }).problems;
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:barcodes', '4:barcodes', '5:barcodes', '6:barcodes']);
    expect(problems[0]!.message).toContain('separated by |');
    expect(problems[1]!.message).toContain('separated by |');
    expect(problems[2]!.message).toBe('barcode 999 already belongs to OLD');
    expect(problems[3]!.message).toBe('barcode 222 already belongs to A');
    expect((await host.run('items.list', {})).total).toBe(1);
    const good = join(host.dir, 'good.csv');
    writeFileSync(good, 'sku,name,barcode,barcodes\nA,Apple,,111|222\nB,Banana,333,444 | 555\n');
    expect(await importCatalogueCsv(host, good)).toEqual({ rows: 2, items: 2 });
    expect(await host.run('items.get', { sku: 'A' })).toMatchObject({ barcode: '111', barcodes: ['111', '222'] });
    expect(await host.run('items.get', { sku: 'B' })).toMatchObject({ barcode: '333', barcodes: ['333', '444', '555'] });
    expect((await host.run('stock.list', { search: '555' })).rows[0]!.sku).toBe('B');
  });

  it('the Items screen import: preview lines, then all or nothing; an empty cell keeps the codes', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'FR-1', name: 'Frame', barcodes: ['100', '101'] });
    const csv = 'sku,name,barcodes\nFR-2,Frame two,200|201\nFR-3,Frame three,200\nFR-4,Frame four,101\nFR-5,Frame five,300;301\nFR-1,Frame renamed,\n';
    const preview = await host.run('items.importPreview', { csv });
    expect(preview.rows.filter((r) => r.error).map((r) => [r.line, r.error])).toEqual([
      [3, 'barcode 200 is also on line 2'],
      [4, 'barcode 101 already belongs to FR-1'],
      [5, 'barcodes: “300;301” holds “;”; several codes go in one cell separated by |, like 4006381333931|5012345678900'],
    ]);
    expect(preview.rows.find((r) => r.line === 2)!.item).toMatchObject({ barcodes: ['200', '201'] });
    expect(await host.call('items.import', { csv, actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const fixed = 'sku,name,barcodes\nFR-2,Frame two,200|201\nFR-1,Frame renamed,\n';
    expect(await host.run('items.import', { csv: fixed, actor: 'ann' })).toEqual({ saved: 2, new: 1, updated: 1 });
    expect(await host.run('items.get', { sku: 'FR-1' })).toMatchObject({ name: 'Frame renamed', barcodes: ['100', '101'] });
    expect(await host.run('items.get', { sku: 'FR-2' })).toMatchObject({ barcode: '200', barcodes: ['200', '201'] });
    // A barcodes cell is the whole list: it replaces the codes, the old primary included.
    await host.run('items.import', { csv: 'sku,name,barcodes\nFR-1,Frame renamed,101|102\n', actor: 'ann' });
    expect(await host.run('items.get', { sku: 'FR-1' })).toMatchObject({ barcode: '101', barcodes: ['101', '102'] });
  });
});
