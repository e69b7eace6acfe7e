import type { StocktakeReview } from '../../../shared/contract';
import { fmtDateTime, fmtDelta, fmtMoney, fmtQty, plural } from '../ui/format';
import { PaperHead } from './PaperHead';

/** A blind count sheet: every item in scope with an empty box; no expected quantity is printed. */
export function CountSheet({ review }: { review: StocktakeReview }) {
  const items = [...review.rows.map((r) => ({ sku: r.sku, name: r.name })), ...review.uncounted.map((r) => ({ sku: r.sku, name: r.name }))]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const s = review.session;
  return (
    <div className="paper" data-testid="print-count-sheet">
      <PaperHead title="Count sheet"><div>{plural(items.length, 'item')} to count{s.blind ? ' · blind count' : ''}</div></PaperHead>
      <dl>
        <dt>Stock take</dt><dd>{s.id}</dd>
        <dt>Scope</dt><dd>{s.scopeLabel}</dd>
        <dt>Started</dt><dd>{fmtDateTime(s.startedAt)} by {s.startedBy}</dd>
      </dl>
      <table>
        <thead><tr><th>#</th><th>SKU</th><th>Item</th><th className="n" style={{ width: '30mm' }}>Counted</th><th style={{ width: '35mm' }}>Initials</th></tr></thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it.sku}><td>{i + 1}</td><td className="sku">{it.sku}</td><td>{it.name}</td><td><div className="box" /></td><td><div className="box" /></td></tr>
          ))}
        </tbody>
      </table>
      <div className="signatures"><div>Counted by</div><div>Checked by</div></div>
    </div>
  );
}

/** The variance report: counted against expected at each count's position, with the value of the difference. */
export function VarianceReport({ review }: { review: StocktakeReview }) {
  const s = review.session;
  const t = review.totals;
  return (
    <div className="paper" data-testid="print-variance">
      <PaperHead title="Stock-take variance report"><div>{s.status === 'committed' ? 'Committed' : s.status === 'open' ? 'Still open: figures may change' : s.status}</div></PaperHead>
      <dl>
        <dt>Stock take</dt><dd>{s.id}</dd>
        <dt>Scope</dt><dd>{s.scopeLabel}</dd>
        <dt>Started</dt><dd>{fmtDateTime(s.startedAt)} by {s.startedBy}</dd>
        {s.closedAt && <><dt>Closed</dt><dd>{fmtDateTime(s.closedAt)} by {s.closedBy}</dd></>}
        <dt>Unit costs</dt><dd>{review.costSource}</dd>
      </dl>
      <table>
        <thead><tr><th>SKU</th><th>Item</th><th className="n">Expected</th><th className="n">Counted</th><th className="n">Difference</th><th className="n">Unit cost</th><th className="n">Value</th></tr></thead>
        <tbody>
          {review.rows.map((r) => (
            <tr key={r.sku}>
              <td className="sku">{r.sku}</td><td>{r.name}</td>
              <td className="n">{r.expected === null ? '—' : fmtQty(r.expected)}</td><td className="n">{fmtQty(r.counted)}</td>
              <td className="n">{r.difference === null ? '—' : fmtDelta(r.difference)}</td>
              <td className="n">{r.unitCost === null ? 'no cost' : fmtMoney(r.unitCost)}</td>
              <td className="n">{r.differenceValue === null ? '—' : fmtMoney(r.differenceValue)}</td>
            </tr>
          ))}
        </tbody>
        {typeof t.netValue === 'number' && (
          <tfoot><tr><td colSpan={4}>Net</td><td className="n">{typeof t.netUnits === 'number' ? fmtDelta(t.netUnits) : ''}</td><td></td><td className="n" data-testid="print-variance-net">{fmtMoney(t.netValue)}</td></tr></tfoot>
        )}
      </table>
      {review.uncounted.length > 0 && <div className="foot">{plural(review.uncounted.length, 'item')} in scope not counted.</div>}
      <div className="signatures"><div>Store manager</div><div>Area manager</div></div>
    </div>
  );
}
