import { useEffect } from 'react';
import { fmtMoney } from '../../ui/format';
import { requestStockValue, useStockValues } from './stockValueStore';

/** The stock list's "Stock value" cell: FIFO value of what is on hand (blank while loading). */
export function StockValueCell({ sku }: { sku: string }) {
  const entry = useStockValues((s) => s.values[sku]);
  const missing = entry === undefined;
  useEffect(() => { if (missing) requestStockValue(sku); }, [sku, missing]);
  return (
    <div className="n" data-col="value" title={entry && entry.qty < 0 ? 'Stock below zero is valued at 0 until a receipt prices it' : undefined}>
      {!entry ? '' : entry.qty > 0 && entry.value === 0 ? <span className="muted">no cost</span> : entry.qty === 0 && entry.value === 0 ? <span className="muted">—</span> : fmtMoney(entry.value)}
    </div>
  );
}
