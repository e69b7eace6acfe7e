import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

async function stocked(now?: () => number) {
  const host = tempHost(now ? { now } : {});
  await seedItems(host, ['SOFA']);
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'SOFA', qty: 5 }], actor: 'ann' });
  return host;
}

describe('reservations: the sold-not-yet-handed-over buffer', () => {
  it('reserve holds stock: reserved up, available down, on-hand unchanged', async () => {
    const host = await stocked();
    const r = await host.run('reservations.reserve', { sku: 'SOFA', qty: 2, ref: 'ORDER-17', customer: 'Mrs Jones', actor: 'ann' });
    expect(r).toMatchObject({ ref: 'ORDER-17', held: 2, state: 'open', customer: 'Mrs Jones' });
    expect(await host.run('stock.get', { sku: 'SOFA' })).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
  });

  it('fulfil takes the goods off on-hand and reserved together', async () => {
    const host = await stocked();
    await host.run('reservations.reserve', { sku: 'SOFA', qty: 2, ref: 'ORDER-17', actor: 'ann' });
    const done = await host.run('reservations.fulfil', { ref: 'ORDER-17', actor: 'bob' });
    expect(done).toMatchObject({ state: 'fulfilled', held: 0 });
    expect(await host.run('stock.get', { sku: 'SOFA' })).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const trail = await host.run('stock.trail', { sku: 'SOFA' });
    expect(trail.rows.at(-1)).toMatchObject({ kind: 'fulfil', onHandDelta: -2, reservedDelta: -2, actor: 'bob', docType: 'reservation', docId: 'ORDER-17' });
    // Handing over twice is harmless; releasing a fulfilled hold is refused.
    expect(await host.run('reservations.fulfil', { ref: 'ORDER-17' })).toMatchObject({ state: 'fulfilled' });
    expect(await host.call('reservations.release', { ref: 'ORDER-17' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('release puts the goods back to available', async () => {
    const host = await stocked();
    await host.run('reservations.reserve', { sku: 'SOFA', qty: 4, ref: 'R-2', actor: 'ann' });
    await host.run('reservations.release', { ref: 'R-2' });
    expect(await host.run('stock.get', { sku: 'SOFA' })).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await host.run('reservations.list', { state: 'released' })).rows.map((r) => r.ref)).toEqual(['R-2']);
  });

  it('refuses to hold more than is available, and a sale cannot take held stock', async () => {
    const host = await stocked();
    expect(await host.call('reservations.reserve', { sku: 'SOFA', qty: 6, ref: 'R-3', actor: 'ann' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    await host.run('reservations.reserve', { sku: 'SOFA', qty: 4, ref: 'R-4', actor: 'ann' });
    expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'SOFA', qty: 2 }], actor: 'bob' })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK', details: { lines: [{ available: 1 }] } } });
  });

  it('expired holds are released by appended movements, never by editing', async () => {
    let now = Date.parse('2026-05-01T10:00:00Z');
    const host = await stocked(() => now);
    await host.run('reservations.reserve', { sku: 'SOFA', qty: 2, ref: 'R-5', expiresAt: '2026-05-02T10:00:00Z', actor: 'ann' });
    await host.run('reservations.reserve', { sku: 'SOFA', qty: 1, ref: 'R-6', expiresAt: '2026-05-09T10:00:00Z', actor: 'ann' });
    expect((await host.run('reservations.expire', {})).released).toEqual([]);
    now = Date.parse('2026-05-03T00:00:00Z');
    expect((await host.run('reservations.expire', {})).released).toEqual(['R-5']);
    expect(await host.run('stock.get', { sku: 'SOFA' })).toMatchObject({ reserved: 1, available: 4 });
    const trail = await host.run('stock.trail', { sku: 'SOFA' });
    expect(trail.rows.at(-1)).toMatchObject({ kind: 'release', actor: 'system', note: 'hold expired', docId: 'R-5' });
    expect((await host.run('reservations.list', {})).rows.map((r) => r.ref)).toEqual(['R-6']);
  });

  it('repeating a reserve is idempotent; reusing a ref for something else is refused', async () => {
    const host = await stocked();
    const payload = { sku: 'SOFA', qty: 2, ref: 'R-7', actor: 'ann' };
    await host.run('reservations.reserve', payload);
    await host.run('reservations.reserve', payload);
    expect(await host.run('stock.get', { sku: 'SOFA' })).toMatchObject({ reserved: 2 });
    expect(await host.call('reservations.reserve', { ...payload, qty: 3 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await host.call('reservations.fulfil', { ref: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
