import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { branchPc, FAST_SYNC, STORE_KINDS, TestHq } from '../sync/hqHarness';
import { tempDir } from '../helpers/tempLedger';

describe.each(STORE_KINDS)('a replacement PC rebuilds the branch ledger from HQ (%s HQ)', (kind) => {
  it('catalogue, stock and trail come back on a new file enrolled for the branch, and it verifies', async () => {
    const hq = await TestHq.start(kind);
    const dead = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    await dead.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 24, unitCost: 350 }, { sku: 'MUG', qty: 6, unitCost: 1200 }], actor: 'ann' });
    await dead.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    await dead.host.run('sync.now', {});
    const before = await dead.host.run('stock.list', {});
    dead.host.close(); // the PC dies, no backup

    const file = join(tempDir(), 'replacement.sqlite');
    const fresh = new LedgerHost(file);
    try {
      syncEngineFor(fresh.ledger, FAST_SYNC);
      await fresh.run('sync.configure', { serverUrl: hq.url, enrollmentCode: await hq.enrollmentCode('NORTH') });
      await fresh.run('sync.now', {});
      const after = await fresh.run('stock.list', {});
      expect(after.rows.map((r: { sku: string; onHand: number }) => [r.sku, r.onHand])).toEqual(before.rows.map((r: { sku: string; onHand: number }) => [r.sku, r.onHand]));
      expect((await fresh.run('items.get', { sku: 'TEA' })).name).toBe('Item TEA');
      expect((await fresh.run('stock.trail', { sku: 'TEA' })).rows).toHaveLength(2);
      expect(await fresh.run('ledger.verify')).toMatchObject({ ok: true, movements: 3 });
      expect((await fresh.run('settings.get', {})).branchCode).toBe('NORTH');
      // and the replacement works on: its own sales are sealed and accepted by HQ
      await fresh.run('documents.record', { type: 'sale', lines: [{ sku: 'MUG', qty: 1 }], actor: 'bob' });
      await fresh.run('sync.now', {});
      expect((await hq.store.quarantine()).length).toBe(0);
      expect((await hq.store.verifyChains()).ok).toBe(true);
    } finally {
      fresh.close();
    }
  });
});
