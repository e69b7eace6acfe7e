import { describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/errors';
import { parseCsv } from '../../electron/cli/csv';
import { tempHost } from '../helpers/tempLedger';
import { adjustmentRows, movementCount, onHand, seedShop, sell } from './fixtures';

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (err) { if (err instanceof CommandError) return err.code; throw err; }
  return 'OK';
}

async function countedTea(host: ReturnType<typeof tempHost>) {
  await seedShop(host);
  const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann', note: 'Quarterly tea count' });
  await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-01', qty: 18, mode: 'set', actor: 'ann' }); // −2
  await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-02', qty: 13, mode: 'set', actor: 'bob' }); // +1
  return s;
}

describe('committing a stock take', () => {
  it('appends one attributed stock-take adjustment per difference, linked to the session', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    const result = await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    expect(result.movements.map((m) => [m.sku, m.qty])).toEqual([['TEA-01', -2], ['TEA-02', 1]]);
    expect(result.netUnits).toBe(-1);
    expect(result.session).toMatchObject({ status: 'committed', closedBy: 'manager', uncounted: 'leave', adjustments: { movements: 2, netUnits: -1 } });
    expect(await onHand(host, 'TEA-01')).toBe(18);
    expect(await onHand(host, 'TEA-03')).toBe(5); // uncounted, left alone

    // Every difference is an explained movement in the item's trail, attributed to whoever committed.
    for (const [sku, qty] of [['TEA-01', -2], ['TEA-02', 1]] as const) {
      const trail = await host.run('stock.trail', { sku });
      const last = trail.rows[trail.rows.length - 1]!;
      expect(last).toMatchObject({ kind: 'stocktake_adjustment', kindLabel: 'Stock-take difference', qty, actor: 'manager', docType: 'stocktake', docId: s.id });
      expect(last.note).toMatch(/^Stock take: counted \d+, expected \d+ at ledger position \d+ \[previous count: (none|[0-9a-f-]{36})\]$/);
    }
    // Found stock enters at the latest receipt cost; a shortage carries none (costing decides).
    expect(adjustmentRows(host, s.id).length).toBe(2);
    expect((await host.run('documents.get', { type: 'stocktake', id: s.id })).movements.map((m) => m.unitCost)).toEqual([null, 500]);
    expect((await host.run('ledger.verify', {})).ok).toBe(true);
  });

  it('a retry of the identical commit returns the first result and appends nothing', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    const first = await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    const before = movementCount(host);
    const again = await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    expect(again).toEqual(first);
    expect(movementCount(host)).toBe(before);
  });

  it('refuses a second, different commit, and any count after commit, with ALREADY_COMMITTED', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'manager' });
    const before = movementCount(host);
    expect(await code(host.run('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' }))).toBe('ALREADY_COMMITTED');
    expect(await code(host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor: 'someone else' }))).toBe('ALREADY_COMMITTED');
    expect(await code(host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 1, actor: 'ann' }))).toBe('ALREADY_COMMITTED');
    expect(await code(host.run('stocktake.cancel', { sessionId: s.id, actor: 'ann' }))).toBe('ALREADY_COMMITTED');
    expect(movementCount(host)).toBe(before);
  });

  it('a cancelled session appends nothing and takes no more counts', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    const before = movementCount(host);
    const cancelled = await host.run('stocktake.cancel', { sessionId: s.id, actor: 'manager', reason: 'Started on the wrong shelf' });
    expect(cancelled).toMatchObject({ status: 'cancelled', closedBy: 'manager', closeReason: 'Started on the wrong shelf' });
    expect(await code(host.run('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' }))).toBe('CONFLICT');
    expect(await code(host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 1, actor: 'ann' }))).toBe('CONFLICT');
    expect(movementCount(host)).toBe(before);
    expect(adjustmentRows(host, s.id)).toEqual([]);
  });

  it('uncounted: zero takes every uncounted in-scope item to zero, and nothing outside the scope', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    await sell(host, 'TEA-03', 2);
    const review = await host.run('stocktake.review', { sessionId: s.id });
    expect(review.uncounted.map((u) => [u.sku, u.expected])).toEqual([['TEA-03', 3]]);
    expect(review.uncountedTotals).toEqual({ items: 1, units: 3, value: 600 });
    const result = await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' });
    expect(result.movements.map((m) => [m.sku, m.qty])).toEqual([['TEA-01', -2], ['TEA-02', 1], ['TEA-03', -3]]);
    expect(await onHand(host, 'TEA-03')).toBe(0);
    expect(await onHand(host, 'COF-01')).toBe(8);
    const after = await host.run('stocktake.review', { sessionId: s.id });
    expect(after.uncounted[0]!.adjustment).toMatchObject({ qty: -3 });
  });

  it('refuses to commit a session where nothing was counted', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann' });
    expect(await code(host.run('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' }))).toBe('VALIDATION');
    expect(await onHand(host, 'TEA-01')).toBe(20);
  });

  it('a commit that fails at its last step leaves the ledger exactly as it was', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    const before = movementCount(host);
    host.ledger.db.exec(`CREATE TRIGGER fail_closing BEFORE INSERT ON stocktake_closings BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    expect((await host.call('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' })).ok).toBe(false);
    expect(movementCount(host)).toBe(before);
    expect(await onHand(host, 'TEA-01')).toBe(20);
    expect((await host.run('ledger.check', {})).ok).toBe(true);
    host.ledger.db.exec(`DROP TRIGGER fail_closing`);
    expect((await host.run('stocktake.commit', { sessionId: s.id, uncounted: 'zero', actor: 'manager' })).movements).toHaveLength(3);
  });

  it('review sorts by absolute difference in value and totals over and short; the CSV follows it', async () => {
    const host = tempHost();
    const s = await countedTea(host);
    await host.run('stocktake.count', { sessionId: s.id, sku: 'TEA-03', qty: 5, mode: 'set', actor: 'ann' });
    const review = await host.run('stocktake.review', { sessionId: s.id });
    expect(review.rows.map((r) => [r.sku, r.differenceValue])).toEqual([['TEA-01', -700], ['TEA-02', 500], ['TEA-03', 0]]);
    expect(review.totals).toMatchObject({ itemsCounted: 3, itemsWithDifference: 2, unitsOver: 1, unitsShort: -2, netUnits: -1, valueOver: 500, valueShort: -700, netValue: -200 });
    const { csv, filename, rows } = await host.run('stocktake.exportCsv', { sessionId: s.id });
    expect(filename).toMatch(/^stocktake-\d{4}-\d{2}-\d{2}-.+\.csv$/);
    const table = parseCsv(csv);
    expect(rows).toBe(3);
    expect(table[0]!.slice(0, 10)).toEqual(['sku', 'name', 'category', 'brand', 'status', 'counted', 'expected', 'difference', 'unit_cost', 'difference_value']);
    expect(table[1]!.slice(0, 10)).toEqual(['TEA-01', 'Green tea 100g', 'Tea', 'Leafy', 'counted', '18', '20', '-2', '3.50', '-7.00']);
  });

  it('the variance CSV shows money as decimals in the branch currency, minor units in _minor columns, times in the branch zone', async () => {
    const host = tempHost();
    await host.run('settings.set', { timeZone: 'Europe/Lisbon', currency: 'EUR' });
    const s = await countedTea(host);
    const table = parseCsv((await host.run('stocktake.exportCsv', { sessionId: s.id })).csv);
    const col = (name: string) => table[0]!.indexOf(name);
    expect(table[0]!.slice(-3)).toEqual(['unit_cost_minor', 'difference_value_minor', 'currency']);
    const tea1 = table.find((r) => r[0] === 'TEA-01')!;
    expect([tea1[col('unit_cost')], tea1[col('difference_value')], tea1[col('unit_cost_minor')], tea1[col('difference_value_minor')], tea1[col('currency')]]).toEqual(['3.50', '-7.00', '350', '-700', 'EUR']);
    const tea2 = table.find((r) => r[0] === 'TEA-02')!;
    expect([tea2[col('difference_value')], tea2[col('difference_value_minor')]]).toEqual(['5.00', '500']);
    // Lisbon: +00:00 in winter, +01:00 in summer; never a bare UTC "Z".
    expect(tea1[col('counted_at')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[01]:00$/);
    const uncounted = table.find((r) => r[4] === 'not counted')!;
    expect([uncounted[col('unit_cost')], uncounted[col('unit_cost_minor')], uncounted[col('difference_value')]]).toEqual(['2.00', '200', '']);

    // A currency without minor units (yen): no decimal point, the same minor numbers.
    await host.run('settings.set', { currency: 'JPY' });
    const yen = parseCsv((await host.run('stocktake.exportCsv', { sessionId: s.id })).csv).find((r) => r[0] === 'TEA-01')!;
    expect([yen[col('unit_cost')], yen[col('difference_value')], yen[col('difference_value_minor')], yen[col('currency')]]).toEqual(['350', '-700', '-700', 'JPY']);
  });

  it('lists past counts, newest first, with their status and adjustments', async () => {
    const host = tempHost();
    const s1 = await countedTea(host);
    await host.run('stocktake.commit', { sessionId: s1.id, uncounted: 'leave', actor: 'manager' });
    const s2 = await host.run('stocktake.start', { scope: { kind: 'skus', skus: ['COF-01'] }, actor: 'ann', blind: true });
    const all = await host.run('stocktake.list', {});
    expect(all.rows.map((r) => [r.id, r.status])).toEqual([[s2.id, 'open'], [s1.id, 'committed']]);
    expect(all.rows[0]).toMatchObject({ scopeLabel: '1 item', blind: true, progress: { counted: 0, inScope: 1 }, adjustments: null });
    expect(all.rows[1]).toMatchObject({ scopeLabel: 'Category Tea', note: 'Quarterly tea count', adjustments: { movements: 2, netUnits: -1 } });
    expect((await host.run('stocktake.list', { status: 'committed' })).rows.map((r) => r.id)).toEqual([s1.id]);
  });

  it('a retried start with the same id returns the same session', async () => {
    const host = tempHost();
    await seedShop(host);
    const a = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann', id: 'count-2026-q1' });
    const b = await host.run('stocktake.start', { scope: { kind: 'all' }, actor: 'ann', id: 'count-2026-q1' });
    expect(b).toEqual(a);
    expect(await code(host.run('stocktake.start', { scope: { kind: 'all' }, blind: true, actor: 'ann', id: 'count-2026-q1' }))).toBe('CONFLICT');
  });
});
