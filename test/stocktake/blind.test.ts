import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../electron/cli/csv';
import { tempHost } from '../helpers/tempLedger';
import { seedShop } from './fixtures';

describe('blind counts', () => {
  it('hide expected quantities in the count command\'s results', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, blind: true, actor: 'ann' });
    expect(s.blind).toBe(true);
    const scan = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 1, actor: 'ann' });
    expect(scan.blind).toBe(true);
    expect(scan.item).toMatchObject({ counted: 1, expected: null });
    const set = await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 11, mode: 'set', actor: 'ann' });
    expect(set.item!.expected).toBeNull();
    const undo = await host.run('stocktake.undo', { sessionId: s.id, eventId: set.event.id, actor: 'ann' });
    expect(undo.item).toBeNull();
    // No expected quantity anywhere in the answer.
    expect(JSON.stringify(scan)).not.toMatch(/"expected":\d/);
  });

  it('hide expected, difference and value in review and the CSV until committed, then show them', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, blind: true, actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 9, mode: 'set', actor: 'ann' });
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 20, mode: 'set', actor: 'ann' });

    const hidden = await host.run('stocktake.review', { sessionId: s.id });
    expect(hidden.hidden).toBe(true);
    // Sorted by SKU while hidden: an order by difference would give the differences away.
    expect(hidden.rows.map((r) => [r.sku, r.counted, r.expected, r.difference, r.differenceValue])).toEqual([['TEA-01', 20, null, null, null], ['TEA-02', 9, null, null, null]]);
    expect(hidden.uncounted.map((u) => [u.sku, u.expected])).toEqual([['TEA-03', null]]);
    expect(hidden.totals).toMatchObject({ unitsCounted: 29, unitsExpected: null, netUnits: null, netValue: null });
    expect(hidden.uncountedTotals).toEqual({ items: 1, units: null, value: null });
    const csv = parseCsv((await host.run('stocktake.exportCsv', { sessionId: s.id })).csv);
    expect(csv[1]!.slice(5, 10)).toEqual(['20', '', '', '3.50', '']);

    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    const shown = await host.run('stocktake.review', { sessionId: s.id });
    expect(shown.hidden).toBe(false);
    expect(shown.rows.map((r) => [r.sku, r.expected, r.difference])).toEqual([['TEA-02', 12, -3], ['TEA-01', 20, 0]]);
    expect(shown.uncounted[0]!.expected).toBe(5);
  });

  it('an open (not blind) count shows the expected quantity as you scan', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    const scan = await host.run('stocktake.count', { sessionId: s.id, sku: 'COF-01', qty: 1, actor: 'ann' });
    expect(scan).toMatchObject({ blind: false, item: { counted: 1, expected: 8 } });
  });
});
