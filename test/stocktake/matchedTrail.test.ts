import { describe, expect, it } from 'vitest';
import { tempHost } from '../helpers/tempLedger';
import { movementCount, seedShop } from './fixtures';

describe('a matched count in the item trail', () => {
  it('shows "counted, matched" after commit, without appending a zero movement; a difference stays a movement', async () => {
    const host = tempHost();
    await seedShop(host);
    const before = (await host.run('stock.get', { sku: 'TEA-03' })).onHand;
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: before, mode: 'set', actor: 'ann' }); // matches
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 18, mode: 'set', actor: 'bob' }); // −2
    // Counted, then undone: not counted at all, so no line.
    const undone = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 4, mode: 'set', actor: 'bob' });
    await host.run('stocktake.undo', { sessionId: s.id, eventId: undone.event.id, actor: 'bob' });
    const rowsBefore = movementCount(host);
    // Not committed yet: no trace.
    expect((await host.run('stock.trail', { sku: 'TEA-03' })).counts).toEqual([]);
    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });

    const trail = await host.run('stock.trail', { sku: 'TEA-03' });
    expect(trail.counts).toEqual([expect.objectContaining({ sessionId: s.id, counted: before, committedBy: 'manager', countedBy: ['ann'] })]);
    // It sits at the commit position, after the item's last movement.
    expect(trail.counts[0]!.position).toBeGreaterThanOrEqual(trail.rows[trail.rows.length - 1]!.seq);
    // Only the −2 was appended: a match writes nothing to the ledger.
    expect(movementCount(host)).toBe(rowsBefore + 1);
    expect((await host.run('stock.trail', { sku: 'TEA-01' })).counts).toEqual([]);
    expect((await host.run('stock.trail', { sku: 'TEA-02' })).counts).toEqual([]);
  });

  it('pages: the count comes with the page whose rows it sits among, once', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'skus', skus: ['TEA-03'] }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: (await host.run('stock.get', { sku: 'TEA-03' })).onHand, mode: 'set', actor: 'ann' });
    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'ann' });
    for (let i = 0; i < 3; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA-03', qty: 1 }], actor: 'ann' });
    const newest = await host.run('stock.trail', { sku: 'TEA-03', limit: 2 });
    expect(newest.counts).toEqual([]);
    const all: string[] = [];
    let page = newest;
    while (page.nextBefore !== null) {
      page = await host.run('stock.trail', { sku: 'TEA-03', limit: 2, before: page.nextBefore });
      all.push(...page.counts.map((c) => c.sessionId));
    }
    expect(all).toEqual([s.id]);
  });
});
