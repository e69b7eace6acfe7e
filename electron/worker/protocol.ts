import type { CommandOutcome } from '../../shared/errors';
import type { ProgressEvent } from '../ledger/progress';

/** Messages between the Electron main thread (or any WorkerHost) and the ledger worker. */
export type ToWorker =
  | { type: 'call'; id: number; name: string; payload: unknown }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: CommandOutcome<unknown> }
  | { type: 'progress'; event: ProgressEvent }
  /** The outcome of `restoreFrom` (sent before `ready`): the backup is in place, or why not (the file is unchanged). */
  | { type: 'restored'; outcome: CommandOutcome<unknown> }
  /** Opening the ledger failed; `code` is SQLite's or the file system's (classified by the host). */
  | { type: 'fatal'; message: string; code?: string; stack?: string };

export interface WorkerData {
  file: string;
  /** Where the worker writes its log files (none when absent: tests, CLI). */
  logDir?: string;
  /** The app's version, for the About screen and the support bundle. */
  appVersion?: string;
  /** Base64 key that seals `<file>.secrets` (main unwrapped it with the OS keychain); absent: the plain 0600 file. */
  secretsKey?: string;
  /** Put this backup in place of the file before opening it (a restore between two workers). */
  restoreFrom?: string;
}
