import { useEffect, useState } from 'react';
import type { CogsResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { fmtMoney, fmtQty } from '../../ui/format';
import { saveCsv } from './saveCsv';

const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

/** Cost of goods that went out in a period (business time), split by kind; pending units apart. */
export function CogsPanel({ category }: { category?: string }) {
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(today);
  const [cogs, setCogs] = useState<CogsResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    call('costs.cogs', { from, to, category })
      .then((r) => { if (live) { setCogs(r); setError(null); } })
      .catch((e) => { if (live) setError(errorMessage(e)); });
    return () => { live = false; };
  }, [from, to, category]);

  const exportCsv = async () => {
    try { const r = await call('costs.cogsCsv', { from, to, category }); saveCsv(r.filename, r.csv); } catch (e) { setError(errorMessage(e)); }
  };

  return (
    <div className="panel cogs-panel" data-testid="cogs-panel">
      <h2>Cost of goods out</h2>
      <div className="cogs-period">
        <input type="date" data-testid="cogs-from" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
        <span className="muted">to</span>
        <input type="date" data-testid="cogs-to" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
      </div>
      {error && <div className="error-box">{error}</div>}
      {cogs && (
        <>
          <div className="cogs-total"><span className="muted">Total</span> <b data-testid="cogs-total">{fmtMoney(cogs.totals.cost)}</b> <span className="muted">for {fmtQty(cogs.totals.qty)} units</span></div>
          {cogs.totals.pendingQty !== 0 && (
            <div className="costs-warn" data-testid="cogs-pending">{fmtQty(cogs.totals.pendingQty)} units went out with no cost yet (stock below zero); they are priced when their receipt is recorded.</div>
          )}
          <table className="grid">
            <thead><tr><th>Counted under</th><th className="n">Units</th><th className="n">Cost</th></tr></thead>
            <tbody>
              {cogs.byKind.length === 0 && <tr><td colSpan={3} className="muted">Nothing went out in this period.</td></tr>}
              {cogs.byKind.map((k) => (
                <tr key={k.kind} data-testid={`cogs-kind-${k.kind}`}><td>{k.kindLabel}</td><td className="n">{fmtQty(k.qty)}</td><td className="n">{fmtMoney(k.cost)}</td></tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn" data-testid="cogs-export" onClick={() => void exportCsv()}>Export per item (CSV)</button>
        </>
      )}
    </div>
  );
}
