import type { CommandInput, CommandName, CommandResult } from '../../shared/contract';
import type { CommandOutcome } from '../../shared/errors';
import type { CommandContext } from '../commands/context';
import { dispatchCommand, runCommand } from '../commands/dispatch';
import { closeLedger, openLedger, type Ledger } from '../ledger/open';
import type { ProgressEvent, ProgressListener } from '../ledger/progress';

export interface HostOptions {
  now?: () => number;
  onProgress?: ProgressListener;
  /** Where unexpected failures go (the worker's log); see CommandContext.reportInternal. */
  reportInternal?: (err: unknown, command: string) => string;
  environment?: CommandContext['environment'];
}

/**
 * The command layer bound to one ledger file in this thread: what the CLI, the worker, the tests and
 * the end-to-end page binding all use. (The Electron main process talks to one of these inside a
 * worker thread, so long work never freezes the window.)
 */
export class LedgerHost {
  readonly ledger: Ledger;
  readonly ctx: CommandContext;
  /** The latest progress of each long task, for a UI that polls. */
  readonly progress = new Map<string, ProgressEvent>();

  constructor(file: string, options: HostOptions = {}) {
    this.ledger = openLedger(file);
    this.ctx = {
      ledger: this.ledger,
      now: options.now ?? Date.now,
      progress: (p) => {
        this.progress.set(p.task, p);
        options.onProgress?.(p);
      },
      progressSnapshot: () => [...this.progress.values()],
      reportInternal: options.reportInternal,
      environment: options.environment,
    };
  }

  call(name: string, payload?: unknown): Promise<CommandOutcome<unknown>> {
    return dispatchCommand(this.ctx, name, payload);
  }

  /** Typed call that throws the command's error; convenient in tests and scripts. */
  run<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandResult<N>> {
    return runCommand(this.ctx, name, payload);
  }

  close(): void {
    closeLedger(this.ledger);
  }
}
