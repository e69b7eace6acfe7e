import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../electron/sync/pull';
import { readBatch } from '../../electron/sync/outbox';
import type { Transfer } from '../../shared/sync/protocol';
import { seedItems, tempHost } from '../helpers/tempLedger';

const EPOCH_PAGE = { epoch: 'e1', cursor: 1, hasMore: false, movements: [], items: [], transferReceipts: [], serverTime: new Date().toISOString() };

async function branch(code: string) {
  const host = tempHost();
  await host.run('settings.set', { branchCode: code, branchName: `Branch ${code}` });
  await seedItems(host, ['TEA', 'MUG']);
  return host;
}

describe('transfers on one branch ledger', () => {
  it('sends: on-hand goes down at once, the header waits for HQ with the latest receipt cost', async () => {
    const a = await branch('A');
    await a.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10, unitCost: 250 }], actor: 'ann' });
    const t = await a.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 4 }], id: 'T-1', actor: 'ann' });
    expect(t).toMatchObject({ id: 'T-1', fromBranch: 'A', toBranch: 'B', direction: 'out', status: 'in_transit', syncedToHq: false });
    expect(t.lines[0]).toMatchObject({ sku: 'TEA', qty: 4, unitCost: 250, received: null });
    expect((await a.run('stock.get', { sku: 'TEA' })).onHand).toBe(6);
    const trail = await a.run('documents.get', { type: 'transfer', id: 'T-1' });
    expect(trail.movements.map((m) => [m.kind, m.onHandDelta, m.docType, m.docId])).toEqual([['transfer_out', -4, 'transfer', 'T-1']]);
    const batch = readBatch(a.ledger.db, a.ledger.deviceId, 0, 100, 1e6);
    expect(batch.transfers.map((x) => x.id)).toEqual(['T-1']);
    expect((await a.run('transfers.list', {})).rows.map((r) => r.id)).toEqual(['T-1']);
  });

  it('carries the sender\'s FIFO cost of the units sent, oldest receipts first', async () => {
    const a = await branch('A');
    await a.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5, unitCost: 100 }], occurredAt: '2026-01-01T10:00:00Z', actor: 'ann' });
    await a.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5, unitCost: 200 }], occurredAt: '2026-01-02T10:00:00Z', actor: 'ann' });
    const t = await a.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 7 }], id: 'T-FIFO', actor: 'ann' });
    // 5 × 100 + 2 × 200 = 900 for 7 units: 128.57 a unit, carried as 129.
    expect(t.lines[0]).toMatchObject({ sku: 'TEA', qty: 7, unitCost: 129 });
    const costs = await a.run('costs.item', { sku: 'TEA' });
    expect(costs.layers.map((l) => [l.remaining, l.value])).toEqual([[3, 600]]);
  });

  it('sending again under the same id appends nothing', async () => {
    const a = await branch('A');
    await a.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    const payload = { toBranch: 'B', lines: [{ sku: 'TEA', qty: 4 }], id: 'T-2', actor: 'ann' };
    await a.run('transfers.send', payload);
    await a.run('transfers.send', payload);
    expect((await a.run('stock.get', { sku: 'TEA' })).onHand).toBe(6);
  });

  it('refuses a transfer beyond available stock, to its own branch, and leaves the ledger as it was', async () => {
    const a = await branch('A');
    await a.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    const short = await a.call('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 4 }], actor: 'ann' });
    expect(short).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    const self = await a.call('transfers.send', { toBranch: 'A', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    expect(self).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await a.run('stock.get', { sku: 'TEA' })).onHand).toBe(3);
    expect((await a.run('transfers.list', {})).rows).toEqual([]);
  });

  it('receives what arrived, records the shortfall, and refuses receiving twice', async () => {
    const b = await branch('B');
    const transfer: Transfer = { id: 'T-9', fromBranch: 'A', toBranch: 'B', lines: [{ sku: 'TEA', qty: 5, unitCost: 250 }, { sku: 'NEW-1', qty: 2, unitCost: null }], sentAt: new Date().toISOString(), actor: 'ann', note: null };
    applyPullPage(b.ledger, { ...EPOCH_PAGE, transfers: [transfer] }, Date.now());
    expect((await b.run('transfers.inbound', {})).rows.map((r) => [r.id, r.direction, r.status])).toEqual([['T-9', 'in', 'in_transit']]);

    const missing = await b.call('transfers.receive', { transferId: 'T-9', lines: [{ sku: 'TEA', received: 5 }], actor: 'bob' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const got = await b.run('transfers.receive', { transferId: 'T-9', lines: [{ sku: 'TEA', received: 4, note: 'one box crushed' }, { sku: 'NEW-1', received: 0 }], actor: 'bob' });
    expect(got.status).toBe('received_with_discrepancy');
    expect(got.lines.map((l) => [l.sku, l.qty, l.received, l.difference])).toEqual([['TEA', 5, 4, -1], ['NEW-1', 2, 0, -2]]);
    expect((await b.run('stock.get', { sku: 'TEA' })).onHand).toBe(4);
    expect((await b.run('transfers.inbound', {})).rows).toEqual([]);

    const again = await b.call('transfers.receive', { transferId: 'T-9', lines: [{ sku: 'TEA', received: 5 }, { sku: 'NEW-1', received: 2 }], actor: 'bob' });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_COMMITTED' } });
    expect((await b.run('stock.get', { sku: 'TEA' })).onHand).toBe(4);
    const batch = readBatch(b.ledger.db, b.ledger.deviceId, 0, 100, 1e6);
    expect(batch.transferReceipts).toEqual([expect.objectContaining({ transferId: 'T-9', branch: 'B', lines: [{ sku: 'TEA', sent: 5, received: 4, note: 'one box crushed' }, { sku: 'NEW-1', sent: 2, received: 0, note: null }] })]);
  });

  it('refuses to receive a transfer addressed to another branch or not yet synced', async () => {
    const c = await branch('C');
    const transfer: Transfer = { id: 'T-5', fromBranch: 'A', toBranch: 'B', lines: [{ sku: 'TEA', qty: 1, unitCost: null }], sentAt: new Date().toISOString(), actor: 'ann', note: null };
    applyPullPage(c.ledger, { ...EPOCH_PAGE, transfers: [transfer] }, Date.now());
    expect(await c.call('transfers.receive', { transferId: 'T-5', lines: [{ sku: 'TEA', received: 1 }], actor: 'cy' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await c.call('transfers.receive', { transferId: 'nope', lines: [{ sku: 'TEA', received: 1 }], actor: 'cy' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
