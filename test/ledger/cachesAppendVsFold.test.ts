import { describe, expect, it } from 'vitest';
import { seedItems, tempHost } from '../helpers/tempLedger';

/**
 * The caches appends keep (electron/ledger/caches.ts: running sums from an item's latest day, or the
 * back-dated path) against the caches folded from the ledger alone (ledger.check, ledger.rebuild), on a
 * generated ledger: in-order days, the same day again, back-dated lines, several days in one batch,
 * across a zone's clock changes.
 */
describe('caches kept by appends equal the caches folded from the ledger', () => {
  it('after 60 mixed batches check finds no drift and rebuild writes the same rows', async () => {
    const host = tempHost();
    await host.run('settings.set', { timeZone: 'America/New_York', allowNegativeStock: true });
    const skus = ['A', 'B', 'C', 'D', 'E'];
    await seedItems(host, skus);
    let x = 42;
    const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const now = Date.now();
    const DAY = 86_400_000;
    for (let b = 0; b < 60; b++) {
      // Mostly moving forward through 200 days that end now, sometimes far back, sometimes now.
      const base = now - 200 * DAY + b * 3 * DAY;
      const lines = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
        const r = random();
        const at = r < 0.15 ? base - Math.floor(random() * 120) * DAY : r < 0.25 ? now - 1000 : base + Math.floor(random() * 4 * DAY);
        return { type: random() < 0.5 ? 'receive' as const : 'sale' as const, sku: skus[Math.floor(random() * skus.length)]!, qty: 1 + Math.floor(random() * 9), occurredAt: new Date(Math.min(at, now - 1000)).toISOString() };
      });
      await host.run('documents.import', { id: `gen-${b}`, lines, actor: 'gen' });
    }
    const dump = () => ['balances', 'snapshots_occurred', 'snapshots_learned'].map((t) => host.ledger.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
    const kept = dump();
    expect(kept[1]!.length).toBeGreaterThan(100);
    const check = await host.run('ledger.check');
    expect(check.drift.filter((d) => !d.table.startsWith('cost'))).toEqual([]);
    await host.run('ledger.rebuild');
    expect(dump()).toEqual(kept);
  });
});
