import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

const count = (host: ReturnType<typeof tempHost>) => (host.ledger.db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number }).n;

/**
 * Issue 12, failure 5 at the branch's door: the inputs HQ would quarantine are refused when recorded,
 * with a clear VALIDATION error, and nothing is written.
 */
describe('the branch refuses text no ledger can keep, at record time', () => {
  it('a NUL or a lone surrogate in a note, an actor or a reason is a VALIDATION error that writes nothing', async () => {
    const host = tempHost();
    await seedItems(host, ['TEA']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    const before = count(host);
    const refusals = [
      await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], note: 'bad\u0000note', actor: 'ann' }),
      await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], note: 'half \ud83d', actor: 'ann' }),
      await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'a\u0000nn' }),
      await host.call('documents.record', { type: 'adjustment', lines: [{ sku: 'TEA', qty: 1 }], note: 'bell \u0007', actor: 'ann' }),
      await host.call('movements.reverse', { movementId: 'x', reason: 'oops\u0000', actor: 'ann' }),
      await host.call('items.upsert', { sku: 'JAM', name: 'Jam\u0000' }),
    ];
    for (const r of refusals) {
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(!r.ok && r.error.message).toMatch(/control character|surrogate/);
    }
    expect(count(host)).toBe(before);
    // Line breaks in a note are text, not control noise.
    await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], note: 'two\nlines', actor: 'ann' });
    expect(count(host)).toBe(before + 1);
  });

  it('rows built inside the app go through the same validator: a hold for a customer named with a NUL is refused', async () => {
    const host = tempHost();
    await seedItems(host, ['TEA']);
    await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    const before = count(host);
    const r = await host.call('reservations.reserve', { sku: 'TEA', qty: 1, ref: 'R-1', customer: 'Mr \u0000', actor: 'ann' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!r.ok && r.error.message).toMatch(/note contains the control character U\+0000/);
    expect(count(host)).toBe(before);
    expect(await host.run('ledger.verify', {})).toMatchObject({ ok: true });
  });
});
