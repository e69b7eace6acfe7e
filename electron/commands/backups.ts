import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommandError } from '../../shared/errors';
import type { Ledger } from '../ledger/open';
import { backupFolder, listBackups, setBackupFolder, takeBackup } from '../safety/backup';
import { inspectBackup } from '../safety/restore';
import { getMeta, KEYS } from '../sync/state';
import type { Handlers } from './handler';

const syncs = (ledger: Ledger) => getMeta(ledger.db, KEYS.serverUrl) !== null;
const quote = (s: string) => (/^[\w./:\\-]+$/.test(s) ? s : `"${s.replace(/"/g, '\\"')}"`);
/** What restores a backup with the app closed (the screen shows it; support reads it out on the phone). */
export const restoreCommand = (ledger: Ledger, file = 'BACKUP-FILE') => `stock-ledger --db ${quote(resolve(ledger.file))} restore ${quote(file)}`;

/** Only a file this ledger's backup listing shows may be restored from the app (not any path a page sends). */
function listed(ledger: Ledger, file: string) {
  const found = listBackups(ledger.file, ledger.db).find((b) => resolve(b.file) === resolve(file));
  if (!found) throw new CommandError('NOT_FOUND', `${file} is not one of this ledger's backups in ${backupFolder(ledger.file, ledger.db)}. Choose one from the list, or restore another file with the app closed: ${restoreCommand(ledger, file)}`);
  return found;
}

export const backupHandlers: Handlers<'backups.create' | 'backups.list' | 'backups.setFolder' | 'backups.check' | 'backups.restore'> = {
  'backups.create': (_p, ctx) => takeBackup(ctx.ledger, 'manual', ctx.now(), ctx.progress),
  'backups.list': (_p, ctx) => ({
    folder: backupFolder(ctx.ledger.file, ctx.ledger.db), backups: listBackups(ctx.ledger.file, ctx.ledger.db),
    syncs: syncs(ctx.ledger), cliCommand: restoreCommand(ctx.ledger),
  }),
  'backups.setFolder': (p, ctx) => {
    if (p.folder !== null) {
      try {
        mkdirSync(p.folder, { recursive: true });
        accessSync(p.folder, constants.W_OK);
      } catch (err) {
        throw new CommandError('VALIDATION', `Backups cannot be written to ${p.folder} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Plug in the disk or choose another folder.`, { folder: p.folder });
      }
    }
    setBackupFolder(ctx.ledger.db, p.folder);
    return { folder: backupFolder(ctx.ledger.file, ctx.ledger.db) };
  },
  'backups.check': (p, ctx) => {
    const entry = listed(ctx.ledger, p.file);
    inspectBackup(entry.file);
    return { ...entry, syncs: syncs(ctx.ledger), cliCommand: restoreCommand(ctx.ledger, entry.file) };
  },
  // The app's host (WorkerHost) runs a restore between two workers; a host that holds the file itself cannot.
  'backups.restore': (p, ctx) => {
    const entry = listed(ctx.ledger, p.file);
    throw new CommandError('CONFLICT', `The ledger is open here, so it cannot be replaced. Close the app and run: ${restoreCommand(ctx.ledger, entry.file)}`);
  },
};
