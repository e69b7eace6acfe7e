import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldStock } from '../../electron/ledger/stockAt';
import { seedItems, tempHost } from '../helpers/tempLedger';

const DAY = 86_400_000;

describe('caches are disposable', () => {
  it('balances and snapshots equal a fresh fold after mixed and back-dated documents', async () => {
    let now = Date.parse('2026-03-10T09:00:00Z');
    const host = tempHost({ now: () => now });
    await seedItems(host, ['A', 'B', 'C']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 20 }, { sku: 'B', qty: 10 }], actor: 'ann' });
    now += DAY;
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 4 }, { sku: 'B', qty: 1 }], actor: 'ann' });
    now += DAY;
    // Back-dated by two days: the snapshots of every later day must move too.
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'C', qty: 7 }, { sku: 'A', qty: 1 }], occurredAt: new Date(now - 2 * DAY - 3_600_000).toISOString(), actor: 'ann' });
    await host.run('reservations.reserve', { sku: 'A', qty: 2, ref: 'R-1', actor: 'ann' });
    await host.run('documents.record', { type: 'adjustment', lines: [{ sku: 'B', qty: -2 }], note: 'broken in transport', actor: 'ann' });
    expect(await host.run('ledger.check')).toMatchObject({ ok: true, drift: [] });
    for (const sku of ['A', 'B', 'C']) {
      const cached = await host.run('stock.get', { sku });
      const folded = foldStock(host.ledger.db, sku);
      expect({ onHand: cached.onHand, reserved: cached.reserved }).toEqual(folded);
    }
  });

  it('check reports drift in a tampered cache and rebuild repairs it from the ledger', async () => {
    const host = tempHost();
    await seedItems(host, ['A', 'B']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 5 }, { sku: 'B', qty: 3 }], actor: 'ann' });
    const other = new Database(host.file);
    other.prepare(`UPDATE balances SET on_hand = 500 WHERE sku = 'A'`).run();
    other.prepare(`DELETE FROM snapshots_occurred WHERE sku = 'B'`).run();
    other.close();
    const check = await host.run('ledger.check');
    expect(check.ok).toBe(false);
    expect(check.drift).toContainEqual({ sku: 'A', table: 'balances', field: 'onHand', cached: 500, ledger: 5 });
    expect(check.drift.some((d) => d.sku === 'B' && d.table === 'snapshots_occurred')).toBe(true);
    const rebuilt = await host.run('ledger.rebuild');
    expect(rebuilt).toMatchObject({ movements: 2, items: 2 });
    expect(await host.run('ledger.check')).toMatchObject({ ok: true });
    expect((await host.run('stock.get', { sku: 'A' })).onHand).toBe(5);
  });

  it('rebuild reports progress', async () => {
    const events: Array<{ task: string; done: number; total: number }> = [];
    const host = tempHost({ onProgress: (e) => events.push(e) });
    await seedItems(host, ['A']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 5 }], actor: 'ann' });
    await host.run('ledger.rebuild');
    expect(events.at(-1)).toEqual({ task: 'rebuild', done: 1, total: 1 });
    expect((await host.run('app.progress')).tasks).toContainEqual({ task: 'rebuild', done: 1, total: 1 });
  });
});

describe('two times', () => {
  it('stock on a past day folds by business time; "believed at" folds by when the ledger learned it', async () => {
    let now = Date.parse('2026-05-01T12:00:00Z');
    const host = tempHost({ now: () => now });
    await seedItems(host, ['A']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 10 }], occurredAt: '2026-03-01T10:00:00Z', actor: 'ann' });
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 4 }], occurredAt: '2026-03-14T15:00:00Z', actor: 'ann' });
    const learnedLater = now + 10 * DAY;
    now = learnedLater;
    // Entered on 11 May, it happened on 14 March: it changes "stock on 14 March" but not what we believed on 5 May.
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 1 }], occurredAt: '2026-03-14T16:00:00Z', actor: 'ann' });

    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-13' })).toMatchObject({ onHand: 10 });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-14T15:30:00Z' })).toMatchObject({ onHand: 6 });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-14' })).toMatchObject({ onHand: 5 });
    expect(await host.run('stock.get', { sku: 'A', believedAt: '2026-05-05' })).toMatchObject({ onHand: 6 });
    expect(await host.run('stock.get', { sku: 'A', believedAt: new Date(learnedLater).toISOString() })).toMatchObject({ onHand: 5 });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-14', believedAt: '2026-05-05' })).toMatchObject({ onHand: 6 });
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 5, asOf: null, believedAt: null });
  });

  it('day boundaries follow the branch time zone', async () => {
    const host = tempHost({ now: () => Date.parse('2026-06-01T00:00:00Z') });
    await host.run('settings.set', { timeZone: 'Pacific/Auckland' });
    await seedItems(host, ['A']);
    // 2026-03-14T20:00Z is already 15 March, 09:00 in Auckland (UTC+13).
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 3 }], occurredAt: '2026-03-14T20:00:00Z', actor: 'ann' });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-14' })).toMatchObject({ onHand: 0, asOf: '2026-03-14T10:59:59.999Z' });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-15' })).toMatchObject({ onHand: 3 });
    // Changing the zone moves every day boundary: the snapshots are rebuilt to match.
    await host.run('settings.set', { timeZone: 'America/New_York' });
    expect(await host.run('stock.get', { sku: 'A', asOf: '2026-03-14' })).toMatchObject({ onHand: 3 });
    expect(await host.run('ledger.check')).toMatchObject({ ok: true });
  });

  it('ledger times never run backwards when the PC clock does', async () => {
    let now = Date.parse('2026-05-01T12:00:00Z');
    const host = tempHost({ now: () => now });
    await seedItems(host, ['A']);
    const first = await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' });
    now -= 3_600_000;
    const second = await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' });
    expect(second.movements[0]!.recordedAt >= first.movements[0]!.recordedAt).toBe(true);
    expect(second.movements[0]!.learnedAt >= first.movements[0]!.learnedAt).toBe(true);
  });
});
