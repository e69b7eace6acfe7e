import { announceLedgerChange } from '../api';
import { followLedgerEvents, httpStockLedger } from './httpTransport';

/**
 * One renderer, two transports: inside Electron the preload has installed `window.stockLedger` (IPC);
 * served by `stock-ledger app` over http there is no preload, and the HTTP client takes its place.
 */
export function installTransport(): void {
  const w = globalThis as { stockLedger?: unknown; location?: Location };
  if (w.stockLedger || !/^https?:$/.test(w.location?.protocol ?? '')) return;
  Object.defineProperty(globalThis, 'stockLedger', { value: httpStockLedger(), writable: false, configurable: false });
  followLedgerEvents(announceLedgerChange);
}
