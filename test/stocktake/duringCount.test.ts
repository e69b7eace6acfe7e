import { describe, expect, it } from 'vitest';
import { appendReplicated } from '../../electron/ledger/append';
import { writeTransaction } from '../../electron/ledger/write';
import { tempHost } from '../helpers/tempLedger';
import { adjustmentRows, onHand, seedShop, sell } from './fixtures';

describe('movements during a stock take are never double-counted', () => {
  it('a sale between counting and committing stays in the ledger once, on top of the count', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 18, mode: 'set', actor: 'ann' }); // 2 missing
    await sell(host, 'TEA-01', 3);

    const review = await host.run('stocktake.review', { sessionId: s.id });
    const row = review.rows.find((r) => r.sku === 'TEA-01')!;
    expect(row).toMatchObject({ expected: 20, counted: 18, difference: -2, unitCost: 350, differenceValue: -700 });
    expect(row.after).toMatchObject({ movements: 1, onHandNet: -3, whileCounting: 0 });
    expect(row.after.recent[0]).toMatchObject({ kind: 'sale', onHandDelta: -3, actor: 'till' });

    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    expect(adjustmentRows(host, s.id).map((m) => [m.sku, m.qty])).toEqual([['TEA-01', -2]]);
    // 18 on the shelf when counted, 3 sold since: 15, not 13 (double-counted sale) or 18 (sale overwritten).
    expect(await onHand(host, 'TEA-01')).toBe(15);
    expect((await host.run('ledger.check', {})).ok).toBe(true);
  });

  it('a sale between two scans of an item is flagged as moved while counting; the first scan\'s position stands', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 7, actor: 'ann' }); // shop floor
    await sell(host, 'TEA-02', 1);
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 5, actor: 'ann' }); // storeroom
    const row = (await host.run('stocktake.review', { sessionId: s.id })).rows.find((r) => r.sku === 'TEA-02')!;
    expect(row).toMatchObject({ counted: 12, expected: 12, difference: 0 });
    expect(row.after).toMatchObject({ movements: 1, whileCounting: 1 });
    expect(row.after.recent[0]!.whileCounting).toBe(true);
  });

  it('a recount with set moves the item\'s count to the recount\'s position', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 7, actor: 'ann' });
    await sell(host, 'TEA-02', 1);
    const recount = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 10, mode: 'set', actor: 'ann' });
    expect(recount.item).toMatchObject({ counted: 10, expected: 11, position: recount.event.position });
    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    expect(await onHand(host, 'TEA-02')).toBe(10);
  });

  it('a row from another till that syncs in after the count is kept on top of it, not overwritten', async () => {
    const branch = tempHost();
    const till2 = tempHost();
    await seedShop(branch);
    await till2.run('items.upsert', { sku: 'COF-01', name: 'Espresso beans 1kg' });
    await till2.run('documents.record', { type: 'receive', lines: [{ sku: 'COF-01', qty: 4 }], actor: 'till2' });
    const sale = await till2.run('documents.record', { type: 'sale', lines: [{ sku: 'COF-01', qty: 1 }], actor: 'till2' });

    const s = await branch.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    await branch.run('stocktake.count', { sessionId: s.id, sku: 'COF-01', qty: 8, mode: 'set', actor: 'ann' });
    writeTransaction(branch.ledger, () => appendReplicated(branch.ledger, sale.movements));
    await branch.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });

    expect(adjustmentRows(branch, s.id)).toEqual([]); // 8 counted, 8 expected at the count's position
    expect(await onHand(branch, 'COF-01')).toBe(7);
  });
});
