import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { uuidv7 } from '../../shared/ids';
import { coreMigrations, migrate, type Migration } from './migrations';
import { readSettings } from './settings';
import type { ProgressListener } from './progress';
import { stocktakeMigrations } from '../stocktake/migrations';
import { userMigrations } from '../users/migrations';
import { syncMigrations } from '../sync/migrations';
import { reviewMigrations } from '../sync/review/migrations';
import { transferMigrations } from '../transfers/migrations';
import { costMigrations } from '../costs/migrations';
import { backofficeMigrations, barcodeMigrations } from '../catalogue/migrations';
import { identityMigrations } from '../identity/migrations';
import { safetyMigrations } from '../safety/migrations';
import { backupNow } from '../safety/backup';
import { conflictMigrations } from '../sync/conflicts';
import { importKeyMigrations } from '../documents/importKeys';
import { leanRowMigrations } from './leanRows';

/** Every concern's schema, in one list; a new concern adds its migrations here. */
export const allMigrations: Migration[] = [...coreMigrations, ...userMigrations, ...stocktakeMigrations, ...syncMigrations, ...reviewMigrations, ...transferMigrations, ...costMigrations, ...conflictMigrations, ...identityMigrations, ...safetyMigrations, ...backofficeMigrations, ...barcodeMigrations, ...importKeyMigrations, ...leanRowMigrations];

export interface Ledger {
  db: Db;
  file: string;
  deviceId: string;
}

export interface OpenOptions {
  /** Milliseconds to wait for another process's write lock before giving up. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** How far a long schema upgrade has got (the CLI prints a line, the app a bar). */
  onProgress?: ProgressListener;
}

/**
 * Opens (creating if needed) a branch ledger file: WAL so readers never block the writer, a busy
 * timeout so a second process (CLI, import) waits for the lock instead of failing, and the schema
 * migrated to the current version. The device id is minted once per file.
 */
export function openLedger(file: string, options: OpenOptions = {}): Ledger {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: every commit is fsynced to the WAL, so a posted sale survives a power cut, not only a
    // killed process (NORMAL's promise). Chosen from the benchmark (durability section, README).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Before migrating a file with history: a backup (rotated, in the backup folder) to go back to.
    migrate(db, allMigrations, () => { if (file !== ':memory:') backupNow(db, file, 'pre-migration'); }, options.onProgress);
    ensureDeviceId(db);
  }
  db.pragma('cache_size = -32000');
  const deviceId = (db.prepare(`SELECT value FROM meta WHERE key = 'device_id'`).get() as { value: string }).value;
  readSettings(db); // fail early on a damaged settings row
  return { db, file, deviceId };
}

function ensureDeviceId(db: Db): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES ('device_id', ?) ON CONFLICT(key) DO NOTHING`).run(uuidv7());
}

export function closeLedger(ledger: Ledger): void {
  if (ledger.db.open) ledger.db.close();
}
