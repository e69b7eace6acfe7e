import type { Ledger } from '../ledger/open';
import type { ProgressEvent, ProgressListener } from '../ledger/progress';

/** What every handler gets besides its payload. Transports (IPC, CLI, tests) build one per ledger. */
export interface CommandContext {
  ledger: Ledger;
  /** The clock, injectable so tests can pin time and sync can detect skew. */
  now(): number;
  progress: ProgressListener;
  /** The latest event of each long task this host has run (answers `app.progress`). */
  progressSnapshot(): ProgressEvent[];
  /** Records an unexpected failure (log with stack) and returns a short reference the clerk can quote. */
  reportInternal?(err: unknown, command: string): string;
  /** What the host knows beyond the ledger (the app's version, its log folder), for the About screen. */
  environment?: { appVersion?: string; logFolder?: string };
}
