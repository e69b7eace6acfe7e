import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

describe('"stock on 7 March" in Havana, through the CLI', () => {
  it('includes a movement at 23:30 local on 7 March, the evening before clocks skip midnight', () => {
    const db = join(tempDir(), 'havana.sqlite');
    const cli = (...args: string[]) => {
      const r = runCli(['--db', db, ...args]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return r.json as Record<string, unknown>;
    };
    cli('call', 'setup.complete', JSON.stringify({ branch: { code: 'HAV-01', name: 'La Habana Vieja', timeZone: 'America/Havana' }, currency: 'CUP', locale: 'es-CU', manager: { name: 'Rosa', pin: '2468' } }));
    cli('call', 'items.upsert', JSON.stringify({ sku: 'RON-7', name: 'Ron añejo 7 años' }));
    cli('call', 'documents.record', JSON.stringify({ type: 'receive', lines: [{ sku: 'RON-7', qty: 12 }], actor: 'rosa', occurredAt: '2026-03-07T09:00:00-05:00' }));
    // 23:30 on 7 March in Havana is 04:30Z on the 8th; the 8th starts at 05:00Z (00:00 → 01:00).
    cli('call', 'documents.record', JSON.stringify({ type: 'sale', lines: [{ sku: 'RON-7', qty: 5 }], actor: 'rosa', occurredAt: '2026-03-07T23:30:00-05:00' }));
    cli('call', 'documents.record', JSON.stringify({ type: 'sale', lines: [{ sku: 'RON-7', qty: 1 }], actor: 'rosa', occurredAt: '2026-03-08T01:30:00-04:00' }));
    expect(cli('call', 'stock.get', JSON.stringify({ sku: 'RON-7', asOf: '2026-03-07' }))).toMatchObject({ onHand: 7 });
    expect(cli('call', 'stock.get', JSON.stringify({ sku: 'RON-7', asOf: '2026-03-08' }))).toMatchObject({ onHand: 6 });
    // After a cache rebuild the snapshots agree (they are cut at the same boundaries).
    cli('call', 'ledger.rebuild', '{}');
    expect(cli('call', 'stock.get', JSON.stringify({ sku: 'RON-7', asOf: '2026-03-07' }))).toMatchObject({ onHand: 7 });
    expect(cli('check')).toMatchObject({ ok: true });
    // The CLI acts as the shop's operator and says so in the trail.
    const trail = runCli(['--db', db, 'trail', 'RON-7']);
    expect(trail.stdout).toMatch(/rosa \(CLI\)/);
    expect(cli('call', 'stock.trail', JSON.stringify({ sku: 'RON-7' })).rows).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'rosa', via: 'cli' })]));
  });
});
