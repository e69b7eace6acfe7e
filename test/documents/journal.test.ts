import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

const DAY = 86_400_000;

async function shop(now = { t: Date.parse('2026-03-14T10:00:00Z') }) {
  const host = tempHost({ now: () => now.t });
  await seedItems(host, ['A', 'B', 'C']);
  await host.run('documents.record', { type: 'receive', id: 'R-1', supplier: 'Acme', supplierRef: 'DN-77', lines: [{ sku: 'A', qty: 10, unitCost: 250 }, { sku: 'B', qty: 4, unitCost: 90 }], actor: 'ann' });
  now.t += DAY;
  await host.run('documents.record', { type: 'sale', id: 'S-1', lines: [{ sku: 'A', qty: 3 }, { sku: 'B', qty: 1 }], actor: 'bob' });
  return { host, now };
}
const count = (host: ReturnType<typeof tempHost>) => (host.ledger.db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number }).n;

describe('documents.list (the journal)', () => {
  it('lists one row per document with its supplier, quantities, value and clerk, newest first', async () => {
    const { host } = await shop();
    const { rows, total } = await host.run('documents.list', {});
    expect(total).toBe(2);
    expect(rows.map((r) => r.id)).toEqual(['S-1', 'R-1']);
    expect(rows[1]).toMatchObject({ type: 'receive', typeLabel: 'Purchase receipt', supplier: 'Acme', supplierRef: 'DN-77', lines: 2, qty: 14, value: 2860, uncostedLines: 0, reversed: 'no', actor: 'ann', firstSku: 'A', firstName: 'Item A' });
    // A sale is valued at its FIFO cost of goods.
    expect(rows[0]).toMatchObject({ type: 'sale', qty: -4, value: 3 * 250 + 90, actor: 'bob' });
  });

  it('filters by business-time range, type and actor; searches by number, SKU or supplier and keeps whole documents', async () => {
    const { host } = await shop();
    expect((await host.run('documents.list', { from: '2026-03-15T00:00:00Z' })).rows.map((r) => r.id)).toEqual(['S-1']);
    expect((await host.run('documents.list', { to: '2026-03-14T23:59:59Z' })).rows.map((r) => r.id)).toEqual(['R-1']);
    expect((await host.run('documents.list', { type: 'sale' })).total).toBe(1);
    expect((await host.run('documents.list', { actor: 'ann' })).rows.map((r) => r.id)).toEqual(['R-1']);
    expect((await host.run('documents.list', { search: 'acm' })).rows.map((r) => r.id)).toEqual(['R-1']);
    expect((await host.run('documents.list', { search: 'DN-7' })).rows.map((r) => r.id)).toEqual(['R-1']);
    const byB = await host.run('documents.list', { search: 'B' });
    expect(byB.rows.map((r) => r.id).sort()).toEqual(['R-1', 'S-1']);
    expect(byB.rows.every((r) => r.lines === 2)).toBe(true);
  });

  it('refuses unknown fields and a range that ends before it starts, with a clear error', async () => {
    const { host } = await shop();
    expect(await host.call('documents.list', { colour: 'red' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('documents.list', { from: '2026-03-16T00:00:00Z', to: '2026-03-14T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'from' } } });
  });

  it('documents.get gives each line its item name and value, and says which lines are reversed', async () => {
    const { host } = await shop();
    const doc = await host.run('documents.get', { type: 'receive', id: 'R-1' });
    expect(doc).toMatchObject({ supplier: 'Acme', supplierRef: 'DN-77', typeLabel: 'Purchase receipt' });
    expect(doc.lines.map((l) => [l.line, l.sku, l.name, l.qty, l.unitCost, l.value, l.reversedBy])).toEqual([[1, 'A', 'Item A', 10, 250, 2500, null], [2, 'B', 'Item B', 4, 90, 360, null]]);
  });
});

describe('documents.reverse', () => {
  it('reverses every line of a document in one step, each reversal pointing at its line, at the original business time', async () => {
    const { host, now } = await shop();
    now.t += DAY;
    const sale = await host.run('documents.get', { type: 'sale', id: 'S-1' });
    const rev = await host.run('documents.reverse', { type: 'sale', id: 'S-1', reason: 'wrong till', actor: 'ann' });
    expect(rev.reversedLines).toBe(2);
    expect(rev.movements.map((m) => [m.kind, m.sku, m.onHandDelta, m.reverses, m.note, m.occurredAt])).toEqual(
      sale.movements.map((m) => ['reversal', m.sku, -m.onHandDelta, m.id, 'wrong till', m.occurredAt]));
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 10 });
    expect((await host.run('documents.list', { type: 'sale' })).rows[0]!.reversed).toBe('fully');
    // COGS of the period nets the reversal into the sale's own line.
    const cogs = await host.run('costs.cogs', { from: '2026-03-01', to: '2026-03-31' });
    expect(cogs.byKind.map((k) => k.kind)).not.toContain('reversal');
    expect(cogs.totals.cost).toBe(0);
  });

  it('answers a repeated request with the first result, refuses a second reversal, and appends nothing then', async () => {
    const { host } = await shop();
    const first = await host.run('documents.reverse', { type: 'sale', id: 'S-1', reason: 'wrong till', actor: 'ann' });
    const before = count(host);
    const again = await host.run('documents.reverse', { type: 'sale', id: 'S-1', reason: 'wrong till', actor: 'ann' });
    expect(again.id).toBe(first.id);
    expect(count(host)).toBe(before);
    expect(await host.call('documents.reverse', { type: 'sale', id: 'S-1', reason: 'other', actor: 'bob' })).toMatchObject({ ok: false, error: { code: 'ALREADY_REVERSED' } });
    expect(await host.call('documents.reverse', { type: 'reversal', id: first.id, reason: 'undo', actor: 'bob' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('documents.reverse', { type: 'sale', id: 'NOPE', reason: 'x', actor: 'bob' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(count(host)).toBe(before);
  });

  it('reverses only the lines not reversed yet, and refuses a reversal that would take stock below zero as a whole', async () => {
    const { host } = await shop();
    const sale = await host.run('documents.get', { type: 'sale', id: 'S-1' });
    await host.run('movements.reverse', { movementId: sale.movements[0]!.id, reason: 'one line', actor: 'ann' });
    const rest = await host.run('documents.reverse', { type: 'sale', id: 'S-1', reason: 'the rest', actor: 'ann' });
    expect(rest).toMatchObject({ reversedLines: 1, alreadyReversed: 1 });
    expect(rest.movements[0]!.reverses).toBe(sale.movements[1]!.id);
    // The receipt's A units were partly sold (and the sale is reversed now): sell them all, then try to reverse the receipt.
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 10 }], actor: 'bob' });
    const before = count(host);
    expect(await host.call('documents.reverse', { type: 'receive', id: 'R-1', reason: 'wrong supplier', actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    expect(count(host)).toBe(before);
  });
});

describe('documents.record: suppliers and reasons', () => {
  it('refuses a write-off without a reason and a supplier on a sale, appending nothing', async () => {
    const { host } = await shop();
    const before = count(host);
    expect(await host.call('documents.record', { type: 'write_off', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'note' } } });
    expect(await host.call('documents.record', { type: 'sale', supplier: 'Acme', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'supplier' } } });
    expect(count(host)).toBe(before);
    await host.run('documents.record', { type: 'write_off', note: 'broken', lines: [{ sku: 'A', qty: 1 }], actor: 'ann' });
  });
});
