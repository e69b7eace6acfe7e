import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HQ_SQLITE_FILE, openStore } from '../../../server/store/open';
import { parseCatalogueCsv } from '../../../server/console/catalogueCsv';
import { openTestStore, startHq, STORE_KINDS } from '../helpers/hq';
import { addOperators, ConsoleClient } from './session';

describe('HQ catalogue CSV: the barcodes column', () => {
  it('splits codes on |, names the separator when a cell is wrong, and refuses a code on two lines', () => {
    const { items, problems } = parseCatalogueCsv('sku,name,barcodes\nA,Apple,111|222\nB,Banana,333;444\nC,Cherry,222\nD,Date,\n');
    expect(items.map((i) => [i.item.sku, i.item.barcodes])).toEqual([['A', ['111', '222']], ['D', undefined]]);
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
    expect(problems[0]!.message).toMatch(/separated by \|/);
    expect(problems[1]!.message).toBe('Barcode 222 is also on line 2.');
  });
});

describe.each(STORE_KINDS)('HQ console: an item\'s barcodes (%s)', (kind) => {
  it('adds and edits the list; a code another item has is refused naming it, for one item and for a file', async () => {
    const store = await openTestStore(kind);
    await addOperators(store);
    const hq = await startHq(store);
    const c = new ConsoleClient(hq.url);
    await c.login('ana');
    const saved = await c.write('/items', { sku: 'TEA-01', name: 'Green tea', barcodes: ['4006381333931', '5012345678900'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'] });
    const taken = await c.write('/items', { sku: 'TEA-02', name: 'Black tea', barcodes: ['5012345678900'] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/Barcode 5012345678900 already belongs to TEA-01/);
    expect((await c.write('/items', { sku: 'TEA-02', name: 'Black tea', barcodes: [42] })).status).toBe(400);
    expect((await c.send('GET', '/items?search=501234')).body.items.map((i: { sku: string }) => i.sku)).toEqual(['TEA-01']);
    const csv = 'sku,name,barcodes\nTEA-03,Oolong,700|701\nTEA-02,Black tea,5012345678900\n';
    const refused = await c.write('/items/import', { csv, commit: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.problems).toEqual([{ line: 3, message: 'Barcode 5012345678900 already belongs to TEA-01.' }]);
    expect(await store.getItem('TEA-03')).toBeNull();
    const ok = await c.write('/items/import', { csv: 'sku,name,barcodes\nTEA-03,Oolong,700|701\nTEA-01,Green tea,4006381333931\n', commit: true });
    expect(ok.body.summary).toEqual({ new: 1, changed: 1, unchanged: 0 });
    expect(await store.getItem('TEA-01')).toMatchObject({ barcodes: ['4006381333931'] });
    expect(await store.getItem('TEA-03')).toMatchObject({ barcode: '700', barcodes: ['700', '701'] });
    await hq.close();
  }, 30_000);
});

describe('HQ SQLite before version 180', () => {
  it('carries the barcode each item had into the list, so the pull sends it and a clash is refused', async () => {
    const store = await openTestStore('sqlite');
    await store.upsertItem({ sku: 'OLD-1', name: 'Old', barcode: '4000000000001' });
    await store.close();
    // Back to the schema before this migration: no list, user_version 170.
    const file = join(store.dataDir!, HQ_SQLITE_FILE);
    const db = new Database(file);
    db.exec('DROP TABLE item_barcodes');
    db.pragma('user_version = 170');
    db.close();
    const again = await openStore({ dataDir: store.dataDir });
    try {
      expect(await again.getItem('OLD-1')).toMatchObject({ barcode: '4000000000001', barcodes: ['4000000000001'] });
      await expect(again.upsertItem({ sku: 'NEW-1', name: 'New', barcodes: ['4000000000001'] })).rejects.toMatchObject({ code: 'CONFLICT', details: { sku: 'OLD-1' } });
    } finally {
      await again.close();
    }
  });
});
