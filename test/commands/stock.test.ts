import { describe, expect, it } from 'vitest';
import { tempHost } from '../helpers/tempLedger';

async function shop() {
  const host = tempHost();
  const items = [
    { sku: 'TEA-001', name: 'Green tea 100g', category: 'Drinks', brand: 'Leafy', barcode: '4006381333931' },
    { sku: 'TEA-002', name: 'Black tea 250g', category: 'Drinks', brand: 'Leafy', barcode: '4006381333948' },
    { sku: 'MUG-001', name: 'Stoneware mug', category: 'Kitchen', brand: 'Potter', barcode: '5012345678900' },
    { sku: 'SPOON-10', name: 'Tea spoon 100% steel', category: 'Kitchen', brand: 'Potter', barcode: null },
  ];
  for (const i of items) await host.run('items.upsert', i);
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA-001', qty: 12 }, { sku: 'TEA-002', qty: 3 }, { sku: 'MUG-001', qty: 40 }], actor: 'ann' });
  await host.run('reservations.reserve', { sku: 'MUG-001', qty: 6, ref: 'R1', actor: 'ann' });
  return host;
}

describe('stock.list', () => {
  it('lists every item with on-hand, reserved and available, never-moved items at zero', async () => {
    const host = await shop();
    const list = await host.run('stock.list', {});
    expect(list.total).toBe(4);
    expect(list.rows.map((r) => [r.sku, r.onHand, r.reserved, r.available])).toEqual([
      ['MUG-001', 40, 6, 34], ['SPOON-10', 0, 0, 0], ['TEA-001', 12, 0, 12], ['TEA-002', 3, 0, 3],
    ]);
  });

  it('searches SKU, name and barcode; an exact barcode scan comes first', async () => {
    const host = await shop();
    expect((await host.run('stock.list', { search: 'tea' })).rows.map((r) => r.sku)).toEqual(['SPOON-10', 'TEA-001', 'TEA-002']);
    expect((await host.run('stock.list', { search: '4006381333948' })).rows.map((r) => r.sku)).toEqual(['TEA-002']);
    expect((await host.run('stock.list', { search: 'mug-0' })).rows.map((r) => r.sku)).toEqual(['MUG-001']);
    // LIKE wildcards in a search are taken literally.
    expect((await host.run('stock.list', { search: '100%' })).rows.map((r) => r.sku)).toEqual(['SPOON-10']);
  });

  it('filters by category, brand and available range, and sorts', async () => {
    const host = await shop();
    expect((await host.run('stock.list', { category: 'Kitchen' })).rows.map((r) => r.sku)).toEqual(['MUG-001', 'SPOON-10']);
    expect((await host.run('stock.list', { brand: 'Leafy', minAvailable: 5 })).rows.map((r) => r.sku)).toEqual(['TEA-001']);
    expect((await host.run('stock.list', { maxAvailable: 3 })).total).toBe(2);
    expect((await host.run('stock.list', { sort: '-available' })).rows.map((r) => r.sku)).toEqual(['MUG-001', 'TEA-001', 'TEA-002', 'SPOON-10']);
    expect((await host.run('stock.list', { sort: '-reserved', limit: 1 })).rows.map((r) => r.sku)).toEqual(['MUG-001']);
    const page = await host.run('stock.list', { limit: 2, offset: 2 });
    expect({ skus: page.rows.map((r) => r.sku), total: page.total }).toEqual({ skus: ['TEA-001', 'TEA-002'], total: 4 });
  });
});

describe('stock.trail', () => {
  it('gives every movement in order with the running balance, paging back from the newest', async () => {
    const host = await shop();
    for (let i = 0; i < 5; i++) await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA-001', qty: 1 }], actor: 'bob' });
    const page1 = await host.run('stock.trail', { sku: 'TEA-001', limit: 4 });
    expect(page1.rows.map((r) => r.onHandAfter)).toEqual([10, 9, 8, 7]);
    expect(page1.rows.every((r) => r.kind === 'sale' && r.kindLabel === 'Sale' && r.actor === 'bob')).toBe(true);
    const page2 = await host.run('stock.trail', { sku: 'TEA-001', limit: 4, before: page1.nextBefore! });
    expect(page2.rows.map((r) => [r.kind, r.qty, r.onHandAfter])).toEqual([['receive', 12, 12], ['sale', 1, 11]]);
    expect(page2.nextBefore).toBeNull();
  });

  it('refuses an unknown item', async () => {
    const host = await shop();
    expect(await host.call('stock.trail', { sku: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('stock.get', { sku: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('stock.get', { sku: 'NOPE', asOf: '2026-01-01' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers zero, not "no such item", for a catalogue item never moved and for one sold out', async () => {
    const host = await shop();
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA-002', qty: 3 }], actor: 'bob' });
    for (const sku of ['SPOON-10', 'TEA-002']) {
      expect(await host.run('stock.get', { sku })).toMatchObject({ sku, onHand: 0, reserved: 0, available: 0 });
      expect(await host.run('stock.get', { sku, asOf: '2020-01-01' })).toMatchObject({ sku, onHand: 0 });
    }
  });

  it('answers for an item only movements name (its catalogue row not here yet, as after a pull)', async () => {
    const host = await shop();
    const before = await host.run('stock.get', { sku: 'TEA-001' });
    const trail = await host.run('stock.trail', { sku: 'TEA-001' });
    const db = host.ledger.db;
    db.pragma('foreign_keys = OFF');
    db.prepare(`DELETE FROM item_barcodes WHERE sku = 'TEA-001'`).run();
    db.prepare(`DELETE FROM items WHERE sku = 'TEA-001'`).run();
    expect(await host.run('stock.get', { sku: 'TEA-001' })).toEqual(before);
    expect(await host.run('stock.trail', { sku: 'TEA-001' })).toEqual(trail);
  });
});

describe('items', () => {
  it('upserts, gets and lists the catalogue; a barcode belongs to one item', async () => {
    const host = await shop();
    await host.run('items.upsert', { sku: 'TEA-001', name: 'Green tea 100 g (new pack)', category: 'Drinks', brand: 'Leafy', barcode: '4006381333931' });
    expect(await host.run('items.get', { sku: 'TEA-001' })).toMatchObject({ name: 'Green tea 100 g (new pack)', unit: 'pcs' });
    expect((await host.run('items.list', { search: 'tea', brand: 'Leafy' })).total).toBe(2);
    expect(await host.call('items.upsert', { sku: 'X', name: 'Copy', barcode: '4006381333931' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { sku: 'TEA-001' } } });
    expect(await host.call('items.get', { sku: 'X' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('items.upsert', { sku: '', name: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('settings', () => {
  it('keeps branch settings and refuses an unknown time zone', async () => {
    const host = await shop();
    expect(await host.run('settings.set', { branchCode: 'LDN-01', branchName: 'London Bridge' })).toMatchObject({ branchCode: 'LDN-01', timeZone: 'UTC', allowNegativeStock: false });
    expect(await host.call('settings.set', { timeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.run('settings.get')).toMatchObject({ branchCode: 'LDN-01', deviceId: host.ledger.deviceId });
    const sale = await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA-001', qty: 1 }], actor: 'bob' });
    expect(sale.movements[0]!.branch).toBe('LDN-01');
  });
});
