import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { CommandError } from '../../shared/errors';
import { closeLedger, openLedger } from '../ledger/open';
import { noProgress, type ProgressListener } from '../ledger/progress';
import { verifyChains } from '../ledger/verify';
import { RESTORE_STEPS, type RestoreStep } from '../../shared/safety/restoreProgress';
import { backupNow } from './backup';
import { useSecretStore } from './deviceSeal';
import { FileSecretStore, secretsPathFor, type SecretStore } from './secretStore';

/** Refuses a file that is not an intact SQLite file with a ledger in it (cheap: no chain walk). */
export function inspectBackup(backupFile: string): void {
  if (!existsSync(backupFile)) throw new CommandError('NOT_FOUND', `There is no file ${backupFile}. Check the path.`);
  let check: Database.Database;
  try {
    check = new Database(backupFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CommandError('VALIDATION', `${backupFile} is not a ledger backup (${(err as Error).message}). Nothing was changed.`);
  }
  try {
    const ok = check.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new CommandError('VALIDATION', `${backupFile} is damaged (${String(ok)}). Nothing was changed; choose another backup.`);
    if (!check.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'movements'`).get()) throw new CommandError('VALIDATION', `${backupFile} has no ledger in it. Nothing was changed.`);
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError('VALIDATION', `${backupFile} is not a ledger backup (${(err as Error).message}). Nothing was changed.`);
  } finally {
    check.close();
  }
}

/**
 * Puts a backup in place of the ledger file (nothing may hold it open: the CLI with the app closed, or
 * the app's host between two ledger workers). The backup is checked first (a SQLite file, intact, with a
 * ledger in it, whose chains verify with this device's key); the current file is kept as a `pre-restore`
 * backup. Nothing is rewritten: the restored file simply goes back in time, so a PC that syncs finds its
 * chain behind HQ's on the next round and stops pushing until it is recovered (divergence detection,
 * sync.recover) — stale rows never reach HQ as if they were new.
 *
 * A big ledger takes a while: `onProgress` hears each step, as the Backups screen shows it. The
 * `restore` task counts its steps (RESTORE_STEPS, shared/safety/restoreProgress.ts); an older backup's
 * upgrade reports `upgrade` and `compact` in between, and the chain walk `verify`.
 */
export function restoreLedger(ledgerFile: string, backupFile: string, now = Date.now(), secrets?: SecretStore | null,
  onProgress: ProgressListener = noProgress): { restored: string; previous: string | null; movements: number } {
  const tell = (done: number) => onProgress({ task: 'restore', done, total: RESTORE_STEPS.length });
  const step = (name: RestoreStep) => tell(RESTORE_STEPS.indexOf(name));
  step('copy');
  inspectBackup(backupFile);
  // The copy is opened (and so migrated, if it is older) and verified before it replaces anything.
  const staged = `${ledgerFile}.restoring`;
  rmSync(staged, { force: true });
  copyFileSync(backupFile, staged);
  step('open');
  const ledger = openLedger(staged, { onProgress });
  let movements = 0;
  try {
    // The staged copy is this ledger's file: its sealed rows verify with this device's key, not `<staged>.secrets`.
    useSecretStore(ledger.db, secrets === undefined ? new FileSecretStore(secretsPathFor(ledgerFile)) : secrets);
    step('verify');
    const v = verifyChains(ledger, onProgress);
    if (!v.ok) throw new CommandError('CONFLICT', `${backupFile} fails verification (${v.firstBad?.problem}). Nothing was changed; choose another backup.`, { firstBad: v.firstBad });
    movements = v.movements;
    ledger.db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    closeLedger(ledger);
    rmSync(staged, { force: true });
    if (err instanceof CommandError) throw err;
    throw new CommandError('CONFLICT', `${backupFile} cannot be restored (${(err as Error).message}). Nothing was changed.`);
  }
  closeLedger(ledger);
  step('keep');
  let previous: string | null = null;
  if (existsSync(ledgerFile)) {
    const current = new Database(ledgerFile);
    try { previous = backupNow(current, ledgerFile, 'pre-restore', now); } finally { current.close(); }
  }
  for (const suffix of ['-wal', '-shm']) rmSync(ledgerFile + suffix, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(staged + suffix, { force: true });
  renameSync(staged, ledgerFile);
  tell(RESTORE_STEPS.length);
  return { restored: backupFile, previous, movements };
}
