import { COMMAND_NAMES, type StockLedgerApi } from '../../../shared/contract';
import type { CommandOutcome } from '../../../shared/errors';

/**
 * `window.stockLedger` over the local HTTP API of `stock-ledger app`: the same object the preload
 * builds (one function per contract command, answering `{ ok, result } | { ok: false, error }`),
 * carried by `POST /api/commands/NAME` instead of IPC. The session cookie travels by itself; the page
 * never sees the token.
 */
export function httpStockLedger(base = ''): StockLedgerApi {
  const send = async (name: string, payload: unknown): Promise<CommandOutcome<unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${base}/api/commands/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch {
      return { ok: false, error: { code: 'OFFLINE', message: 'The Stock Ledger server on this PC is not answering. Start `stock-ledger app` again and reload; nothing recorded is lost.' } };
    }
    try {
      const body = (await res.json()) as CommandOutcome<unknown>;
      if (typeof body === 'object' && body !== null && typeof body.ok === 'boolean') return body;
    } catch { /* not JSON: answered below */ }
    return { ok: false, error: { code: 'INTERNAL', message: `The local server answered ${res.status} without a result. Reload the page.` } };
  };
  const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const name of COMMAND_NAMES) api[name] = (payload?: unknown) => send(name, payload);
  return Object.freeze(api) as StockLedgerApi;
}

/**
 * Listens to the server's event stream: `changed` after any client (this window, another tab, a till
 * posting over the API) changed the ledger.
 */
export function followLedgerEvents(onChanged: (command: string) => void, base = ''): () => void {
  const source = new EventSource(`${base}/api/events`, { withCredentials: true });
  source.addEventListener('changed', (e) => {
    try {
      onChanged(String((JSON.parse((e as MessageEvent<string>).data) as { command?: unknown }).command));
    } catch { /* a frame we do not understand is ignored */ }
  });
  return () => source.close();
}
