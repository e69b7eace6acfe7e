import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../electron/ledger/open';
import { migrate } from '../../electron/ledger/migrations';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { tempDir, tempHost } from '../helpers/tempLedger';

describe('items: several barcodes', () => {
  it('keeps the list with the primary first; an upsert that names only `barcode` keeps the extra codes', async () => {
    const host = tempHost();
    expect(await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcodes: ['4006381333931', '5012345678900'] }))
      .toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'] });
    // An older caller that knows one barcode changes the primary; the other code stays.
    expect(await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcode: '7610000000001' }))
      .toMatchObject({ barcode: '7610000000001', barcodes: ['7610000000001', '5012345678900'] });
    // `barcode` and `barcodes` together: the primary goes first, once.
    expect(await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcode: '5012345678900', barcodes: ['4006381333931', '5012345678900'] }))
      .toMatchObject({ barcode: '5012345678900', barcodes: ['5012345678900', '4006381333931'] });
    // Clearing the primary alone promotes the next code, so `barcode` is always the first of the list.
    expect(await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcode: null })).toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931'] });
    expect(await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcodes: [] })).toMatchObject({ barcode: null, barcodes: [] });
    // The old code is free again for another item.
    expect(await host.run('items.upsert', { sku: 'TEA-2', name: 'Black tea', barcodes: ['5012345678900'] })).toMatchObject({ barcodes: ['5012345678900'] });
  });

  it('refuses a code another item has, naming it, and changes nothing', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'FR-1', name: 'Frame', barcodes: ['111', '222'] });
    await host.run('items.upsert', { sku: 'FR-2', name: 'Frame two', barcode: '333' });
    const refused = await host.call('items.upsert', { sku: 'FR-2', name: 'Frame two renamed', barcodes: ['333', '222'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { barcode: '222', sku: 'FR-1', field: 'barcodes' } } });
    expect(refused.ok ? '' : refused.error.message).toContain('Barcode 222 already belongs to FR-1');
    expect(await host.run('items.get', { sku: 'FR-2' })).toMatchObject({ name: 'Frame two', barcodes: ['333'] });
    // The same through the primary field, and for a new item (nothing is created).
    expect(await host.call('items.upsert', { sku: 'FR-3', name: 'New', barcode: '111' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { sku: 'FR-1' } } });
    expect(await host.call('items.get', { sku: 'FR-3' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('validates each code as the barcode field is validated, and the list', async () => {
    const host = tempHost();
    const problem = async (barcodes: unknown) => {
      const r = await host.call('items.upsert', { sku: 'X', name: 'X', barcodes });
      return r.ok ? null : r.error.message;
    };
    expect(await problem(['1'.repeat(65)])).toContain('a barcode is at most 64 characters');
    expect(await problem(['12\u000734'])).toMatch(/control character/);
    expect(await problem(['  '])).toContain('a barcode cannot be empty');
    expect(await problem(['111', '111'])).toContain('barcode 111 is listed twice');
    expect(await problem(Array.from({ length: 21 }, (_, i) => `C${i}`))).toContain('at most 20 barcodes');
    expect(await problem('111')).not.toBeNull();
    expect((await host.run('items.list', { status: 'all' })).total).toBe(0);
  });

  it('finds the item by any of its codes: stock list, item list, stock-take scan', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'TEA-1', name: 'Green tea', barcodes: ['4006381333931', '5012345678900'] });
    await host.run('items.upsert', { sku: '5012345678900-X', name: 'Decoy whose SKU contains the code' });
    const stock = await host.run('stock.list', { search: '5012345678900' });
    expect(stock.rows[0]).toMatchObject({ sku: 'TEA-1', barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'] });
    expect((await host.run('stock.list', { search: '5012345678900', minAvailable: 0 })).rows[0]!.sku).toBe('TEA-1');
    expect((await host.run('items.list', { search: '5012345678900' })).rows[0]).toMatchObject({ sku: 'TEA-1', barcodes: ['4006381333931', '5012345678900'] });
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const counted = await host.run('stocktake.count', { sessionId: s.id, sku: '5012345678900', qty: 3, actor: 'ann' });
    expect(counted.event).toMatchObject({ sku: 'TEA-1', qty: 3 }); // the scanned extra code resolved to its item
    expect((await host.run('stocktake.review', { sessionId: s.id })).rows.find((r) => r.sku === 'TEA-1')).toMatchObject({ counted: 3 });
  });

  it('migrates the barcode a ledger had, so a scan of it still finds the item', async () => {
    const file = join(tempDir(), 'old.sqlite');
    const db = new Database(file);
    migrate(db, allMigrations.filter((m) => m.version < 100));
    db.prepare(`INSERT INTO items (sku, name, barcode, created_at, updated_at) VALUES ('OLD-1', 'Old', '4000000000001', 1, 1)`).run();
    db.close();
    const host = new LedgerHost(file);
    try {
      expect(await host.run('items.get', { sku: 'OLD-1' })).toMatchObject({ barcode: '4000000000001', barcodes: ['4000000000001'] });
      expect((await host.run('stock.list', { search: '4000000000001' })).rows.map((r) => r.sku)).toEqual(['OLD-1']);
      expect(await host.call('items.upsert', { sku: 'NEW-1', name: 'New', barcodes: ['4000000000001'] })).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { sku: 'OLD-1' } } });
    } finally {
      host.close();
    }
  });
});
