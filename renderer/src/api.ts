import type { CommandInput, CommandName, CommandResult, StockLedgerApi } from '../../shared/contract';
import type { CommandErrorData, CommandOutcome, ErrorCode } from '../../shared/errors';
import type { ManagerApproval } from '../../shared/contract/approval';

declare global {
  interface Window {
    /** Installed by the preload (Electron), or the HTTP client (transport/, served by `stock-ledger app`): one function per command. */
    stockLedger: StockLedgerApi;
  }
}

/** A refused command, as the ledger explained it. `message` is a sentence meant for the clerk. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(data: CommandErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.details = data.details;
  }
}

function bridge(): StockLedgerApi {
  const api = (globalThis as { stockLedger?: StockLedgerApi }).stockLedger;
  if (!api) throw new ApiError({ code: 'INTERNAL', message: 'The ledger is not connected to this window. Restart the app.' });
  return api;
}

/** Commands after which the status bar's facts (movement count, rows to send, sync state) change. */
const CHANGES_STATUS = new Set<CommandName>([
  'documents.record', 'documents.import', 'movements.reverse', 'reservations.reserve', 'reservations.release',
  'reservations.fulfil', 'reservations.expire', 'stocktake.commit', 'transfers.send', 'transfers.receive',
  'sync.configure', 'sync.now', 'settings.set', 'setup.complete', 'backups.restore',
]);
const writeListeners = new Set<() => void>();

/** Another client (a till over the local API, another tab) changed the ledger: refresh what the status bar shows. */
export function announceLedgerChange(command: string): void {
  if (CHANGES_STATUS.has(command as CommandName)) for (const listener of writeListeners) listener();
}

/** Called after every successful command that changes what the status bar shows. */
export function onLedgerWrite(listener: () => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

const restartListeners = new Set<() => void>();

/** Called when a command was cut off because the ledger worker died and was restarted (LEDGER_RESTARTED). */
export function onLedgerRestarted(listener: () => void): () => void {
  restartListeners.add(listener);
  return () => restartListeners.delete(listener);
}


type ApprovalProvider = (message: string) => Promise<ManagerApproval | null>;
let approvalProvider: ApprovalProvider | null = null;

/** The manager-approval dialog registers here (app/approval.tsx). */
export function setApprovalProvider(provider: ApprovalProvider): void {
  approvalProvider = provider;
}

/**
 * Sends one command and answers its outcome, never throwing: for screens that show refusals in place.
 * A command only a manager may run is asked again with a manager's approval (name + PIN) when the
 * ledger wants one; the refusal of a wrong approval is what the screen then shows.
 */
export async function attempt<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandOutcome<CommandResult<N>>> {
  try {
    const fn = bridge()[name] as (p?: unknown) => Promise<CommandOutcome<CommandResult<N>>>;
    let outcome = await fn(payload);
    if (!outcome.ok && outcome.error.code === 'APPROVAL_REQUIRED' && approvalProvider) {
      const approval = await approvalProvider(outcome.error.message);
      if (approval) outcome = await fn({ ...(payload as object ?? {}), approval });
    }
    if (outcome.ok && CHANGES_STATUS.has(name)) for (const listener of writeListeners) listener();
    if (!outcome.ok && outcome.error.code === 'LEDGER_RESTARTED') for (const listener of restartListeners) listener();
    return outcome;
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: { code: err.code, message: err.message } };
    return { ok: false, error: { code: 'INTERNAL', message: `The ledger did not answer: ${(err as Error).message}` } };
  }
}

/** Sends one command and answers its result, or throws an ApiError carrying the ledger's message. */
export async function call<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandResult<N>> {
  const outcome = await attempt(name, payload);
  if (!outcome.ok) throw new ApiError(outcome.error);
  return outcome.result;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
