/**
 * What only a manager may do, in words a clerk reads when asked for a manager's approval. The command
 * layer enforces it (electron/roles/guard.ts); screens use the same list to hide controls from clerks.
 * `documents.reverse` is listed for the whole-document reversal command (back office).
 */
export const MANAGER_ONLY: Readonly<Record<string, string>> = {
  'settings.set': 'change the branch settings',
  'users.upsert': 'add or change clerks',
  'users.setActive': 'enable or disable clerks',
  'sync.configure': 'connect this PC to HQ',
  'stocktake.commit': 'commit a stock take',
  'ledger.rebuild': 'rebuild the caches',
  'movements.reverse': 'reverse a movement this old',
  'documents.reverse': 'reverse a document this old',
  'setup.complete': 'set up the branch',
  'backups.setFolder': 'choose where backups go',
  'backups.check': 'check a backup before restoring it',
  'backups.restore': 'restore a backup',
};

/** Reversals of movements older than this (hours, by recorded time) need a manager; a setting. */
export const DEFAULT_CLERK_REVERSAL_HOURS = 24;

/** Commands a clerk may run alone up to an age limit; beyond it a manager must approve. */
export const AGE_LIMITED = new Set(['movements.reverse', 'documents.reverse']);

export function isManagerOnly(command: string): boolean {
  return Object.prototype.hasOwnProperty.call(MANAGER_ONLY, command) && !AGE_LIMITED.has(command);
}
