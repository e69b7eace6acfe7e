import { mkdirSync, accessSync, constants } from 'node:fs';
import { CommandError } from '../../shared/errors';
import { backupFolder, listBackups, setBackupFolder, takeBackup } from '../safety/backup';
import type { Handlers } from './handler';

export const backupHandlers: Handlers<'backups.create' | 'backups.list' | 'backups.setFolder'> = {
  'backups.create': (_p, ctx) => takeBackup(ctx.ledger, 'manual', ctx.now(), ctx.progress),
  'backups.list': (_p, ctx) => ({ folder: backupFolder(ctx.ledger.file, ctx.ledger.db), backups: listBackups(ctx.ledger.file, ctx.ledger.db) }),
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
};
