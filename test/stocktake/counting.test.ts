import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { CommandError } from '../../shared/errors';
import { tempHost } from '../helpers/tempLedger';
import { seedShop } from './fixtures';

async function refusal(p: Promise<unknown>): Promise<CommandError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommandError) return err;
    throw err;
  }
  throw new Error('expected the command to be refused');
}

describe('counting', () => {
  it('two counters adding to the same item sum into one count, each event kept with who counted', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    for (let i = 0; i < 3; i++) await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 1, actor: 'ann' });
    const last = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 4, actor: 'bob' });
    expect(last.item).toMatchObject({ counted: 7, events: 4, countedBy: ['ann', 'bob'], expected: 20 });
    const events = await host.run('stocktake.events', { sessionId: s.id, sku: 'TEA-01' });
    expect(events.rows.map((e) => [e.actor, e.mode, e.qty])).toEqual([['bob', 'add', 4], ['ann', 'add', 1], ['ann', 'add', 1], ['ann', 'add', 1]]);
  });

  it('two counters on two connections to the same file (two windows, or the CLI) both land', async () => {
    const ann = tempHost();
    await seedShop(ann);
    const bob = new LedgerHost(ann.file);
    try {
      const s = await ann.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
      await Promise.all([
        ...Array.from({ length: 10 }, () => ann.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 1, actor: 'ann' })),
        ...Array.from({ length: 10 }, () => bob.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 1, actor: 'bob' })),
      ]);
      const row = (await bob.run('stocktake.review', { sessionId: s.id })).rows[0]!;
      expect(row).toMatchObject({ sku: 'TEA-03', counted: 20, events: 20, countedBy: ['ann', 'bob'] });
    } finally {
      bob.close();
    }
  });

  it('undo takes back a scan with a compensating event, and the original stays on record', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 1, actor: 'ann' });
    const wrong = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 10, actor: 'ann' });
    const undone = await host.run('stocktake.undo', { sessionId: s.id, eventId: wrong.event.id, actor: 'ann' });
    expect(undone.event).toMatchObject({ mode: 'undo', undoes: wrong.event.id, qty: -10 });
    expect(undone.item!.counted).toBe(1);
    // A double click on undo is the same undo, not a second one.
    expect((await host.run('stocktake.undo', { sessionId: s.id, eventId: wrong.event.id, actor: 'ann' })).event.id).toBe(undone.event.id);
    expect((await refusal(host.run('stocktake.undo', { sessionId: s.id, eventId: wrong.event.id, actor: 'bob' }))).code).toBe('CONFLICT');
    const events = await host.run('stocktake.events', { sessionId: s.id });
    expect(events.rows).toHaveLength(3);
    expect(events.rows.find((e) => e.id === wrong.event.id)!.undoneBy).toBe(undone.event.id);
  });

  it('undoing every scan of an item makes it uncounted again', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const scan = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 1, actor: 'ann' });
    expect(scan.progress).toEqual({ counted: 1, inScope: 4 });
    const undone = await host.run('stocktake.undo', { sessionId: s.id, eventId: scan.event.id, actor: 'ann' });
    expect(undone.item).toBeNull();
    expect(undone.progress).toEqual({ counted: 0, inScope: 4 });
  });

  it('a retried scan with the same event id is recorded once', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const payload = { sessionId: s.id, sku: 'TEA-01', qty: 1, actor: 'ann', id: 'scan-1' };
    const first = await host.run('stocktake.count', payload);
    const again = await host.run('stocktake.count', payload);
    expect(again.event.id).toBe(first.event.id);
    expect(again.item!.counted).toBe(1);
    expect((await refusal(host.run('stocktake.count', { ...payload, qty: 2 }))).code).toBe('CONFLICT');
  });

  it('a scanned barcode counts its item', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const r = await host.run('stocktake.count', { sessionId: s.id, sku: '4000000000028', qty: 1, actor: 'ann' });
    expect(r.event.sku).toBe('TEA-02');
    expect(r.item).toMatchObject({ sku: 'TEA-02', name: 'Black tea 250g', counted: 1 });
  });

  it('refuses an item outside the scope, an unknown code, and a count below zero', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann' });
    expect(s.progress).toEqual({ counted: 0, inScope: 3 });
    const outside = await refusal(host.run('stocktake.count', { sessionId: s.id, sku: 'COF-01', qty: 1, actor: 'ann' }));
    expect(outside.code).toBe('VALIDATION');
    expect(outside.message).toMatch(/not part of this count/);
    expect((await refusal(host.run('stocktake.count', { sessionId: s.id, sku: 'NOPE', qty: 1, actor: 'ann' }))).code).toBe('NOT_FOUND');
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 2, actor: 'ann' });
    expect((await refusal(host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: -3, actor: 'ann' }))).code).toBe('VALIDATION');
    expect((await host.call('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: -1, mode: 'set', actor: 'ann' })).ok).toBe(false);
    expect((await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: -1, actor: 'ann' })).item!.counted).toBe(1);
  });

  it('refuses to start a count of a category with no items, and a SKU list naming unknown items', async () => {
    const host = tempHost();
    await seedShop(host);
    expect((await refusal(host.run('stocktake.start', { scope: { kind: 'category', category: 'Cheese' }, actor: 'ann' }))).code).toBe('NOT_FOUND');
    expect((await refusal(host.run('stocktake.start', { scope: { kind: 'skus', skus: ['TEA-01', 'X-9'] }, actor: 'ann' }))).code).toBe('NOT_FOUND');
    expect((await host.run('stocktake.list', {})).total).toBe(0);
  });

  it('a handheld batch of counts is recorded all or none, and once', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const bad = await host.call('stocktake.countBatch', { sessionId: s.id, id: 'hh-1', actor: 'ann', counts: [{ sku: 'TEA-01', qty: 3 }, { sku: 'NOPE', qty: 1 }] });
    expect(bad.ok).toBe(false);
    expect((await host.run('stocktake.get', { sessionId: s.id })).progress.counted).toBe(0);
    const batch = { sessionId: s.id, id: 'hh-2', actor: 'ann', counts: [{ sku: 'TEA-01', qty: 3 }, { sku: 'TEA-02', qty: 12, mode: 'set' as const }] };
    expect(await host.run('stocktake.countBatch', batch)).toEqual({ events: 2, alreadyRecorded: false, progress: { counted: 2, inScope: 4 } });
    expect((await host.run('stocktake.countBatch', batch)).alreadyRecorded).toBe(true);
    expect((await host.call('stocktake.countBatch', { ...batch, counts: [{ sku: 'TEA-01', qty: 4 }] })).ok).toBe(false);
    expect((await host.run('stocktake.events', { sessionId: s.id })).rows).toHaveLength(2);
  });

  it('the scope is frozen at start; a new item of the category joins it when it is counted', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann' });
    await host.run('items.upsert', { sku: 'TEA-04', name: 'Rooibos 100g', category: 'Tea' });
    await host.run('items.upsert', { sku: 'TEA-03', name: 'Mint tea 50g', category: 'Herbal' }); // moved away mid-count
    expect((await host.run('stocktake.get', { sessionId: s.id })).progress).toEqual({ counted: 0, inScope: 3 });
    const late = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-04', qty: 6, actor: 'ann' });
    expect(late.progress).toEqual({ counted: 1, inScope: 4 });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 5, mode: 'set', actor: 'ann' });
    const review = await host.run('stocktake.review', { sessionId: s.id });
    expect(review.rows.map((r) => r.sku).sort()).toEqual(['TEA-03', 'TEA-04']);
    expect(review.uncounted.map((u) => u.sku)).toEqual(['TEA-01', 'TEA-02']);
  });
});
