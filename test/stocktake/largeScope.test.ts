import { describe, expect, it } from 'vitest';
import { upsertItem } from '../../electron/catalogue/items';
import { writeTransaction } from '../../electron/ledger/write';
import { tempHost } from '../helpers/tempLedger';
import { adjustmentRows } from './fixtures';

const N = 20_000;
const skuOf = (i: number) => `ITEM-${String(i).padStart(5, '0')}`;

describe('a large stock take', () => {
  it('commits 20,000 counted items in one transaction', async () => {
    const host = tempHost();
    writeTransaction(host.ledger, () => {
      for (let i = 0; i < N; i++) upsertItem(host.ledger.db, { sku: skuOf(i), name: `Item ${i}`, category: 'All' }, Date.now());
    });
    // Some stock on a slice of the items, so expected quantities are not all zero (the full history
    // at scale belongs in the benchmark, not here).
    await host.run('documents.import', { id: 'opening-stock', actor: 'seed', lines: Array.from({ length: 2000 }, (_, i) => ({ type: 'receive' as const, sku: skuOf(i * 10), qty: 10, unitCost: 100 })) });
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'All' }, actor: 'ann' });
    // Items with stock: every third one short. The others are found on the shelf: 0 to 3 of each.
    const stock = (i: number) => (i % 10 === 0 ? 10 : 0);
    const counted = (i: number) => (i % 10 === 0 ? (i % 3 === 0 ? 9 : 10) : i % 4);
    await host.run('stocktake.countBatch', { sessionId: s.id, id: 'handheld-1', actor: 'ann', counts: Array.from({ length: N }, (_, i) => ({ sku: skuOf(i), qty: counted(i), mode: 'set' as const })) });
    expect((await host.run('stocktake.get', { sessionId: s.id })).progress).toEqual({ counted: N, inScope: N });

    const result = await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    const expectedDiffs = Array.from({ length: N }, (_, i) => counted(i) - stock(i)).filter((d) => d !== 0);
    expect(result.movements).toHaveLength(expectedDiffs.length);
    expect(result.netUnits).toBe(expectedDiffs.reduce((a, b) => a + b, 0));

    // One transaction: one append, so one recorded/learned time, consecutive positions, lines 0..n-1.
    const rows = adjustmentRows(host, s.id);
    expect(new Set(rows.map((r) => r.recorded_at)).size).toBe(1);
    expect(new Set(rows.map((r) => r.learned_at)).size).toBe(1);
    expect(rows[rows.length - 1]!.seq - rows[0]!.seq).toBe(rows.length - 1);
    expect(rows.map((r) => r.doc_line)).toEqual(rows.map((_, i) => i));
    expect((await host.run('ledger.check', {})).ok).toBe(true);
    expect((await host.run('stock.get', { sku: skuOf(30) })).onHand).toBe(9);
    expect((await host.run('stock.get', { sku: skuOf(7) })).onHand).toBe(3);
  });
});
