import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../electron/sync/pull';
import { tempHost } from '../helpers/tempLedger';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';

/** What a Documents-screen scan does: the ledger's own search, the row whose SKU or any barcode is the code. */
async function scan(host: Awaited<ReturnType<typeof branchPc>>['host'], code: string): Promise<string | null> {
  const { rows } = await host.run('stock.list', { search: code, limit: 5 });
  return rows.find((r) => r.barcodes.includes(code) || r.sku === code)?.sku ?? null;
}

describe.each(STORE_KINDS)('several barcodes from HQ to the branches (%s)', (kind) => {
  it('a code added at HQ reaches the branch and a scan of it there finds the item; a code HQ moves follows it', async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'NORTH');
    await pc.host.run('items.upsert', { sku: 'LOCAL-1', name: 'Shop-made item', barcodes: ['4000000000009'] });
    await hq.store.upsertItem({ sku: 'TEA-01', name: 'Green tea 100g', barcode: '4006381333931' });
    await pc.host.run('sync.now', {});
    expect(await scan(pc.host, '4006381333931')).toBe('TEA-01');

    // The new packaging's code, added at HQ (kept primary first).
    expect(await hq.store.upsertItem({ sku: 'TEA-01', name: 'Green tea 100g', barcodes: ['4006381333931', '5012345678900'] }))
      .toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'] });
    await pc.host.run('sync.now', {});
    expect(await scan(pc.host, '5012345678900')).toBe('TEA-01');
    expect(await pc.host.run('items.get', { sku: 'TEA-01' })).toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'], managedByHq: true });
    const s = await pc.host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    expect((await pc.host.run('stocktake.count', { sessionId: s.id, sku: '5012345678900', qty: 2, actor: 'ann' })).event).toMatchObject({ sku: 'TEA-01', qty: 2 });
    await pc.host.run('stocktake.cancel', { sessionId: s.id, actor: 'ann' });

    // HQ is the authority: a code it gives one of its items leaves the branch's own item that had it.
    await hq.store.upsertItem({ sku: 'TEA-01', name: 'Green tea 100g', barcodes: ['4006381333931', '5012345678900', '4000000000009'] });
    await pc.host.run('sync.now', {});
    expect(await scan(pc.host, '4000000000009')).toBe('TEA-01');
    expect(await pc.host.run('items.get', { sku: 'LOCAL-1' })).toMatchObject({ barcode: null, barcodes: [] });

    // A code taken off at HQ and given to another item: the branch follows, and nothing is parked.
    await hq.store.upsertItem({ sku: 'TEA-01', name: 'Green tea 100g', barcodes: ['4006381333931'] });
    await hq.store.upsertItem({ sku: 'TEA-02', name: 'Black tea 100g', barcodes: ['5012345678900'] });
    await pc.host.run('sync.now', {});
    expect(await scan(pc.host, '5012345678900')).toBe('TEA-02');
    expect(await pc.host.run('items.get', { sku: 'TEA-01' })).toMatchObject({ barcodes: ['4006381333931'] });
    expect((await pc.host.run('sync.parked', {})).open).toBe(0);
  }, 60_000);

  it('HQ refuses a code another item has, naming it, and a list no branch could store; nothing changes', async () => {
    const hq = await TestHq.start(kind);
    await hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcodes: ['111', '222'] });
    await expect(hq.store.upsertItem({ sku: 'FR-2', name: 'Frame two', barcodes: ['333', '222'] }))
      .rejects.toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('Barcode 222 already belongs to FR-1'), details: { sku: 'FR-1' } });
    await expect(hq.store.upsertItem({ sku: 'FR-2', name: 'Frame two', barcode: '111' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcodes: ['x'.repeat(65)] })).rejects.toMatchObject({ status: 400, code: 'VALIDATION' });
    await expect(hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcodes: ['1\u00002'] })).rejects.toMatchObject({ status: 400, code: 'VALIDATION' });
    await expect(hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcodes: ['9', '9'] })).rejects.toMatchObject({ status: 400, code: 'VALIDATION' });
    await expect(hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcode: 'P', barcodes: Array.from({ length: 20 }, (_, i) => `C${i}`) })).rejects.toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(await hq.store.getItem('FR-2')).toBeNull();
    expect(await hq.store.getItem('FR-1')).toMatchObject({ barcode: '111', barcodes: ['111', '222'] });
    // An older caller that names only `barcode` keeps the extra codes; a removed code is free again.
    expect(await hq.store.upsertItem({ sku: 'FR-1', name: 'Frame', barcode: '112' })).toMatchObject({ barcodes: ['112', '222'] });
    expect(await hq.store.upsertItem({ sku: 'FR-2', name: 'Frame two', barcodes: ['111'] })).toMatchObject({ barcodes: ['111'] });
    expect((await hq.store.listItems()).map((i) => [i.sku, i.barcodes])).toEqual([['FR-1', ['112', '222']], ['FR-2', ['111']]]);
    const page = await hq.store.pull({ branch: 'NORTH', deviceId: 'nobody', cursor: 0, limit: 100 });
    expect(page.items.map((i) => [i.sku, i.barcode, i.barcodes])).toEqual([['FR-1', '112', ['112', '222']], ['FR-2', '111', ['111']]]);
  }, 60_000);
});

describe.each(STORE_KINDS)('several barcodes from a branch to HQ (%s)', (kind) => {
  it('an item the branch made reaches HQ with every code, primary first; a code HQ gave another item stays with it', async () => {
    const hq = await TestHq.start(kind);
    await hq.store.upsertItem({ sku: 'HQ-1', name: 'HQ item', barcodes: ['7000000000001'] });
    const pc = await branchPc(hq, 'NORTH');
    await pc.host.run('items.upsert', { sku: 'LOCAL-2', name: 'Shop-made scarf', barcodes: ['4000000000016', '4000000000023', '4000000000030'] });
    await pc.host.run('items.upsert', { sku: 'LOCAL-3', name: 'Shop-made hat', barcodes: ['4000000000047'] });
    await pc.host.run('documents.record', { type: 'receive', actor: 'ann', lines: [{ sku: 'LOCAL-2', qty: 3 }, { sku: 'LOCAL-3', qty: 1 }] });
    // Before the branch's sync, HQ gives one of LOCAL-3's codes to its own item: HQ's catalogue wins.
    await hq.store.upsertItem({ sku: 'HQ-1', name: 'HQ item', barcodes: ['7000000000001', '4000000000047'] });
    await pc.host.run('sync.now', {});
    expect(await hq.store.getItem('LOCAL-2')).toMatchObject({ needsReview: true, learnedFrom: 'NORTH', barcode: '4000000000016', barcodes: ['4000000000016', '4000000000023', '4000000000030'] });
    expect(await hq.store.getItem('LOCAL-3')).toMatchObject({ barcode: null, barcodes: [] });
    expect((await hq.store.getItem('HQ-1'))?.barcodes).toEqual(['7000000000001', '4000000000047']);
  }, 60_000);
});

describe('a pull from an HQ that predates the barcode list', () => {
  it('an item without `barcodes` has just its primary code on the branch', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'TEA-01', name: 'Green tea', barcodes: ['111', '222'] });
    const page = { epoch: 'e', cursor: 5, hasMore: false, movements: [], transfers: [], transferReceipts: [], serverTime: new Date().toISOString(),
      items: [{ sku: 'TEA-01', name: 'Green tea 100g', category: null, brand: null, barcode: '333', unit: 'pcs', updatedAt: new Date().toISOString() }] };
    expect(applyPullPage(host.ledger, page, Date.now())).toMatchObject({ items: 1 });
    expect(await host.run('items.get', { sku: 'TEA-01' })).toMatchObject({ name: 'Green tea 100g', barcode: '333', barcodes: ['333'] });
    expect((await host.run('stock.list', { search: '222' })).rows).toEqual([]);
  });
});
