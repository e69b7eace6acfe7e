import { describe, expect, it } from 'vitest';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';

describe.each(STORE_KINDS)('a transfer between branches through HQ (%s)', (kind) => {
  it('A sends, B sees it after sync, receives short, and A, B and HQ all see the discrepancy; receiving twice is refused', async () => {
    const hq = await TestHq.start(kind);
    const a = await branchPc(hq, 'A', { skus: ['TEA', 'MUG'] });
    const b = await branchPc(hq, 'B');
    const b2 = await branchPc(hq, 'B');
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 20, unitCost: 310 }, { sku: 'MUG', qty: 8, unitCost: 900 }], actor: 'ann' });
    const sent = await a.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 12 }, { sku: 'MUG', qty: 3 }], id: 'TR-1', actor: 'ann', note: 'weekly top-up' });
    expect(sent.status).toBe('in_transit');
    expect((await a.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(8);

    // Not synced yet: B knows nothing.
    await b.host.run('sync.now', {});
    expect((await b.host.run('transfers.inbound', {})).rows).toEqual([]);

    await a.host.run('sync.now', {});
    expect((await a.host.run('transfers.list', {})).rows[0]).toMatchObject({ id: 'TR-1', syncedToHq: true });
    expect((await hq.store.stock('TEA')).find((s) => s.branch === 'B')).toMatchObject({ onHand: 0, inTransit: 12 });
    expect((await hq.store.stock('TEA')).find((s) => s.branch === 'A')).toMatchObject({ onHand: 8, inTransitOut: 12 });

    await b.host.run('sync.now', {});
    const inbound = (await b.host.run('transfers.inbound', {})).rows;
    expect(inbound.map((t) => [t.id, t.fromBranch, t.direction])).toEqual([['TR-1', 'A', 'in']]);
    expect(inbound[0]!.lines.map((l) => [l.sku, l.qty, l.unitCost, l.name])).toEqual([['TEA', 12, 310, 'Item TEA'], ['MUG', 3, 900, 'Item MUG']]);

    const received = await b.host.run('transfers.receive', { transferId: 'TR-1', lines: [{ sku: 'TEA', received: 11, note: 'one packet torn' }, { sku: 'MUG', received: 3 }], actor: 'bob' });
    expect(received.status).toBe('received_with_discrepancy');
    expect((await b.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(11);
    const twice = await b.host.call('transfers.receive', { transferId: 'TR-1', lines: [{ sku: 'TEA', received: 12 }, { sku: 'MUG', received: 3 }], actor: 'bob' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'ALREADY_COMMITTED' } });
    expect((await b.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(11);

    await b.host.run('sync.now', {});
    // HQ: received, in transit cleared, the short line recorded.
    const atHq = (await hq.store.transfers()).find((t) => t.id === 'TR-1')!;
    expect(atHq.status).toBe('received_with_discrepancy');
    expect(atHq.discrepancies).toEqual([{ sku: 'TEA', sent: 12, received: 11, difference: -1, note: 'one packet torn' }]);
    expect((await hq.store.stock('TEA')).find((s) => s.branch === 'B')).toMatchObject({ onHand: 11, inTransit: 0 });

    // A learns the outcome of its transfer.
    await a.host.run('sync.now', {});
    const atA = (await a.host.run('transfers.list', {})).rows.find((t) => t.id === 'TR-1')!;
    expect(atA.status).toBe('received_with_discrepancy');
    expect(atA.lines.find((l) => l.sku === 'TEA')).toMatchObject({ received: 11, difference: -1, note: 'one packet torn' });

    // B's other PC learns the receipt and the stock, and refuses to receive it again too.
    await b2.host.run('sync.now', {});
    expect((await b2.host.run('transfers.inbound', {})).rows).toEqual([]);
    expect((await b2.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(11);
    expect(await b2.host.call('transfers.receive', { transferId: 'TR-1', lines: [{ sku: 'TEA', received: 12 }, { sku: 'MUG', received: 3 }], actor: 'cy' }))
      .toMatchObject({ ok: false, error: { code: 'ALREADY_COMMITTED' } });
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });

  it('a delivery that never arrived is still recorded and reaches HQ (a receipt without movements)', async () => {
    const hq = await TestHq.start(kind);
    const a = await branchPc(hq, 'A', { skus: ['TEA'] });
    const b = await branchPc(hq, 'B');
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    await a.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 5 }], id: 'TR-LOST', actor: 'ann' });
    await a.host.run('sync.now', {});
    await b.host.run('sync.now', {});
    await b.host.run('transfers.receive', { transferId: 'TR-LOST', lines: [{ sku: 'TEA', received: 0, note: 'van never came' }], actor: 'bob' });
    expect((await b.host.run('sync.status', {})).pending).toBe(0);
    await b.host.run('sync.now', {});
    const atHq = (await hq.store.transfers()).find((t) => t.id === 'TR-LOST')!;
    expect(atHq.discrepancies).toEqual([{ sku: 'TEA', sent: 5, received: 0, difference: -5, note: 'van never came' }]);
  });

  it('two tills of the receiving branch both receive offline: HQ keeps the first receipt, the second till is told, not stuck, and the delivery counts once', async () => {
    const hq = await TestHq.start(kind);
    const a = await branchPc(hq, 'A', { skus: ['TEA'] });
    const b1 = await branchPc(hq, 'B');
    const b2 = await branchPc(hq, 'B');
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    await a.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 5 }], id: 'TR-BOTH', actor: 'ann' });
    await a.host.run('sync.now', {});
    await b1.host.run('sync.now', {});
    await b2.host.run('sync.now', {});
    await b1.host.run('transfers.receive', { transferId: 'TR-BOTH', lines: [{ sku: 'TEA', received: 5 }], actor: 'bob' });
    await b2.host.run('transfers.receive', { transferId: 'TR-BOTH', lines: [{ sku: 'TEA', received: 4 }], actor: 'cy' });
    await b1.host.run('sync.now', {});
    const second = await b2.host.run('sync.now', {});
    expect(second).toMatchObject({ pushed: 1, pending: 0 });
    const status = await b2.host.run('sync.status', {});
    expect(status.recentErrors[0]!.message).toMatch(/TR-BOTH had already been received on another PC of this branch/);
    const atHq = (await hq.store.transfers()).find((t) => t.id === 'TR-BOTH')!;
    expect(atHq.receipt).toMatchObject({ actor: 'bob' });
    // Both tills' rows are at HQ, nothing dropped; the conflict rule (sync/conflicts) counts the delivery once:
    // the receipt of the till with the lower device id stands, the other is cancelled by a compensation.
    await b1.host.run('sync.now', {});
    const standing = b1.host.ledger.deviceId < b2.host.ledger.deviceId ? 5 : 4;
    expect((await hq.store.movements({ branch: 'B' })).filter((m) => m.kind === 'transfer_in')).toHaveLength(2);
    expect((await hq.store.stock('TEA')).find((s) => s.branch === 'B')!.onHand).toBe(standing);
    expect((await b2.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(standing);
    expect((await b1.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(standing);
    expect(await hq.store.conflicts()).toEqual([expect.objectContaining({ rule: 'receipt', sku: 'TEA' })]);
  });
});
