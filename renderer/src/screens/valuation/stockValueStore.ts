import { create } from 'zustand';
import { call, onLedgerWrite } from '../../api';

/**
 * FIFO stock value per SKU for the stock list's value column. Rows ask for their SKU as they scroll
 * into view; the asks of one render are sent together as one `valuation.report { skus }` call.
 * Values older than a few seconds are asked again, so a list reloaded after a sale shows the new value.
 */
const FRESH_MS = 5_000;

interface Entry { value: number; qty: number; at: number }
interface StockValueState { values: Record<string, Entry | undefined> }

export const useStockValues = create<StockValueState>(() => ({ values: {} }));

let wanted = new Set<string>();
let scheduled = false;
const inFlight = new Set<string>();

async function flush(): Promise<void> {
  scheduled = false;
  const skus = [...wanted].filter((s) => !inFlight.has(s)).slice(0, 1000);
  wanted = new Set();
  if (skus.length === 0) return;
  skus.forEach((s) => inFlight.add(s));
  try {
    const report = await call('valuation.report', { skus });
    const now = Date.now();
    const next: Record<string, Entry> = {};
    for (const sku of skus) next[sku] = { value: 0, qty: 0, at: now };
    for (const r of report.rows) next[r.sku] = { value: r.value, qty: r.qty, at: now };
    useStockValues.setState((s) => ({ values: { ...s.values, ...next } }));
  } catch {
    // The value column is secondary: the list keeps working; the next scroll asks again.
  } finally {
    skus.forEach((s) => inFlight.delete(s));
  }
}

/** Asks for a SKU's value if it is missing or stale. */
export function requestStockValue(sku: string): void {
  const e = useStockValues.getState().values[sku];
  if (e && Date.now() - e.at < FRESH_MS) return;
  wanted.add(sku);
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => void flush(), 30);
  }
}

// A write (a sale, a hand-over, a receipt) changes values at once: forget them all, so every cell on
// screen asks again instead of showing the value from before the write for up to FRESH_MS.
onLedgerWrite(() => useStockValues.setState({ values: {} }));
