import { describe, expect, it } from 'vitest';
import { backlogSize, QUEUE_SINCE_SQL } from '../../electron/costs/backlog';
import { costsUpToDate, ensureCosted } from '../../electron/costs/catchUp';
import type { LedgerHost } from '../../electron/host/inProcessHost';
import { costHost, day } from './helpers';

const TABLES = ['cost_moves', 'cost_allocations', 'cost_layers', 'cost_pending', 'cost_items'] as const;
const dump = (host: LedgerHost) => Object.fromEntries(TABLES.map((t) => [t, host.ledger.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()]));
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const costItemsRows = (host: LedgerHost) => host.ledger.db.prepare(`SELECT count(*) FROM cost_items`).pluck().get() as number;

/** Many items with a short history each: receipts and sales over the month. */
async function shop(items: number): Promise<LedgerHost> {
  const skus = Array.from({ length: items }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
  const host = await costHost(skus);
  const lines = skus.flatMap((sku, i) => [
    { type: 'receive' as const, sku, qty: 10 + (i % 7), unitCost: 100 + i, occurredAt: day(1 + (i % 5)) },
    { type: 'sale' as const, sku, qty: 3, occurredAt: day(8 + (i % 9)) },
    { type: 'receive' as const, sku, qty: 5, unitCost: 120 + i, occurredAt: day(12) },
    { type: 'sale' as const, sku, qty: 4 + (i % 3), occurredAt: day(20) },
  ]);
  await host.run('documents.import', { id: 'history', actor: 'test', lines });
  ensureCosted(host.ledger);
  return host;
}

describe('FIFO costing backlog: worked off in slices, never in the clerk’s way', () => {
  it('a rebuild queues every item instead of replaying FIFO, and slices between commands finish it exactly', async () => {
    const host = await shop(400);
    const incremental = dump(host);
    await host.run('ledger.rebuild', {});
    // The rebuild answered with the core caches rebuilt and every item queued, none re-costed yet.
    expect(backlogSize(host.ledger.db)).toBe(400);
    expect(costItemsRows(host)).toBe(0);
    // A sale goes through at once, while costing still has almost everything to do.
    await host.run('documents.record', { type: 'sale', id: 'during', actor: 'test', occurredAt: day(25), lines: [{ sku: 'SKU-0000', qty: 1 }] });
    await turn();
    const afterOneSlice = backlogSize(host.ledger.db);
    expect(afterOneSlice).toBeGreaterThan(0);
    expect(afterOneSlice).toBeLessThan(400);
    for (let i = 0; i < 10_000 && backlogSize(host.ledger.db) > 0; i++) await turn();
    expect(backlogSize(host.ledger.db)).toBe(0);
    // Same result as costing the sale incrementally on top of the old projection.
    const fresh = await shop(400);
    await fresh.run('documents.record', { type: 'sale', id: 'during', actor: 'test', occurredAt: day(25), lines: [{ sku: 'SKU-0000', qty: 1 }] });
    ensureCosted(fresh.ledger);
    expect(dump(host)).toEqual(dump(fresh));
    expect(incremental.cost_items).toHaveLength(400);
    expect(await host.run('ledger.check', {})).toMatchObject({ ok: true, drift: [] });
  });

  it('reading one item after a rebuild costs that item alone; a whole-shop report costs the rest', async () => {
    const host = await shop(50);
    const before = await host.run('costs.item', { sku: 'SKU-0007' });
    await host.run('ledger.rebuild', {});
    expect(await host.run('costs.item', { sku: 'SKU-0007' })).toEqual(before);
    expect(backlogSize(host.ledger.db)).toBe(49);
    const valuation = await host.run('valuation.report', {});
    expect(backlogSize(host.ledger.db)).toBe(0);
    expect(valuation.rows).toHaveLength(50);
  });

  it('work queued inside a transaction that rolls back is queued again, never forgotten', async () => {
    const host = await shop(3);
    const db = host.ledger.db;
    const sale = { type: 'sale' as const, actor: 'test', occurredAt: day(26), lines: [{ sku: 'SKU-0001', qty: 2 }] };
    await host.run('documents.record', { ...sale, id: 'kept' });
    // A transaction that costs everything and then fails takes its costing back with it.
    expect(() => db.transaction(() => { ensureCosted(host.ledger); throw new Error('refused later'); }).immediate()).toThrow('refused later');
    expect(costsUpToDate(db)).toBe(false);
    const item = await host.run('costs.item', { sku: 'SKU-0001' });
    // 11 @ 101, −3, +5 @ 121, −5, −2: one unit of the first layer and the whole second one are left.
    expect(item).toMatchObject({ qty: 6, value: 101 + 5 * 121 });
  });

  it('queuing a sale for costing reads the new rows only, never every movement of the file', async () => {
    const host = await costHost();
    const plan = (host.ledger.db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_SINCE_SQL}`).all(1) as Array<{ detail: string }>).map((r) => r.detail);
    // The new rows are a range of the ledger position (rowid); a SCAN of movements or of one of its indexes reads the whole file.
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH movement_rows USING INTEGER PRIMARY KEY \(rowid>\?\)$/));
    expect(plan.filter((d) => /^SCAN movement_rows/.test(d))).toEqual([]);
  });
});
