import { describe, expect, it } from 'vitest';
import { costsUpToDate, ensureCosted } from '../../electron/costs/catchUp';
import { recostItem, SNAPSHOT_EVERY } from '../../electron/costs/recost';
import type { LedgerHost } from '../../electron/host/inProcessHost';
import { costHost, day, NOW } from './helpers';

const TABLES = ['cost_moves', 'cost_allocations', 'cost_layers', 'cost_pending', 'cost_items'] as const;
// Costs are brought up to date just after each append; a direct read of the tables catches up first.
const dump = (host: LedgerHost) => (ensureCosted(host.ledger), Object.fromEntries(TABLES.map((t) => [t, host.ledger.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()])));

/** A mixed, partly back-dated history imported in batches, as a week-offline PC would sync it. */
async function mixedHistory(host: LedgerHost, skus: string[], lines: number, seed = 11): Promise<{ inflowCost: number }> {
  let s = seed;
  const rnd = (n: number) => { s = (s * 1103515245 + 12345) % 2 ** 31; return s % n; };
  let inflowCost = 0;
  for (let batch = 0; batch < lines / 100; batch++) {
    const rows = [];
    for (let i = 0; i < 100; i++) {
      const sku = skus[rnd(skus.length)]!;
      const occurredAt = new Date(Date.parse(day(1)) + rnd(28 * 24) * 3_600_000).toISOString();
      const roll = rnd(10);
      if (roll < 4) {
        const qty = 1 + rnd(30), unitCost = 50 + rnd(100);
        inflowCost += qty * unitCost;
        rows.push({ type: 'receive' as const, sku, qty, unitCost, occurredAt });
      } else if (roll < 9) rows.push({ type: 'sale' as const, sku, qty: 1 + rnd(12), occurredAt });
      else {
        const qty = 1 + rnd(3), unitCost = 80;
        inflowCost += qty * unitCost;
        rows.push({ type: 'customer_return' as const, sku, qty, unitCost, occurredAt });
      }
    }
    await host.run('documents.import', { id: `batch-${seed}-${batch}`, actor: 'test', lines: rows });
  }
  return { inflowCost };
}

describe('cost projection: rebuild, check, reconciliation', () => {
  it('rebuilding from the ledger gives exactly what incremental, back-dated costing built', async () => {
    const host = await costHost(['A', 'B', 'C']);
    await mixedHistory(host, ['A', 'B', 'C'], 2000);
    // Reversals of a few movements, some of them early in the history.
    const trail = (await host.run('stock.trail', { sku: 'A', limit: 1000 })).rows;
    for (const r of [trail.at(-3)!, trail[10]!, trail[200]!]) await host.run('movements.reverse', { movementId: r.id, reason: 'test', actor: 'test' });
    const incremental = dump(host);
    expect((incremental.cost_moves as unknown[]).length).toBeGreaterThan(2000);
    await host.run('ledger.rebuild', {});
    expect(dump(host)).toEqual(incremental);
    expect(await host.run('ledger.check', {})).toMatchObject({ ok: true, drift: [] });
  });

  it('reconciles to the unit: COGS plus remaining value equals everything received', async () => {
    const host = await costHost(['A', 'B']);
    const { inflowCost } = await mixedHistory(host, ['A', 'B'], 1000, 5);
    const cogs = await host.run('costs.cogs', { from: '2026-01-01', to: '2026-03-31' });
    const valuation = await host.run('valuation.report', {});
    const pendingNow = valuation.totals.pendingQty;
    // Units still pending have no cost yet, so they are on neither side.
    expect(cogs.totals.cost + valuation.totals.value).toBe(inflowCost);
    expect(cogs.totals.pendingQty).toBe(pendingNow);
    for (const row of valuation.rows) {
      const item = await host.run('costs.item', { sku: row.sku, limit: 1 });
      expect(item.layers.reduce((v, l) => v + l.value, 0)).toBe(row.value);
      expect(item.layers.reduce((q, l) => q + l.remaining, 0) - item.pendingQty).toBe(row.qty);
      const stock = await host.run('stock.get', { sku: row.sku });
      expect(row.qty).toBe(stock.onHand);
    }
  });

  it('values every item on a past day as the sum of the layers it had then', async () => {
    const host = await costHost(['A', 'B']);
    await mixedHistory(host, ['A', 'B'], 600, 3);
    const report = await host.run('valuation.report', { asOf: '2026-03-12' });
    for (const sku of ['A', 'B']) {
      const item = await host.run('costs.item', { sku, asOf: '2026-03-12' });
      const row = report.rows.find((r) => r.sku === sku) ?? { qty: 0, value: 0 };
      expect(item.layers.reduce((v, l) => v + l.value, 0)).toBe(row.value);
      expect(item.qty).toBe(row.qty);
      expect((await host.run('stock.get', { sku, asOf: '2026-03-12' })).onHand).toBe(row.qty);
    }
  });

  it('re-costs a back-dated receipt from the snapshot before it, not from the first movement', async () => {
    const host = await costHost(['A'], false);
    const lines = [];
    for (let i = 0; i < 3 * SNAPSHOT_EVERY; i++) {
      const occurredAt = new Date(Date.parse(day(1)) + i * 60_000).toISOString();
      lines.push(i % 2 === 0 ? { type: 'receive' as const, sku: 'A', qty: 2, unitCost: 100 + (i % 7), occurredAt } : { type: 'sale' as const, sku: 'A', qty: 1, occurredAt });
    }
    await host.run('documents.import', { id: 'long', actor: 'test', lines });
    ensureCosted(host.ledger);
    const snapshots = (host.ledger.db.prepare(`SELECT count(*) AS n FROM cost_snapshots WHERE sku = 'A'`).get() as { n: number }).n;
    expect(snapshots).toBeGreaterThanOrEqual(2);
    const before = dump(host);
    // Nearly at the end: only the movements after the last snapshot are replayed.
    const lateAt = Date.parse(day(1)) + (3 * SNAPSHOT_EVERY - 5) * 60_000 - 1;
    const { replayed } = host.ledger.db.transaction(() => recostItem(host.ledger.db, 'A', { at: lateAt, seq: 0 }))();
    expect(replayed).toBeLessThan(SNAPSHOT_EVERY + 10);
    expect(dump(host)).toEqual(before);
    await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: new Date(lateAt).toISOString(), lines: [{ sku: 'A', qty: 1, unitCost: 1 }] });
    expect(await host.run('ledger.check', {})).toMatchObject({ ok: true });
    const afterIncremental = dump(host);
    await host.run('ledger.rebuild', {});
    expect(dump(host)).toEqual(afterIncremental);
    expect(NOW).toBeGreaterThan(lateAt);
  });

  it('costs a document just after its transaction, not inside it', async () => {
    const host = await costHost(['A'], false);
    await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: day(1), lines: [{ sku: 'A', qty: 5, unitCost: 10 }] });
    // The clerk's post returned without costing; the projection catches up on the next turn.
    expect(costsUpToDate(host.ledger.db)).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(costsUpToDate(host.ledger.db)).toBe(true);
    expect((await host.run('costs.item', { sku: 'A' })).layers.map((l) => l.value)).toEqual([50]);
  });

  it('a tampered balances cache is reported as the balances drift, not as cost drift', async () => {
    const host = await costHost(['A'], false);
    await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: day(1), lines: [{ sku: 'A', qty: 5, unitCost: 10 }] });
    host.ledger.db.prepare(`UPDATE balances SET on_hand = 9 WHERE sku = 'A'`).run();
    const check = await host.run('ledger.check', {});
    expect(check.drift).toContainEqual(expect.objectContaining({ sku: 'A', table: 'balances', field: 'onHand', cached: 9, ledger: 5 }));
    expect(check.drift.filter((d) => d.table.startsWith('cost_'))).toEqual([]);
  });

  it('ledger.check reports cost drift when a cost table disagrees with the ledger', async () => {
    const host = await costHost(['A'], false);
    await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: day(1), lines: [{ sku: 'A', qty: 5, unitCost: 10 }] });
    ensureCosted(host.ledger);
    host.ledger.db.prepare(`UPDATE cost_items SET qty = 4, value = 40 WHERE sku = 'A'`).run();
    const check = await host.run('ledger.check', {});
    expect(check.ok).toBe(false);
    expect(check.drift).toEqual(expect.arrayContaining([
      expect.objectContaining({ sku: 'A', table: 'cost_items', field: 'qty', cached: 4, ledger: 5 }),
      expect.objectContaining({ sku: 'A', table: 'cost_layers', field: 'value', cached: 40, ledger: 50 }),
    ]));
    await host.run('ledger.rebuild', {});
    expect((await host.run('ledger.check', {})).ok).toBe(true);
  });
});
