import { describe, expect, it } from 'vitest';
import { makePushTx } from '../../server/store/common/pushTx';
import { FakeDevice } from '../server/helpers/hq';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';
import { plantAtHq, plantItem } from './plant';

/** Issue 12, failure 1: one over-long catalogue field (or a row no PC can store) never stops a pull. */
describe.each(STORE_KINDS)('a poison item or row at HQ (%s)', (kind) => {
  it('HQ refuses the 240-character name; one that is there anyway is parked on each PC, reported to HQ, and the pull goes on', async () => {
    const hq = await TestHq.start(kind);
    const a1 = await branchPc(hq, 'A', { skus: ['TEA'] });
    const a2 = await branchPc(hq, 'A', { skus: ['TEA'] });
    await a1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    await a1.host.run('sync.now', {});
    await a2.host.run('sync.now', {});

    // HQ's own door (stock-ledger-hq items add, and every other caller of the catalogue) refuses it.
    await expect(hq.store.upsertItem({ sku: 'TEA-01', name: 'N'.repeat(240) })).rejects.toMatchObject({ status: 400, code: 'VALIDATION' });
    await expect(hq.store.upsertItem({ sku: 'X'.repeat(65), name: 'ok' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await hq.store.getItem('TEA-01')).toBeNull();

    // What an older HQ let in: the over-long item, and a row of this branch with a 65-character SKU.
    await plantItem(hq.store, 'TEA-01', 'N'.repeat(240));
    const oldPc = new FakeDevice('old-pc', 'A');
    const poisonRow = oldPc.next({ sku: 'S'.repeat(65) });
    await plantAtHq(hq.store, (c) => makePushTx(c).insertMovements([poisonRow], new Date().toISOString()));

    // A sale on the other PC still reaches this one; the round succeeds.
    await a2.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 3 }], actor: 'bob' });
    await a2.host.run('sync.now', {});
    const round = await a1.host.call('sync.now', {});
    expect(round).toMatchObject({ ok: true });
    expect((await a1.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(7);
    expect((await a1.host.run('sync.status', {})).lastError).toBeNull();

    // Parked, with the reason, visible on the PC…
    const review = await a1.host.run('sync.parked', {});
    expect(review.open).toBe(2);
    const item = review.rows.find((r) => r.kind === 'item')!;
    expect(item).toMatchObject({ key: 'TEA-01', appliedAt: null });
    expect(item.reason).toMatch(/name/);
    expect(item.reason).toMatch(/200/);
    const row = review.rows.find((r) => r.kind === 'movement')!;
    expect(row).toMatchObject({ key: poisonRow.id });
    expect(row.reason).toMatch(/sku is 65 characters/);
    expect(await a1.host.run('items.get', { sku: 'TEA-01' }).catch((e) => e.code)).toBe('NOT_FOUND');
    // …and at HQ.
    const atHq = await hq.store.parkedReports({ branch: 'A' });
    expect(atHq.filter((p) => p.deviceId === a1.host.ledger.deviceId).map((p) => [p.kind, p.applied]).sort()).toEqual([['item', false], ['movement', false]]);

    // HQ corrects the item (a new catalogue entry, through its validated door): the PC applies it and says so.
    await hq.store.upsertItem({ sku: 'TEA-01', name: 'Green tea 100g' });
    await a1.host.run('sync.now', {});
    expect(await a1.host.run('items.get', { sku: 'TEA-01' })).toMatchObject({ name: 'Green tea 100g' });
    const after = await a1.host.run('sync.parked', {});
    expect(after.open).toBe(1);
    expect(after.rows.find((r) => r.kind === 'item')!.appliedAt).not.toBeNull();
    expect(await a1.host.run('ledger.verify', {})).toMatchObject({ ok: true });
    expect(await a2.host.run('ledger.verify', {})).toMatchObject({ ok: true });
  }, 60_000);
});
