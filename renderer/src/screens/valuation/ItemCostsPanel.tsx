import { useEffect, useState } from 'react';
import type { CostsItemResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useTimeZone } from '../../app/branch';
import { fmtDay, fmtMoney, fmtQty } from '../../ui/format';
import { useItem } from '../item/itemStore';
import { saveCsv } from './saveCsv';
import './valuation.css';

const OUTFLOWS_SHOWN = 8;

/**
 * The item detail's cost panel: FIFO value, the layers still in stock (oldest first, the next to go
 * out), and what each recent outflow cost, or that it is still pending (sold before the receipt).
 */
export function ItemCostsPanel({ sku }: { sku: string }) {
  const timeZone = useTimeZone();
  // The trail reloads after a document or a reversal; the costs follow it.
  const trailVersion = useItem((s) => `${s.rows.length}:${s.rows.at(-1)?.id ?? ''}`);
  const [costs, setCosts] = useState<CostsItemResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('costs.item', { sku, limit: OUTFLOWS_SHOWN })
      .then((r) => { if (live) { setCosts(r); setError(null); } })
      .catch((e) => { if (live) setError(errorMessage(e)); });
    return () => { live = false; };
  }, [sku, trailVersion]);

  const exportCsv = async () => {
    try { const r = await call('costs.itemCsv', { sku, limit: 1000 }); saveCsv(r.filename, r.csv); } catch (e) { setError(errorMessage(e)); }
  };

  if (error) return <div className="panel error-box">{error}</div>;
  if (!costs || costs.sku !== sku) return <div className="panel muted">Loading costs…</div>;
  const open = costs.negativePeriods.find((p) => p.to === null);
  return (
    <div className="panel costs-panel" data-testid="item-costs">
      <h2>Cost (FIFO)</h2>
      <div className="costs-summary">
        <div><span className="muted">Stock value</span> <b data-testid="item-stock-value">{fmtMoney(costs.value)}</b></div>
        <div><span className="muted">Avg unit cost</span> <b>{costs.avgUnitCost === null ? '—' : fmtMoney(costs.avgUnitCost)}</b></div>
      </div>
      {costs.pendingQty > 0 && (
        <div className="costs-warn" data-testid="item-costs-pending">
          {fmtQty(costs.pendingQty)} sold {open ? `since ${fmtDay(open.from, timeZone)} ` : ''}without a cost yet: stock is below zero. The next receipt prices them.
        </div>
      )}
      <table className="grid costs-table costs-layers" data-testid="item-layers">
        <thead><tr><th>Received</th><th className="n">Left</th><th className="n">Unit</th><th className="n">Value</th></tr></thead>
        <tbody>
          {costs.layers.length === 0 && <tr><td colSpan={4} className="muted">No stock in layers.</td></tr>}
          {costs.layers.map((l) => (
            <tr key={l.movementSeq} title={`${l.kindLabel} ${l.docId}${l.qtyIn !== null ? `: ${l.qtyIn} in` : ''}${l.basis && l.basis !== 'row' ? ` (cost: ${l.basis})` : ''}`}>
              <td>{fmtDay(l.occurredAt, timeZone)}</td>
              <td className="n">{fmtQty(l.remaining)}</td>
              <td className="n">{l.unitCost === null ? '' : fmtMoney(l.unitCost)}</td>
              <td className="n">{fmtMoney(l.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="grid costs-table costs-outflows" data-testid="item-outflow-costs">
        <thead><tr><th>Went out</th><th className="n">Qty</th><th className="n">Cost</th></tr></thead>
        <tbody>
          {costs.outflows.length === 0 && <tr><td colSpan={3} className="muted">Nothing went out yet.</td></tr>}
          {/* A reversal gave an outflow's units back: it is not something that went out, so it is netted
              into the line it reverses (shown as reversed, cost struck) instead of listed as its own row. */}
          {costs.outflows.filter((o) => o.state !== 'reversal').map((o) => (
            <tr key={o.movementSeq} data-testid={`outflow-cost-${o.movementId}`} className={o.reversedBy ? 'reversed' : ''}
              title={o.parts.map((p) => `${p.qty} × ${p.unitCost === null ? '?' : fmtMoney(p.unitCost)} from ${fmtDay(p.layerOccurredAt, timeZone)}${p.retroactive ? ' (priced later)' : ''}`).join('\n')}>
              <td>{fmtDay(o.occurredAt, timeZone)} <span className="muted">{o.kindLabel}{o.reversedBy ? ' · reversed' : ''}</span></td>
              <td className="n">{fmtQty(o.qty)}</td>
              <td className="n">
                {o.reversedBy ? <s className="muted" title="Reversed: this cost was given back">{fmtMoney(o.cost)}</s>
                  : o.state === 'pending' ? <span className="badge late">pending</span>
                  : <>{fmtMoney(o.cost)}{o.state === 'partly-pending' && <span className="badge late" title={`${o.pendingQty} still without cost`}> +{o.pendingQty}?</span>}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="costs-foot">
        <span className="muted">{costs.outflowCount > costs.outflows.length ? `Latest ${costs.outflows.length} of ${costs.outflowCount}` : ''}</span>
        <button type="button" className="btn" data-testid="item-costs-export" onClick={() => void exportCsv()}>Export (CSV)</button>
      </div>
    </div>
  );
}
