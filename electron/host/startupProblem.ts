/**
 * Why the ledger could not be opened, in the clerk's words: what happened to which file and what to
 * do about it. Built from the error the worker met while opening (SQLite or file-system codes); shown
 * on the start-up screen instead of a window that does nothing.
 */
export type StartupProblemKind = 'newer-version' | 'read-only' | 'locked' | 'disk-full' | 'damaged' | 'crashing' | 'unknown';

export interface StartupProblem {
  kind: StartupProblemKind;
  file: string;
  title: string;
  whatToDo: string;
  /** The underlying error, for support (also in the log). */
  detail: string;
}

export interface StartupErrorLike {
  message: string;
  code?: string;
}

/** Thrown by the worker when the file's schema has versions this app does not know. */
export const NEWER_VERSION_CODE = 'LEDGER_NEWER_VERSION';

const kinds: Array<[StartupProblemKind, RegExp]> = [
  ['newer-version', new RegExp(`^${NEWER_VERSION_CODE}$`)],
  ['disk-full', /^(SQLITE_FULL|ENOSPC)$/],
  ['read-only', /^(SQLITE_READONLY.*|SQLITE_CANTOPEN.*|EACCES|EPERM|EROFS|SQLITE_PERM)$/],
  ['locked', /^(SQLITE_BUSY.*|SQLITE_LOCKED.*|EBUSY)$/],
  ['damaged', /^(SQLITE_CORRUPT.*|SQLITE_NOTADB)$/],
];

const texts: Record<StartupProblemKind, (file: string) => Pick<StartupProblem, 'title' | 'whatToDo'>> = {
  'newer-version': () => ({ title: 'This ledger was written by a newer version of Stock Ledger.',
    whatToDo: 'Install the latest version of Stock Ledger on this PC (ask head office for it). Do not delete or replace the file: it holds your stock records.' }),
  'read-only': (file) => ({ title: 'Stock Ledger may not write to its data folder.',
    whatToDo: `Ask whoever looks after this PC to give your Windows/Linux account permission to change the folder ${folderOf(file)} (and the files in it), then start Stock Ledger again.` }),
  locked: () => ({ title: 'The ledger file is in use by another program.',
    whatToDo: 'Close other copies of Stock Ledger and any program that has the file open (a backup tool, a database viewer, another user signed in on this PC), then start Stock Ledger again. If it persists, restart the PC.' }),
  'disk-full': () => ({ title: 'The disk holding the ledger is full.',
    whatToDo: 'Free some space on that disk (empty the recycle bin, remove old downloads), then start Stock Ledger again. Nothing recorded so far is lost.' }),
  damaged: () => ({ title: 'The ledger file is damaged or is not a Stock Ledger file.',
    whatToDo: 'Do not delete it. Contact support with the support bundle; head office holds a copy of everything this PC has synced and can help you restore it.' }),
  crashing: () => ({ title: 'The ledger keeps stopping unexpectedly.',
    whatToDo: 'Restart the PC. If it happens again, contact support and send them the log folder shown below.' }),
  unknown: () => ({ title: 'Stock Ledger could not open its ledger.',
    whatToDo: 'Restart the PC and start Stock Ledger again. If it happens again, contact support and send them the log folder shown below.' }),
};

function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut > 0 ? file.slice(0, cut) : file;
}

export function classifyStartupError(err: StartupErrorLike, file: string, forced?: StartupProblemKind): StartupProblem {
  const code = err.code ?? '';
  const kind = forced ?? kinds.find(([, re]) => re.test(code))?.[0] ?? 'unknown';
  return { kind, file, ...texts[kind](file), detail: code ? `${code}: ${err.message}` : err.message };
}

/** The error `WorkerHost.ready` rejects with when the ledger cannot be opened. */
export class WorkerStartupError extends Error {
  constructor(readonly problem: StartupProblem) {
    super(`${problem.title} ${problem.detail}`);
    this.name = 'WorkerStartupError';
  }
}
