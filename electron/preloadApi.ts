import type { StockLedgerApi } from '../shared/contract';
import { COMMAND_NAMES } from './commandNames';

/** The IPC channel every command travels on; main checks the name and the sender. */
export const CALL_CHANNEL = 'stock-ledger:call';
/** Printing through Electron (electron/printIpc.ts): the mode ('dialog' | 'pdf') and the title. */
export const PRINT_CHANNEL = 'stock-ledger:print';

/**
 * `window.stockLedger`: one function per contract command, plus `print` (Electron's printer dialog or
 * save as PDF), and nothing else: no ipcRenderer, no Node. Built from the contract's names so the
 * renderer can only ask for what the contract defines.
 */
export function buildStockLedgerApi(invoke: (channel: string, name: string, payload: unknown) => Promise<unknown>): StockLedgerApi {
  const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const name of COMMAND_NAMES) api[name] = (payload?: unknown) => invoke(CALL_CHANNEL, name, payload);
  api.print = (request?: unknown) => {
    const r = (request ?? {}) as { mode?: unknown; title?: unknown };
    return invoke(PRINT_CHANNEL, String(r.mode), { title: r.title });
  };
  return Object.freeze(api) as StockLedgerApi;
}
