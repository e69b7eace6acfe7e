import { describe, expect, it } from 'vitest';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';

describe.each(STORE_KINDS)('two PCs of one branch (%s)', (kind) => {
  it('both offline, both selling: after sync both show the same stock, equal to HQ\'s, negative flagged not refused', async () => {
    const hq = await TestHq.start(kind);
    const till1 = await branchPc(hq, 'EAST', { skus: ['TEA', 'MUG'] });
    const till2 = await branchPc(hq, 'EAST');
    await till1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }, { sku: 'MUG', qty: 5 }], actor: 'ann' });
    await till1.host.run('sync.now', {});
    await till2.host.run('sync.now', {});
    expect((await till2.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(10);

    // Offline: each till believes it has 10 teas and sells within that.
    await till1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 7 }, { sku: 'MUG', qty: 1 }], actor: 'ann' });
    await till2.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 6 }], actor: 'bob' });
    await till2.host.run('documents.record', { type: 'sale', lines: [{ sku: 'MUG', qty: 2 }], actor: 'bob' });
    expect((await till1.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(3);
    expect((await till2.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(4);

    // Back online, in any order; a second round lets the first PC learn what the second sent after it.
    await till2.host.run('sync.now', {});
    await till1.host.run('sync.now', {});
    await till2.host.run('sync.now', {});

    for (const sku of ['TEA', 'MUG']) {
      const hqStock = (await hq.store.stock(sku)).find((b) => b.branch === 'EAST')!;
      const s1 = await till1.host.run('stock.get', { sku });
      const s2 = await till2.host.run('stock.get', { sku });
      expect(s1.onHand).toBe(s2.onHand);
      expect(s1.onHand).toBe(hqStock.onHand);
    }
    expect((await till1.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(-3);
    expect((await till1.host.run('stock.get', { sku: 'MUG' })).onHand).toBe(2);
    // Flagged on both PCs and at HQ, for a compensating movement; nothing was refused.
    expect((await till1.host.run('sync.status', {})).negativeStock).toEqual([{ sku: 'TEA', onHand: -3 }]);
    expect((await till2.host.run('sync.status', {})).negativeStock).toEqual([{ sku: 'TEA', onHand: -3 }]);
    expect((await hq.store.negativeStock()).map((n) => [n.branch, n.sku, n.onHand])).toEqual([['EAST', 'TEA', -3]]);
    // Each ledger holds both devices' chains intact.
    expect(await till1.host.run('ledger.verify', {})).toMatchObject({ ok: true, devices: 2, movements: 6 });
    expect(await till2.host.run('ledger.verify', {})).toMatchObject({ ok: true, devices: 2, movements: 6 });
    expect(await till1.host.run('ledger.check', {})).toMatchObject({ ok: true });
  });
});
