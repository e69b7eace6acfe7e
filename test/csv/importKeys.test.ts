import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMovementsCsv, rowKey } from '../../electron/csv/movementsImport';
import { importKeyBytes } from '../../electron/documents/importKeys';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { allMigrations } from '../../electron/ledger/open';
import { migrate } from '../../electron/ledger/migrations';
import { tempDir } from '../helpers/tempLedger';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const CSV = ['sku,qty,type,occurred_at', 'A,10,receive,2026-11-01T09:00:00Z', 'A,2,sale,2026-11-02T09:00:00Z', 'B,5,receive,2026-11-03T09:00:00Z'].join('\n') + '\n';

describe('import row keys as 16-byte blobs', () => {
  it('a CSV row key is stored as its 16 bytes; another key keeps its text behind a zero byte', () => {
    const hex = rowKey('', 0, { sku: 'A', qty: 1, type: 'receive' } as Parameters<typeof rowKey>[2]);
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    expect(importKeyBytes(hex)).toEqual(Buffer.from(hex, 'hex'));
    expect(importKeyBytes('row-7')).toEqual(Buffer.from('\u0000row-7', 'utf8'));
    expect(importKeyBytes('ABCDEF0123456789ABCDEF0123456789').length).toBe(33); // upper case is not a CSV key
  });

  it('a file from before the change keeps its keys: re-running the same CSV appends nothing', async () => {
    const dir = tempDir();
    const csv = join(dir, 'moves.csv');
    writeFileSync(csv, CSV);
    const options = { type: 'receive' as const, batch: 2, actor: 'ann', now: () => NOW };
    // The keys this CSV's rows get, from an import into a fresh file.
    const fresh = new LedgerHost(join(dir, 'fresh.sqlite'), { now: () => NOW, operator: 'cli' });
    for (const sku of ['A', 'B']) await fresh.run('items.upsert', { sku, name: sku });
    expect(await importMovementsCsv(fresh, csv, options)).toMatchObject({ rows: 3, appended: 3 });
    const stored = fresh.ledger.db.prepare(`SELECT lower(hex(key)) AS key, doc_id FROM import_keys ORDER BY key`).all() as Array<{ key: string; doc_id: string }>;
    fresh.close();
    expect(stored).toHaveLength(3);
    // A file as the previous version left it: the same keys as text in import_rows, and a caller's own key.
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(old, allMigrations.filter((m) => m.version < 130));
    const insert = old.prepare(`INSERT INTO import_rows (key, doc_id) VALUES (?, ?)`);
    for (const s of stored) insert.run(s.key, s.doc_id);
    insert.run('custom-key-1', 'doc-x');
    old.close();

    const host = new LedgerHost(file, { now: () => NOW, operator: 'cli' });
    try {
      const db = host.ledger.db;
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'import_rows'`).pluck().get()).toBe(0);
      const migrated = db.prepare(`SELECT key, doc_id FROM import_keys ORDER BY key`).all() as Array<{ key: Buffer; doc_id: string }>;
      expect(migrated.map((m) => [m.key.toString('hex'), m.doc_id]).sort()).toEqual([
        ...stored.map((s) => [s.key, s.doc_id]), [importKeyBytes('custom-key-1').toString('hex'), 'doc-x'],
      ].sort());
      expect(migrated.filter((m) => m.key.length === 16)).toHaveLength(3);
      // The CSV whose keys were copied: every row is known, nothing is appended.
      for (const sku of ['A', 'B']) await host.run('items.upsert', { sku, name: sku });
      expect(await importMovementsCsv(host, csv, options)).toMatchObject({ rows: 3, appended: 0, skipped: 3 });
      expect(db.prepare(`SELECT count(*) FROM movements`).pluck().get()).toBe(0);
    } finally {
      host.close();
    }
  });
});
