import { describe, expect, it } from 'vitest';
import { backlogEmpty, costSome } from '../../electron/costs/backlog';
import { ensureCosted } from '../../electron/costs/catchUp';
import type { LedgerHost } from '../../electron/host/inProcessHost';
import { writeTransaction } from '../../electron/ledger/write';
import { costHost, day } from './helpers';

const TABLES = ['cost_moves', 'cost_allocations', 'cost_layers', 'cost_pending', 'cost_items', 'cost_snapshots'] as const;
const dump = (host: LedgerHost) => Object.fromEntries(TABLES.map((t) => [t, host.ledger.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()]));
const minute = (i: number) => new Date(Date.parse(day(1)) + i * 60_000).toISOString();
const MOVES = 1200;
/** A read of the item without its movement ids (fresh UUIDs in each ledger). */
const costsOf = async (host: LedgerHost) => JSON.parse(JSON.stringify(await host.run('costs.item', { sku: 'A' }),
  (_, v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) ? 'id' : v)));

/**
 * One item with a long history: receipts of 3 and sales of 1-2 (stock sometimes runs out, so some units
 * wait for a price), then reversals recorded at the end of two early sales and one early receipt, so a
 * re-cost split anywhere must still find what those originals took.
 */
async function longItem(): Promise<LedgerHost> {
  const host = await costHost(['A']);
  const lines = Array.from({ length: MOVES }, (_, i) => (i % 3 === 0
    ? { type: 'receive' as const, sku: 'A', qty: 3, unitCost: 100 + (i % 13), occurredAt: minute(i) }
    : { type: 'sale' as const, sku: 'A', qty: 1 + (i % 2), occurredAt: minute(i) }));
  await host.run('documents.import', { id: 'history', actor: 'test', lines });
  const db = host.ledger.db;
  const early = db.prepare(`SELECT id FROM movements WHERE sku = 'A' AND kind = ? ORDER BY seq LIMIT 1 OFFSET ?`).pluck();
  for (const [kind, offset] of [['sale', 3], ['sale', 40], ['receive', 10]] as const) {
    await host.run('movements.reverse', { movementId: early.get(kind, offset) as string, reason: 'wrong item', actor: 'test' });
  }
  ensureCosted(host.ledger);
  return host;
}

/** Works the backlog off the way the slices do, each call with its deadline already passed. */
function slices(host: LedgerHost): number {
  let n = 0;
  while (!backlogEmpty(host.ledger.db)) {
    writeTransaction(host.ledger, () => costSome(host.ledger.db, 0));
    n += 1;
  }
  return n;
}

describe('a long item is re-costed in parts, one per slice', () => {
  it('after a rebuild, each slice stops at its deadline and the parts add up to exactly one whole re-cost', async () => {
    const split = await longItem();
    const whole = await longItem();
    await whole.run('ledger.rebuild', {});
    ensureCosted(whole.ledger);
    await split.run('ledger.rebuild', {});
    const db = split.ledger.db;
    writeTransaction(split.ledger, () => costSome(db, 0));
    // The first slice saved part of the history and left the item queued from where it stopped.
    const queued = db.prepare(`SELECT from_at AS at, from_seq AS seq FROM cost_backlog WHERE sku = 'A'`).get() as { at: number; seq: number } | undefined;
    const item = db.prepare(`SELECT last_at AS at, last_seq AS seq FROM cost_items WHERE sku = 'A'`).get() as { at: number; seq: number };
    expect(queued).toEqual({ at: item.at, seq: item.seq + 1 });
    const costedMoves = db.prepare(`SELECT count(*) FROM cost_moves WHERE sku = 'A'`).pluck().get() as number;
    expect(costedMoves).toBeGreaterThan(0);
    expect(costedMoves).toBeLessThan(MOVES / 2);
    expect(slices(split)).toBeGreaterThan(3);
    expect(dump(split)).toEqual(dump(whole));
    expect(await split.run('ledger.check', {})).toMatchObject({ ok: true, drift: [] });
  });

  it('a receipt back-dated into the middle re-costs in parts, equal to one pass; a read of the item finishes it at once', async () => {
    const split = await longItem();
    const whole = await longItem();
    const count = (table: string) => split.ledger.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    // Without the snapshots and the count of movements since the last one: a split adds a snapshot.
    const costs = (host: LedgerHost) => {
      const { cost_snapshots: _, cost_items: items, ...rest } = dump(host);
      return { ...rest, cost_items: (items as Array<Record<string, unknown>>).map(({ since_snapshot: __, ...row }) => row) };
    };
    for (const host of [split, whole]) {
      await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: minute(500.5), lines: [{ sku: 'A', qty: 7, unitCost: 90 }] });
    }
    ensureCosted(whole.ledger);
    // The replay from the latest snapshot (about 250 movements back) is longer than a chunk: the first
    // slice stops on the way and saves a snapshot there, and nothing else.
    const [moves, snapshots] = [count('cost_moves'), count('cost_snapshots')];
    writeTransaction(split.ledger, () => costSome(split.ledger.db, 0));
    expect([count('cost_moves'), count('cost_snapshots')]).toEqual([moves, snapshots + 1]);
    expect(backlogEmpty(split.ledger.db)).toBe(false);
    expect(slices(split)).toBeGreaterThan(1);
    // The same costs; the snapshots differ (the extra one), and must be true states: the next re-cost
    // back-dated past it starts from it.
    expect(costs(split)).toEqual(costs(whole));
    for (const host of [split, whole]) {
      await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: minute(520.5), lines: [{ sku: 'A', qty: 1, unitCost: 80 }] });
    }
    ensureCosted(whole.ledger);
    expect(slices(split)).toBeGreaterThan(0);
    expect(costs(split)).toEqual(costs(whole));
    expect(await split.run('ledger.check', {})).toMatchObject({ ok: true, drift: [] });

    // Stopped halfway again, a read of the item does the rest before answering.
    for (const host of [split, whole]) {
      await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: minute(20.5), lines: [{ sku: 'A', qty: 2, unitCost: 95 }] });
    }
    writeTransaction(split.ledger, () => costSome(split.ledger.db, 0));
    expect(backlogEmpty(split.ledger.db)).toBe(false);
    expect(await costsOf(split)).toEqual(await costsOf(whole));
    expect(backlogEmpty(split.ledger.db)).toBe(true);
    expect(costs(split)).toEqual(costs(whole));
  });
});

describe('a receipt reversed in a later costing run', () => {
  it('finds the waiting sale the receipt priced at its own position, and leaves it waiting, as one pass does', async () => {
    const [later, whole] = [await costHost(['A']), await costHost(['A'])];
    for (const host of [later, whole]) {
      await host.run('documents.record', { type: 'sale', actor: 'test', occurredAt: minute(1), lines: [{ sku: 'A', qty: 2 }] });
      await host.run('documents.record', { type: 'receive', actor: 'test', occurredAt: minute(2), lines: [{ sku: 'A', qty: 500, unitCost: 100 }] });
      // Sales at the receipt's own time, enough for a cost snapshot after the receipt: the reversal (at
      // that time too) re-costs from the snapshot, so what the receipt priced comes from the tables.
      await host.run('documents.import', { id: 'same-minute', actor: 'test', lines: Array.from({ length: 300 }, () => ({ type: 'sale' as const, sku: 'A', qty: 1, occurredAt: minute(2) })) });
      // Costed now: the receipt's own position made the record that priced the waiting sale.
      ensureCosted(host.ledger);
      expect(host.ledger.db.prepare(`SELECT count(*) FROM cost_snapshots`).pluck().get()).toBe(1);
      const receipt = host.ledger.db.prepare(`SELECT id FROM movements WHERE kind = 'receive'`).pluck().get() as string;
      await host.run('movements.reverse', { movementId: receipt, reason: 'wrong supplier', actor: 'test' });
    }
    // `later` costs the reversal in a run of its own, reading what the receipt priced from its tables;
    // `whole` re-costs every movement in one pass.
    ensureCosted(later.ledger);
    await whole.run('ledger.rebuild', {});
    ensureCosted(whole.ledger);
    const { cost_snapshots: _, ...costs } = dump(later);
    const { cost_snapshots: __, ...oneRun } = dump(whole);
    expect(costs).toEqual(oneRun);
    expect(later.ledger.db.prepare(`SELECT qty, pending FROM cost_items WHERE sku = 'A'`).get()).toEqual({ qty: -302, pending: 302 });
  });
});
