import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMigrations, migrate } from '../../electron/ledger/migrations';
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

  it('refuses two migrations with the same version', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [...coreMigrations, { version: 1, name: 'dup', sql: '' }])).toThrow(/share version 1/);
    db.close();
  });
});
