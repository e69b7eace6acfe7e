import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { allMigrations } from '../ledger/open';
import { NEWER_VERSION_CODE } from './startupProblem';

/**
 * Refuses a ledger file that a newer app version has migrated: this version does not know its
 * schema, so writing to it could break what the newer version relies on. Read-only peek, before opening.
 */
export function assertNotNewerThanThisApp(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'`).get()) return;
    const known = new Set(allMigrations.map((m) => m.version));
    const unknown = (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]).filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw Object.assign(new Error(`the file has schema versions ${unknown.join(', ')} that this app version does not know`), { code: NEWER_VERSION_CODE });
    }
  } finally {
    db.close();
  }
}
