import type { CommandInput, CommandName, CommandResult } from '../../shared/contract';
import type { CommandOutcome } from '../../shared/errors';
import type { CommandContext } from '../commands/context';
import { dispatchCommand, runCommand } from '../commands/dispatch';
import { closeLedger, openLedger, type Ledger } from '../ledger/open';
import type { ProgressEvent, ProgressListener } from '../ledger/progress';
import { useSecretStore } from '../safety/deviceSeal';
import type { SecretStore } from '../safety/secretStore';
import { CLI_CALLER, SCRIPT_CALLER, uiCaller, type Caller, type UiSession } from '../roles/caller';
import { logCommand } from '../roles/guard';

export interface HostOptions {
  now?: () => number;
  onProgress?: ProgressListener;
  /** `cli` for the stock-ledger command line (its work is marked as CLI); in-process scripts by default. */
  operator?: 'cli' | 'script';
  /** Where unexpected failures go (the worker's log); see CommandContext.reportInternal. */
  reportInternal?: (err: unknown, command: string) => string;
  environment?: CommandContext['environment'];
  /** Where the device key and token live (default `<file>.secrets`, plain, mode 0600); the desktop's is keychain-sealed. */
  secretStore?: SecretStore;
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
  /** The clerk signed in through the app transport this host serves (one window or browser per host). */
  readonly uiSession: UiSession = { userId: null };
  private readonly operator: Caller;

  constructor(file: string, options: HostOptions = {}) {
    this.ledger = openLedger(file, { onProgress: options.onProgress });
    if (options.secretStore) useSecretStore(this.ledger.db, options.secretStore);
    this.operator = options.operator === 'cli' ? CLI_CALLER : SCRIPT_CALLER;
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

  /** As the shop's operator (CLI, scripts, tests): no session, manager-only commands allowed (the CLI's logged as CLI). */
  call(name: string, payload?: unknown): Promise<CommandOutcome<unknown>> {
    return dispatchCommand(this.ctx, name, payload, this.operator);
  }

  /** As the app's window (IPC, local HTTP API, the e2e page): roles enforced against the signed-in clerk. */
  callFromApp(name: string, payload?: unknown): Promise<CommandOutcome<unknown>> {
    return dispatchCommand(this.ctx, name, payload, this.appCaller);
  }

  get appCaller(): Caller {
    return uiCaller(this.uiSession);
  }

  /** Typed call that throws the command's error; convenient in tests and scripts. */
  run<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandResult<N>> {
    return runCommand(this.ctx, name, payload, this.operator);
  }

  /** Typed call as the app's window (roles enforced). */
  runFromApp<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandResult<N>> {
    return runCommand(this.ctx, name, payload, this.appCaller);
  }

  /**
   * Records in the command log what `call(name, payload)` would have, for work the operator's tools
   * hand straight to the ledger (the CSV bulk import), inside the caller's transaction.
   */
  logAsOperator(name: CommandName, payload: Record<string, unknown>, result: unknown, now: number): void {
    logCommand(this.ledger, this.operator, name, { approvedBy: null, actor: null }, payload, result, now);
  }

  close(): void {
    closeLedger(this.ledger);
  }
}
