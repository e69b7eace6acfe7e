import { z } from 'zod';
import { empty } from './common';

/**
 * Backups of the branch ledger (a manager's screen, the CLI). `backups.restore` replaces the open file:
 * the app's host (desktop, `stock-ledger app`) closes the ledger worker, puts the backup in place and
 * opens it again; a host that cannot (the CLI's own process) refuses and names `stock-ledger restore FILE`.
 */
export const backupCommands = {
  'backups.create': empty,
  'backups.list': empty,
  /** Where automatic and manual backups go (a second disk, a USB stick); null: next to the ledger. */
  'backups.setFolder': z.object({ folder: z.string().trim().min(1).max(1000).nullable() }),
  /** Checks that a listed backup can be restored (intact, a ledger); the host runs it before a restore. */
  'backups.check': z.object({ file: z.string().min(1).max(1000) }),
  'backups.restore': z.object({ file: z.string().min(1).max(1000) }),
};

export type BackupReason = 'daily' | 'manual' | 'pre-migration' | 'pre-restore';
export interface BackupEntry { file: string; reason: BackupReason; at: string; bytes: number }

export interface BackupCheck extends BackupEntry {
  /** This PC is connected to HQ: after a restore it stops syncing until a manager recovers it (Sync screen). */
  syncs: boolean;
  /** The command that restores it with the app closed. */
  cliCommand: string;
}

export interface BackupRestored {
  restored: string;
  /** The file that was in use, kept as a `pre-restore` backup. */
  previous: string | null;
  movements: number;
  syncs: boolean;
}

export interface BackupResults {
  'backups.create': BackupEntry;
  'backups.list': { folder: string; backups: BackupEntry[]; syncs: boolean; cliCommand: string };
  'backups.setFolder': { folder: string };
  'backups.check': BackupCheck;
  'backups.restore': BackupRestored;
}
