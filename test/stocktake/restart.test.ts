import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { tempHost } from '../helpers/tempLedger';
import { onHand, seedShop, sell } from './fixtures';

describe('a stock take across restarts', () => {
  it('survives closing the app mid-session: counts, positions and undos are all still there', async () => {
    const first = tempHost();
    await seedShop(first);
    const s = await first.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const a = await first.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 10, actor: 'ann' });
    const mistake = await first.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 5, actor: 'ann' });
    await first.run('stocktake.undo', { sessionId: s.id, eventId: mistake.event.id, actor: 'ann' });
    await sell(first, 'TEA-01', 2);
    first.close();

    const second = new LedgerHost(first.file);
    try {
      const again = await second.run('stocktake.get', { sessionId: s.id });
      expect(again).toMatchObject({ status: 'open', progress: { counted: 1, inScope: 4 } });
      expect((await second.run('stocktake.list', { status: 'open' })).rows.map((r) => r.id)).toEqual([s.id]);
      // Counting goes on after the restart, adding to the same item at its first scan's position.
      const more = await second.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 9, actor: 'bob' });
      expect(more.item).toMatchObject({ counted: 19, position: a.event.position, expected: 20, countedBy: ['ann', 'bob'] });
      await second.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
      expect(await onHand(second, 'TEA-01')).toBe(17); // 19 counted − 2 sold since
    } finally {
      second.close();
    }
  });

  it('the counted-items cache is checked and rebuilt with the ledger\'s other caches', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 3, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 1, actor: 'ann' });
    expect((await host.run('ledger.check', {})).ok).toBe(true);
    host.ledger.db.prepare(`DELETE FROM stocktake_counted WHERE sku = 'TEA-02'`).run();
    const check = await host.run('ledger.check', {});
    expect(check.ok).toBe(false);
    expect(check.drift).toContainEqual({ sku: 'TEA-02', table: 'stocktake_counted', field: `session ${s.id}`, cached: 0, ledger: 1 });
    await host.run('ledger.rebuild', {});
    expect((await host.run('ledger.check', {})).ok).toBe(true);
    expect((await host.run('stocktake.get', { sessionId: s.id })).progress.counted).toBe(2);
  });
});
