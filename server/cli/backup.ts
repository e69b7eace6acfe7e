import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HqError } from '../errors';
import { HQ_SQLITE_FILE } from '../store/open';

/**
 * Backup and restore of the embedded SQLite store. (PostgreSQL: pg_dump / pg_restore, then
 * `stock-ledger-hq epoch --renew`.) A backup is taken online, consistently, while HQ serves.
 */
export async function backupSqlite(dataDir: string, dest: string): Promise<{ file: string; pages: number }> {
  const file = join(dataDir, HQ_SQLITE_FILE);
  if (!existsSync(file)) throw new HqError(404, 'NOT_FOUND', `There is no HQ store at ${file}; check --data.`);
  if (existsSync(dest)) throw new HqError(409, 'CONFLICT', `${dest} already exists; choose a new file name for the backup.`);
  mkdirSync(dirname(dest), { recursive: true });
  const db = new Database(file, { readonly: true });
  try {
    const r = await db.backup(dest);
    return { file: dest, pages: r.totalPages };
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the store (HQ must be stopped) and mints a new epoch, so every PC notices
 * HQ went back in time: it re-sends what HQ lost and pulls from the start again.
 */
export function restoreSqlite(dataDir: string, backup: string): { epoch: string } {
  if (!existsSync(backup)) throw new HqError(404, 'NOT_FOUND', `There is no backup file ${backup}.`);
  const check = new Database(backup, { readonly: true });
  try {
    const ok = check.prepare(`SELECT value FROM meta WHERE key = 'epoch'`).get();
    if (!ok) throw new Error('no epoch');
  } catch {
    throw new HqError(400, 'VALIDATION', `${backup} is not an HQ store backup (no HQ meta table); nothing was changed.`);
  } finally {
    check.close();
  }
  const file = join(dataDir, HQ_SQLITE_FILE);
  mkdirSync(dataDir, { recursive: true });
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  copyFileSync(backup, file);
  const db = new Database(file);
  try {
    const epoch = randomUUID();
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'epoch'`).run(epoch);
    return { epoch };
  } finally {
    db.close();
  }
}
