import { fmtQty } from '../../ui/format';
import { useDocument } from './documentStore';

/** The lines of the form: quantities and costs edit in place; a refused line shows the ledger's message. */
export function DocumentLines({ showCost, signed, onDone }: { showCost: boolean; signed: boolean; onDone(): void }) {
  const lines = useDocument((s) => s.lines);
  const lineErrors = useDocument((s) => s.lineErrors);
  const { setLine, removeLine } = useDocument.getState();
  return (
    <div className="doc-lines">
      <table className="grid" data-testid="doc-lines">
        <colgroup>
          <col style={{ width: 36 }} /><col style={{ width: 130 }} /><col /><col style={{ width: 96 }} /><col style={{ width: 110 }} />
          {showCost && <col style={{ width: 110 }} />}<col style={{ width: 330 }} /><col style={{ width: 40 }} />
        </colgroup>
        <thead>
          <tr>
            <th>#</th><th>SKU</th><th>Item</th><th className="n col-avail">Available</th><th className="n">Quantity{signed ? ' (±)' : ''}</th>
            {showCost && <th className="n">Unit cost</th>}<th></th><th></th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.key} className={lineErrors[i] ? 'error' : ''} data-testid={`doc-line-${l.sku}`}>
              <td className="muted">{i + 1}</td>
              <td>{l.sku}</td>
              <td title={l.name}>{l.name}</td>
              <td className="n muted">{fmtQty(l.availableWhenAdded)}</td>
              <td className="n">
                <input className="num" data-testid={`qty-${l.sku}`} value={l.qty} inputMode="numeric" aria-label={`Quantity of ${l.sku}`}
                  onChange={(e) => setLine(l.key, { qty: e.target.value })} onFocus={(e) => e.target.select()}
                  onKeyDown={(e) => { if (e.key === 'Enter' && !e.ctrlKey) { e.preventDefault(); onDone(); } }} />
              </td>
              {showCost && (
                <td className="n">
                  <input className="num" data-testid={`cost-${l.sku}`} value={l.unitCost} placeholder="0.00" aria-label={`Unit cost of ${l.sku}`}
                    onChange={(e) => setLine(l.key, { unitCost: e.target.value })}
                    onKeyDown={(e) => { if (e.key === 'Enter' && !e.ctrlKey) { e.preventDefault(); onDone(); } }} />
                </td>
              )}
              <td className="line-error" data-testid={`line-error-${l.sku}`}>{lineErrors[i]}</td>
              <td><button type="button" className="link muted" title="Remove this line" onClick={() => removeLine(l.key)}>✕</button></td>
            </tr>
          ))}
          {lines.length === 0 && (
            <tr><td colSpan={8} className="muted" style={{ padding: 16 }}>No lines yet. Scan an item, or type its SKU and press Enter.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
