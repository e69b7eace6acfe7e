import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMigrations, migrate } from '../../electron/ledger/migrations';
import { openLedger, closeLedger } from '../../electron/ledger/open';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { tempDir } from '../helpers/tempLedger';

describe('migrations are safe', () => {
  it('a file written by a newer app version is refused with a clear message, and left as it was', async () => {
    const file = join(tempDir(), 'shop.sqlite');
    const host = new LedgerHost(file);
    await host.run('items.upsert', { sku: 'A', name: 'Apple' });
    host.ledger.db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)`).run();
    host.close();
    expect(() => openLedger(file)).toThrow(/written by a newer version of Stock Ledger \(it has schema version 999.*Update the app/);
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM schema_migrations WHERE version = 999`).pluck().get()).toBe(1);
    db.close();
  });

  it('a failed migration leaves the file exactly as it was', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    migrate(db, coreMigrations);
    const schemaBefore = db.prepare(`SELECT group_concat(sql, ';') FROM sqlite_master`).pluck().get();
    const applied = () => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    const before = applied();
    const good = { version: 20, name: 'fine', sql: 'CREATE TABLE fine_x (a INTEGER);' };
    const bad = { version: 21, name: 'broken', sql: 'CREATE TABLE broken_x (a INTEGER); INSERT INTO no_such_table VALUES (1);' };
    expect(() => migrate(db, [...coreMigrations, good, bad])).toThrow(/no_such_table/);
    expect(applied()).toEqual(before);
    expect(db.prepare(`SELECT group_concat(sql, ';') FROM sqlite_master`).pluck().get()).toBe(schemaBefore);
    db.close();
  });

  it('a backup is taken before migrating a file with history (not a new one)', async () => {
    const dir = tempDir();
    const file = join(dir, 'shop.sqlite');
    const ledger = openLedger(file);
    expect(readdirSync(dir)).not.toContain('backups');
    ledger.db.exec(`DELETE FROM schema_migrations WHERE version = 80; DELETE FROM schema_migrations WHERE version = 130; DROP TABLE import_keys;`); // as a file from before both versions
    closeLedger(ledger);
    closeLedger(openLedger(file));
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^shop-\d{8}T\d{9}Z-pre-migration\.sqlite$/);
    const copy = new Database(join(dir, 'backups', backups[0]!), { readonly: true });
    expect(copy.prepare(`SELECT count(*) FROM schema_migrations WHERE version = 80`).pluck().get()).toBe(0);
    copy.close();
  });
});
