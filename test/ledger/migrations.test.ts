import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMigrations, migrate } from '../../electron/ledger/migrations';
import type { ProgressEvent } from '../../electron/ledger/progress';
import { tempDir } from '../helpers/tempLedger';

describe('migrations', () => {
  it('applies a migration added later with a lower version than one already applied', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    try {
      const costs = { version: 50, name: 'costs', sql: 'CREATE TABLE costs_x (a INTEGER);' };
      migrate(db, [...coreMigrations, costs]);
      const stocktake = { version: 20, name: 'stock take', sql: 'CREATE TABLE stocktake_x (a INTEGER);' };
      expect(migrate(db, [...coreMigrations, costs, stocktake])).toBe(50);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'stocktake_x'`).get()).toEqual({ name: 'stocktake_x' });
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([...coreMigrations.map((m) => m.version), 20, 50]);
      // Opening again applies nothing twice.
      expect(() => migrate(db, [...coreMigrations, costs, stocktake])).not.toThrow();
    } finally {
      db.close();
    }
  });

  it('opens a file from before applied migrations were recorded, without running them twice', () => {
    const db = new Database(join(tempDir(), 'old.sqlite'));
    try {
      db.exec(coreMigrations[0]!.sql);
      db.pragma('user_version = 1');
      const later = { version: 20, name: 'stock take', sql: 'CREATE TABLE stocktake_x (a INTEGER);' };
      expect(() => migrate(db, [...coreMigrations, later])).not.toThrow();
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([...coreMigrations.map((m) => m.version), 20]);
    } finally {
      db.close();
    }
  });

  it('says a file with history is being upgraded before its backup, even for a quick migration; a new file says nothing', () => {
    const db = new Database(join(tempDir(), 'm.sqlite'));
    try {
      const seen: string[] = [];
      const track = (e: ProgressEvent) => seen.push(`${e.task} ${e.done}/${e.total}`);
      migrate(db, coreMigrations, () => seen.push('backup'), track);
      expect(seen).toEqual([]);
      const quick = { version: 200, name: 'an index', sql: 'CREATE TABLE quick_x (a INTEGER);' };
      migrate(db, [...coreMigrations, quick], () => seen.push('backup'), track);
      // The backup copies the whole file (13 s at 5 M movements): the app's upgrade page shows from here.
      expect(seen).toEqual(['upgrade 0/0', 'backup']);
    } finally {
      db.close();
    }
  });

  it('refuses two migrations with the same version', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [...coreMigrations, { version: 1, name: 'dup', sql: '' }])).toThrow(/share version 1/);
    db.close();
  });
});
