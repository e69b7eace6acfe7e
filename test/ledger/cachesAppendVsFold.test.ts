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

/**
 * The set-based rebuild (electron/ledger/fold.ts, days from electron/ledger/dayKey.ts) against the caches
 * every append kept, row for row, on a ledger written across both clock changes of a zone: every document
 * type, back-dated lines (some onto the clock-change days themselves), reversals, reservations reserved,
 * fulfilled and released, several items, and the learning clock walking across the same days.
 */
describe('ledger.rebuild by SQL writes the rows the appends kept', () => {
  const zones: Array<[string, string, string[]]> = [
    ['Europe/Berlin', '2026-03-20T08:00:00Z', ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']],
    ['America/New_York', '2026-02-25T15:00:00Z', ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z']],
  ];
  it.each(zones)('%s: every cache table equal after rebuild, and check finds no drift', async (timeZone, startIso, changes) => {
    const HOUR = 3_600_000;
    let now = Date.parse(startIso);
    const host = tempHost({ now: () => now });
    await host.run('settings.set', { timeZone, allowNegativeStock: true });
    const skus = ['A', 'B', 'C', 'D', 'E', 'F'];
    await seedItems(host, skus);
    let x = 7;
    const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const types = ['receive', 'sale', 'customer_return', 'complimentary', 'supplier_return', 'write_off', 'adjustment'] as const;
    const holds: string[] = [];
    const recorded: string[] = [];
    const end = Date.parse(changes[1]!) + 5 * 24 * HOUR;
    let n = 0;
    while (now < end) {
      // The learning clock: small steps near a clock change, larger ones elsewhere.
      const near = changes.some((c) => Math.abs(Date.parse(c) - now) < 36 * HOUR);
      now += Math.floor((near ? 0.25 + random() * 2 : 6 + random() * 60) * HOUR);
      n++;
      const r = random();
      if (r < 0.1) {
        const ref = `H-${n}`;
        await host.run('reservations.reserve', { sku: pick(skus), qty: 1 + Math.floor(random() * 3), ref, actor: 'ann' });
        holds.push(ref);
      } else if (r < 0.17 && holds.length) {
        const ref = holds.splice(Math.floor(random() * holds.length), 1)[0]!;
        await host.run(random() < 0.5 ? 'reservations.fulfil' : 'reservations.release', { ref, actor: 'ann' });
      } else if (r < 0.22 && recorded.length) {
        const doc = recorded.splice(Math.floor(random() * recorded.length), 1)[0]!;
        const got = await host.run('documents.get', { type: 'sale', id: doc }).catch(() => null);
        const line = got?.lines.find((l) => !l.reversedBy);
        if (line?.movementId) await host.run('movements.reverse', { movementId: line.movementId, reason: 'keyed twice', actor: 'ann' });
      } else {
        const type = pick(types);
        // Back-dated sometimes: a few days, or onto a clock-change day (hours either side of the change).
        const back = random();
        const change = Date.parse(pick(changes));
        const occurred = back < 0.15 ? now - Math.floor(random() * 9 * 24 * HOUR)
          : back < 0.3 && change < now ? Math.min(now, change + Math.floor((random() - 0.5) * 30 * HOUR)) : now;
        const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ sku: pick(skus), qty: (type === 'adjustment' && random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 9)) }));
        const doc = await host.run('documents.record', { type, lines, occurredAt: new Date(occurred).toISOString(), actor: 'ann', ...(type === 'adjustment' || type === 'write_off' ? { note: 'counted again' } : {}) });
        if (type === 'sale') recorded.push(doc.id);
      }
    }
    const db = host.ledger.db;
    const kinds = db.prepare(`SELECT DISTINCT kind FROM movements ORDER BY kind`).pluck().all();
    expect(kinds).toEqual(expect.arrayContaining(['receive', 'sale', 'reserve', 'fulfil', 'release', 'reversal', 'adjustment', 'write_off']));
    // Rows dated on the clock-change days, on both axes.
    for (const c of changes) {
      const day = db.prepare(`SELECT count(*) FROM movements WHERE occurred_at BETWEEN ? AND ?`).pluck().get(Date.parse(c) - 12 * HOUR, Date.parse(c) + 12 * HOUR) as number;
      expect(day).toBeGreaterThan(3);
    }
    const dump = () => Object.fromEntries(['balances', 'snapshots_occurred', 'snapshots_learned'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
    const kept = dump();
    expect(kept.snapshots_occurred!.length).toBeGreaterThan(150);
    expect(kept.snapshots_learned!.length).toBeGreaterThan(150);
    const rebuilt = await host.run('ledger.rebuild');
    expect(rebuilt.movements).toBe(db.prepare(`SELECT count(*) FROM movements`).pluck().get());
    expect(dump()).toEqual(kept);
    const check = await host.run('ledger.check');
    expect(check.drift).toEqual([]);
    expect(check.ok).toBe(true);
    // Tampered caches are found by check and repaired by rebuild, on both axes.
    db.prepare(`UPDATE snapshots_learned SET on_hand = on_hand + 1 WHERE (sku, day) = (SELECT sku, day FROM snapshots_learned ORDER BY day DESC LIMIT 1)`).run();
    expect((await host.run('ledger.check')).drift.some((d) => d.table === 'snapshots_learned')).toBe(true);
    await host.run('ledger.rebuild');
    expect(dump()).toEqual(kept);
  });
});
