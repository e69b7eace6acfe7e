import type { Database } from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Ledger } from '../ledger/open';
import type { ProgressListener } from '../ledger/progress';

/**
 * Backups of the branch ledger: SQLite's online backup API (the clerk keeps selling meanwhile), to a
 * folder that can be a second disk or a USB stick, rotated per kind. Automatic: daily, and before
 * every migration. A backup holds no secret: the device key and token stay in the secret store.
 */
export type BackupReason = 'daily' | 'manual' | 'pre-migration' | 'pre-restore';
const KEEP: Record<BackupReason, number> = { daily: 14, manual: 20, 'pre-migration': 5, 'pre-restore': 5 };
const NAME = /^(.+)-(\d{8}T\d{6}\d{3}Z)-(daily|manual|pre-migration|pre-restore)\.sqlite$/;

export interface BackupFile { file: string; reason: BackupReason; at: string; bytes: number }

function metaGet(db: Database, key: string): string | null {
  return (db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value ?? null;
}

/** The backup folder: meta `backup_folder` (set by a manager), else $STOCK_LEDGER_BACKUP_DIR, else `backups/` next to the ledger. */
export function backupFolder(ledgerFile: string, db?: Database): string {
  return (db && metaGet(db, 'backup_folder')) || process.env.STOCK_LEDGER_BACKUP_DIR || join(dirname(ledgerFile), 'backups');
}

export function setBackupFolder(db: Database, folder: string | null): void {
  if (folder === null) db.prepare(`DELETE FROM meta WHERE key = 'backup_folder'`).run();
  else db.prepare(`INSERT INTO meta (key, value) VALUES ('backup_folder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(folder);
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[-:.]/g, '').replace(/(\d{6})(\d{3})Z$/, '$1$2Z');

export function backupName(ledgerFile: string, reason: BackupReason, now: number): string {
  return `${basename(ledgerFile).replace(/\.sqlite$/, '')}-${stamp(now)}-${reason}.sqlite`;
}

/**
 * Pages copied per step of an online backup. Each step runs on the ledger's thread between commands
 * (better-sqlite3 steps on the event loop), so a command that arrives meanwhile waits for the step:
 * 2000 pages (8 MB) held it 13-21 ms, the worker's p95 while the start-up daily backup ran. 50 pages
 * take 0.3-0.4 ms, the whole copy about as long (200 MB in 0.6-1.1 s either way, at load 4), and a
 * writer still gets the lock between steps.
 */
export const PAGES_PER_STEP = 50;

/** An online copy of the open ledger into `out` (written to a temporary name, then renamed whole). */
export async function backupTo(ledger: Ledger, out: string, onProgress?: ProgressListener): Promise<{ file: string; bytes: number }> {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  let total = 0;
  await ledger.db.backup(tmp, {
    progress: ({ totalPages, remainingPages }) => {
      total = totalPages;
      onProgress?.({ task: 'backup', done: totalPages - remainingPages, total: totalPages });
      return PAGES_PER_STEP;
    },
  });
  // SQLite reports before each step, never after the last: say it finished, or the bar stays short.
  onProgress?.({ task: 'backup', done: total || 1, total: total || 1 });
  const { renameSync } = await import('node:fs');
  renameSync(tmp, out);
  return { file: out, bytes: statSync(out).size };
}

/** A copy taken synchronously (VACUUM INTO), for the moment before a migration when nothing else runs. */
export function backupNow(db: Database, ledgerFile: string, reason: BackupReason, now = Date.now()): string {
  const folder = backupFolder(ledgerFile, db);
  mkdirSync(folder, { recursive: true });
  const out = join(folder, backupName(ledgerFile, reason, now));
  db.prepare('VACUUM INTO ?').run(out);
  rotate(ledgerFile, folder, reason);
  return out;
}

export async function takeBackup(ledger: Ledger, reason: BackupReason, now = Date.now(), onProgress?: ProgressListener): Promise<BackupFile> {
  const folder = backupFolder(ledger.file, ledger.db);
  const { file, bytes } = await backupTo(ledger, join(folder, backupName(ledger.file, reason, now)), onProgress);
  rotate(ledger.file, folder, reason);
  return { file, reason, at: new Date(now).toISOString(), bytes };
}

export function listBackups(ledgerFile: string, db?: Database, folder = backupFolder(ledgerFile, db)): BackupFile[] {
  if (!existsSync(folder)) return [];
  const prefix = basename(ledgerFile).replace(/\.sqlite$/, '');
  return readdirSync(folder).flatMap((name) => {
    const m = NAME.exec(name);
    if (!m || m[1] !== prefix) return [];
    const t = m[2]!;
    const at = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}.${t.slice(15, 18)}Z`;
    return [{ file: join(folder, name), reason: m[3] as BackupReason, at, bytes: statSync(join(folder, name)).size }];
  }).sort((a, b) => b.at.localeCompare(a.at));
}

function rotate(ledgerFile: string, folder: string, reason: BackupReason): void {
  const mine = listBackups(ledgerFile, undefined, folder).filter((b) => b.reason === reason);
  for (const old of mine.slice(KEEP[reason])) rmSync(old.file, { force: true });
}

/** Takes the daily backup if the newest one is more than a day old (called at start and hourly). */
export async function dailyBackupIfDue(ledger: Ledger, now = Date.now()): Promise<BackupFile | null> {
  if (ledger.file === ':memory:') return null;
  const last = listBackups(ledger.file, ledger.db).find((b) => b.reason === 'daily');
  if (last && now - Date.parse(last.at) < 24 * 3600_000) return null;
  return takeBackup(ledger, 'daily', now);
}
