import { z } from 'zod';
import { empty } from './common';

/** Backups of the branch ledger (a manager's screen, the CLI). Restoring is done with the app closed: `stock-ledger restore FILE`. */
export const backupCommands = {
  'backups.create': empty,
  'backups.list': empty,
  /** Where automatic and manual backups go (a second disk, a USB stick); null: next to the ledger. */
  'backups.setFolder': z.object({ folder: z.string().trim().min(1).max(1000).nullable() }),
};

export interface BackupEntry { file: string; reason: 'daily' | 'manual' | 'pre-migration' | 'pre-restore'; at: string; bytes: number }

export interface BackupResults {
  'backups.create': BackupEntry;
  'backups.list': { folder: string; backups: BackupEntry[] };
  'backups.setFolder': { folder: string };
}
