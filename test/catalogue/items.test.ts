import { describe, expect, it } from 'vitest';
import { tempHost } from '../helpers/tempLedger';

describe('items: shop fields, deactivation, catalogue CSV', () => {
  it('keeps default cost, price and reorder level; leaving one out keeps it, null clears it', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'F-1', name: 'Frame', defaultCost: 6240, price: 14900, reorderLevel: 2 });
    expect(await host.run('items.upsert', { sku: 'F-1', name: 'Frame black' })).toMatchObject({ name: 'Frame black', defaultCost: 6240, price: 14900, reorderLevel: 2, active: true });
    expect(await host.run('items.upsert', { sku: 'F-1', name: 'Frame black', price: null })).toMatchObject({ price: null, defaultCost: 6240 });
    expect(await host.call('items.upsert', { sku: 'F-1', name: 'x', price: -1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('items.upsert', { sku: 'F-1', name: 'x', colour: 'red' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a deactivated item keeps its movements, leaves the active list and new documents, and can come back', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'F-1', name: 'Frame' });
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'F-1', qty: 2 }], actor: 'ann' });
    await host.run('items.setActive', { sku: 'F-1', active: false, actor: 'ann' });
    expect((await host.run('items.list', {})).total).toBe(0);
    expect((await host.run('items.list', { status: 'inactive' })).rows.map((r) => r.sku)).toEqual(['F-1']);
    expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'F-1', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await host.run('stock.get', { sku: 'F-1' })).onHand).toBe(2);
    await host.run('items.setActive', { sku: 'F-1', active: true, actor: 'ann' });
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'F-1', qty: 1 }], actor: 'ann' });
  });

  it('previews a CSV with the line of each error (quoted newlines counted) and imports all or nothing', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'OLD', name: 'Old', barcode: '111', category: 'Cases' });
    const csv = 'sku,name,barcode,price\nA-1,"Two\nlines",,1.50\nA-2,Bad price,,1.2.3\nA-3,Taken,111,\nOLD,Old renamed,,\n';
    const preview = await host.run('items.importPreview', { csv });
    // A name may not hold a line break (the contract's safe text): the error is on line 2, and the
    // lines after the quoted field are still numbered as the file's lines.
    expect(preview.rows.filter((r) => r.error).map((r) => r.line)).toEqual([2, 4, 5]);
    expect(preview.rows.find((r) => r.line === 4)!.error).toBe('“1.2.3” is not an amount like 3.50');
    expect(preview.rows.find((r) => r.line === 5)!.error).toBe('barcode 111 already belongs to OLD');
    expect(preview.counts).toEqual({ new: 0, update: 1, errors: 3 });
    expect(await host.call('items.import', { csv, actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { errors: [{ line: 2 }, { line: 4 }, { line: 5 }] } } });
    expect((await host.run('items.list', { status: 'all' })).total).toBe(1);
    const fixed = 'sku,name,barcode,price\nA-1,"Two, lines",,1.50\nOLD,Old renamed,,\n';
    expect(await host.run('items.import', { csv: fixed, actor: 'ann' })).toEqual({ saved: 2, new: 1, updated: 1 });
    expect(await host.run('items.get', { sku: 'OLD' })).toMatchObject({ name: 'Old renamed', barcode: '111', category: 'Cases' });
    expect(await host.run('items.get', { sku: 'A-1' })).toMatchObject({ name: 'Two, lines', price: 150 });
  });
});
