import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

async function stocked() {
  const host = tempHost();
  await seedItems(host, ['A', 'B', 'C']);
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 10, unitCost: 250 }, { sku: 'B', qty: 3, unitCost: 90 }], actor: 'ann' });
  return host;
}
const count = (host: ReturnType<typeof tempHost>) => (host.ledger.db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number }).n;

describe('documents.record', () => {
  it('records each line as a movement with deltas from the kind, provenance and actor', async () => {
    const host = await stocked();
    const sale = await host.run('documents.record', { type: 'sale', id: 'S-1', lines: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }], note: 'till 2', actor: 'bob' });
    expect(sale.movements.map((m) => [m.sku, m.kind, m.onHandDelta, m.reservedDelta, m.docType, m.docId, m.docLine, m.actor, m.note])).toEqual([
      ['A', 'sale', -2, 0, 'sale', 'S-1', 0, 'bob', 'till 2'],
      ['B', 'sale', -1, 0, 'sale', 'S-1', 1, 'bob', 'till 2'],
    ]);
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect(sale.movements[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
  });

  it('refuses a sale beyond available stock, naming what is available, and appends nothing', async () => {
    const host = await stocked();
    const before = count(host);
    const outcome = await host.call('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 4 }], actor: 'bob' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK', details: { lines: [{ line: 1, sku: 'B', available: 3, requested: 4 }] } } });
    expect(!outcome.ok && outcome.error.message).toMatch(/only 3 available/);
    expect(count(host)).toBe(before);
  });

  it('names a few short lines in the sentence and every one in the details', async () => {
    const host = tempHost();
    const skus = Array.from({ length: 7 }, (_, i) => `S${i}`);
    await seedItems(host, skus);
    const outcome = await host.call('documents.record', { type: 'sale', lines: skus.map((sku) => ({ sku, qty: 1 })), actor: 'bob' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toMatch(/^Not enough stock on 7 lines \(S0: only 0 available; .*S4: only 0 available and 2 more\)/);
    expect((outcome.error.details as { lines: unknown[] }).lines).toHaveLength(7);
  });

  it('counts every line of the same item against what is available', async () => {
    const host = await stocked();
    const outcome = await host.call('documents.record', { type: 'sale', lines: [{ sku: 'B', qty: 2 }, { sku: 'B', qty: 2 }], actor: 'bob' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
  });

  it('allows negative stock when the branch setting says so', async () => {
    const host = await stocked();
    await host.run('settings.set', { allowNegativeStock: true });
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'B', qty: 5 }], actor: 'bob' });
    expect(await host.run('stock.get', { sku: 'B' })).toMatchObject({ onHand: -2, available: -2 });
    expect((await host.run('stock.list', { negativeOnly: true })).rows.map((r) => r.sku)).toEqual(['B']);
  });

  it('refuses an unknown item, a missing note on an adjustment, a negative sale and a future date', async () => {
    const host = await stocked();
    const before = count(host);
    expect(await host.call('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 1 }, { sku: 'NOPE', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { skus: ['NOPE'] } } });
    expect(await host.call('documents.record', { type: 'adjustment', lines: [{ sku: 'A', qty: -1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'note' } } });
    expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: -1 }], actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const outcome = await host.call('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 1 }], occurredAt: future, actor: 'ann' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!outcome.ok && outcome.error.message).toMatch(/future/);
    expect(count(host)).toBe(before);
  });

  it('answers malformed payloads with VALIDATION and a sentence naming the field', async () => {
    const host = await stocked();
    const outcome = await host.call('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 1.5 }], actor: '' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('VALIDATION');
    expect(outcome.error.message).toMatch(/^Check these: the quantity on line 1 \(quantity must be a whole number\); the clerk \(/);
    expect(outcome.error.message).toMatch(/Nothing was changed; correct them and try again\.$/);
    expect(await host.call('documents.record', undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('documents.record', { type: 'theft', lines: [{ sku: 'A', qty: 1 }], actor: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('stock.nuke', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('repeating a document id returns the first result and appends nothing', async () => {
    const host = await stocked();
    const payload = { type: 'sale' as const, id: 'till-7-0001', lines: [{ sku: 'A', qty: 1 }], actor: 'bob' };
    const [first, second] = await Promise.all([host.run('documents.record', payload), host.run('documents.record', payload)]);
    const third = await host.run('documents.record', payload);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 9 });
  });

  it('refuses the same document id for a different document', async () => {
    const host = await stocked();
    await host.run('documents.record', { type: 'sale', id: 'D-1', lines: [{ sku: 'A', qty: 1 }], actor: 'bob' });
    const outcome = await host.call('documents.record', { type: 'sale', id: 'D-1', lines: [{ sku: 'A', qty: 2 }], actor: 'bob' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { id: 'D-1' } } });
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 9 });
  });

  it('documents.get reads a document back with its movements', async () => {
    const host = await stocked();
    await host.run('documents.record', { type: 'write_off', id: 'W-1', lines: [{ sku: 'A', qty: 1 }], note: 'dropped', actor: 'bob' });
    expect(await host.run('documents.get', { type: 'write_off', id: 'W-1' })).toMatchObject({ type: 'write_off', id: 'W-1', actor: 'bob', note: 'dropped', movements: [{ sku: 'A', onHandDelta: -1 }] });
    expect(await host.call('documents.get', { type: 'sale', id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('movements.reverse', () => {
  it('appends a compensating movement linked both ways in the trail', async () => {
    const host = await stocked();
    const sale = await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 3 }], actor: 'bob' });
    const original = sale.movements[0]!;
    const reversal = await host.run('movements.reverse', { movementId: original.id, reason: 'rang up the wrong item', actor: 'ann' });
    expect(reversal.movements[0]).toMatchObject({ kind: 'reversal', onHandDelta: 3, reverses: original.id, note: 'rang up the wrong item', actor: 'ann', occurredAt: original.occurredAt });
    expect(await host.run('stock.get', { sku: 'A' })).toMatchObject({ onHand: 10 });
    const trail = await host.run('stock.trail', { sku: 'A' });
    expect(trail.rows.find((r) => r.id === original.id)?.reversedBy).toBe(reversal.movements[0]!.id);
    expect(trail.rows.at(-1)).toMatchObject({ reverses: original.id, onHandAfter: 10 });
  });

  it('refuses to reverse a movement twice, but a repeated click returns the first reversal', async () => {
    const host = await stocked();
    const receipt = (await host.run('stock.trail', { sku: 'B' })).rows[0]!;
    const request = { movementId: receipt.id, reason: 'wrong supplier', actor: 'ann' };
    const first = await host.run('movements.reverse', request);
    expect(await host.run('movements.reverse', request)).toEqual(first);
    const again = await host.call('movements.reverse', { ...request, reason: 'really wrong' });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_REVERSED' } });
    const otherId = await host.call('movements.reverse', { ...request, id: 'another-reversal' });
    expect(otherId).toMatchObject({ ok: false, error: { code: 'ALREADY_REVERSED' } });
    expect(await host.run('stock.get', { sku: 'B' })).toMatchObject({ onHand: 0 });
  });

  it('refuses a reversal without a reason or of an unknown movement', async () => {
    const host = await stocked();
    expect(await host.call('movements.reverse', { movementId: 'x', reason: ' ', actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await host.call('movements.reverse', { movementId: 'x', reason: 'oops', actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses reversing a receipt whose stock was already sold, unless negative stock is allowed', async () => {
    const host = await stocked();
    const receipt = (await host.run('stock.trail', { sku: 'B' })).rows[0]!;
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'B', qty: 2 }], actor: 'bob' });
    expect(await host.call('movements.reverse', { movementId: receipt.id, reason: 'never arrived', actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
  });
});
