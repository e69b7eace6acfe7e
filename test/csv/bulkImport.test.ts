import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeLegacyCsv } from '../../bench/legacyCsv';
import { importMovementsCsv } from '../../electron/csv/movementsImport';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { tempDir } from '../helpers/tempLedger';

// Movement ids are random (UUIDv7); here they count, so two files written alike get the same ids.
const ids = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../shared/ids', async (original) => ({
  ...(await original<typeof import('../../shared/ids')>()),
  uuidv7: () => `0190a000-0000-7000-8000-${(++ids.n).toString(16).padStart(12, '0')}`,
}));

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const TABLES: Record<string, string> = {
  movements: 'SELECT * FROM movements ORDER BY seq',
  balances: 'SELECT * FROM balances ORDER BY sku',
  snapshots_occurred: 'SELECT * FROM snapshots_occurred ORDER BY sku, day',
  snapshots_learned: 'SELECT * FROM snapshots_learned ORDER BY sku, day',
  documents: 'SELECT * FROM documents ORDER BY id',
  import_keys: 'SELECT * FROM import_keys ORDER BY key',
  items: 'SELECT * FROM items ORDER BY sku',
  command_log: 'SELECT at, command, via, actor, approved_by, subject FROM command_log ORDER BY id',
};

/** Two hosts on copies of one fresh file (same device id and seal), the clock fixed. */
function twins(dir: string, timeZone: string): Promise<[LedgerHost, LedgerHost]> {
  const a = join(dir, 'commands.sqlite');
  const first = new LedgerHost(a, { now: () => NOW, operator: 'cli' });
  return first.run('settings.set', { timeZone }).then(() => {
    first.close();
    copyFileSync(a, join(dir, 'bulk.sqlite'));
    return [new LedgerHost(a, { now: () => NOW, operator: 'cli' }), new LedgerHost(join(dir, 'bulk.sqlite'), { now: () => NOW, operator: 'cli' })];
  });
}

describe('the bulk import path writes what the command path writes', () => {
  it('same movements (ids, hashes), caches, documents, keys and command log; check finds no drift, verify passes', async () => {
    const dir = tempDir();
    const csv = join(dir, 'legacy.csv');
    // Ends mid-2026 so the year crosses both of Berlin's clock changes (day boundaries move).
    writeLegacyCsv(csv, { lines: 7_000, items: 300, seed: 7, end: Date.parse('2026-07-01T00:00:00Z') });
    const [old, bulk] = await twins(dir, 'Europe/Berlin');
    try {
      const options = { type: 'receive' as const, actor: 'importer', batch: 500, now: () => NOW };
      ids.n = 0;
      const r1 = await importMovementsCsv(old, csv, { ...options, viaCommands: true });
      ids.n = 0;
      // Groups of three batches: several transactions, the last one short.
      const r2 = await importMovementsCsv(bulk, csv, { ...options, groupRows: 1_200 });
      expect(r2).toEqual(r1);
      expect(r2.appended).toBe(7_000);
      for (const [table, query] of Object.entries(TABLES)) {
        const want = old.ledger.db.prepare(query).all();
        expect(want.length, table).toBeGreaterThan(0);
        expect(bulk.ledger.db.prepare(query).all(), table).toEqual(want);
      }
      for (const host of [old, bulk]) {
        const check = await host.run('ledger.check');
        expect(check.drift).toEqual([]);
        const verify = await host.run('ledger.verify');
        expect(verify.ok).toBe(true);
        expect(verify.movements).toBe(7_000);
      }
      // Run again: every row is known by its key, nothing is appended twice.
      const again = await importMovementsCsv(bulk, csv, { ...options, groupRows: 1_200 });
      expect(again.appended).toBe(0);
      expect(bulk.ledger.db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(7_000);
    } finally {
      old.close();
      bulk.close();
    }
  }, 120_000);
});

describe('the bulk path keeps the contract limits it no longer parses per batch', () => {
  it('a batch above 50,000 lines, or a blank actor, is refused before anything is read', async () => {
    const dir = tempDir();
    const host = new LedgerHost(join(dir, 'l.sqlite'), { operator: 'cli' });
    try {
      const csv = join(dir, 'a.csv');
      writeLegacyCsv(csv, { lines: 10, items: 3, seed: 1 });
      await expect(importMovementsCsv(host, csv, { type: 'receive', actor: 'x', batch: 50_001 })).rejects.toThrow(/--batch must be a whole number from 1 to 50000/);
      await expect(importMovementsCsv(host, csv, { type: 'receive', actor: '  ', batch: 100 })).rejects.toThrow(/actor/);
      expect(host.ledger.db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(0);
    } finally {
      host.close();
    }
  });
});
