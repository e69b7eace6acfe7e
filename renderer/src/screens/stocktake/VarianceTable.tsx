import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { ReviewRow, StocktakeReview, UncountedRow } from '../../../../shared/contract';
import { navigate } from '../../app/navigation';
import { fmtDelta, fmtMoney, fmtQty } from '../../ui/format';
import { afterText } from './parts';

const ROW = 29;
const money = (minor: number | null) => (minor === null ? '' : minor < 0 ? `−${fmtMoney(-minor)}` : fmtMoney(minor));
const diffClass = (d: number | null) => (d === null || d === 0 ? '' : d < 0 ? 'short' : 'over');

/** A table whose body renders only the rows in view (a full count can have 20,000 of them). */
function Virtual<T>({ rows, head, cols, row, testId }: { rows: T[]; head: ReactNode; cols: ReactNode; row: (r: T) => ReactNode; testId: string }) {
  const scroll = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroll.current, estimateSize: () => ROW, overscan: 15 });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div ref={scroll} className="st-table">
      <table className="grid" data-testid={testId}>
        <colgroup>{cols}</colgroup>
        <thead>{head}</thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} />}
          {items.map((i) => row(rows[i.index]!))}
          {bottom > 0 && <tr style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}

const SkuLink = ({ sku }: { sku: string }) => <button type="button" className="link" title="Open the item's trail" onClick={() => navigate('item', { sku })}>{sku}</button>;

export function CountedTable({ review }: { review: StocktakeReview }) {
  const committed = review.session.status === 'committed';
  const head = (
    <tr>
      <th>SKU</th><th>Item</th><th className="n">Counted</th><th className="n">Expected</th><th className="n">Difference</th>
      <th className="n">Unit cost</th><th className="n">Value</th><th title="Movements recorded after the count: they stay on top of it">After count</th><th>Counted by</th>
      {committed && <th className="n">Adjusted</th>}
    </tr>
  );
  const cols = (
    <>
      <col style={{ width: 104 }} /><col /><col style={{ width: 80 }} /><col style={{ width: 80 }} /><col style={{ width: 90 }} />
      <col style={{ width: 84 }} /><col style={{ width: 96 }} /><col style={{ width: 160 }} /><col style={{ width: 170 }} />
      {committed && <col style={{ width: 80 }} />}
    </>
  );
  const row = (r: ReviewRow) => (
    <tr key={r.sku} data-testid={`st-row-${r.sku}`} style={{ height: ROW }}>
      <td><SkuLink sku={r.sku} /></td>
      <td title={r.name}>{r.name}</td>
      <td className="n"><b>{fmtQty(r.counted)}</b></td>
      <td className="n" data-col="expected">{r.expected === null ? <span className="muted">hidden</span> : fmtQty(r.expected)}</td>
      <td className={`n ${diffClass(r.difference)}`} data-col="difference">{r.difference === null ? '' : r.difference === 0 ? '0' : fmtDelta(r.difference)}</td>
      <td className="n muted">{money(r.unitCost)}</td>
      <td className={`n ${diffClass(r.differenceValue)}`} data-col="value">{r.difference !== 0 && r.unitCost === null && r.difference !== null ? <span className="muted">no cost</span> : money(r.differenceValue)}</td>
      <td className={r.after.whileCounting ? 'warn' : 'muted'} title={r.after.recent.map((m) => `${m.kindLabel} ${fmtDelta(m.onHandDelta)} by ${m.actor}${m.whileCounting ? ' (while counting)' : ''}`).join('\n')}>
        {afterText(r.after)}{r.after.whileCounting ? ' ⚠' : ''}
      </td>
      <td title={r.countedBy.join(', ')}>{r.countedBy.join(', ')}</td>
      {committed && <td className="n">{r.adjustment ? fmtDelta(r.adjustment.qty) : <span className="muted">—</span>}</td>}
    </tr>
  );
  if (review.rows.length === 0) return <div className="panel muted">Nothing counted yet. Go back to scanning.</div>;
  return <Virtual rows={review.rows} head={head} cols={cols} row={row} testId="st-counted" />;
}

export function UncountedTable({ review }: { review: StocktakeReview }) {
  const committed = review.session.status === 'committed';
  const head = (
    <tr>
      <th>SKU</th><th>Item</th><th>Category</th><th>Brand</th><th className="n">{committed ? 'Stock at commit' : 'Stock on file'}</th><th className="n">Unit cost</th>
      {committed && <th className="n">Adjusted</th>}
    </tr>
  );
  const cols = (
    <>
      <col style={{ width: 104 }} /><col /><col style={{ width: 160 }} /><col style={{ width: 140 }} /><col style={{ width: 120 }} /><col style={{ width: 90 }} />
      {committed && <col style={{ width: 90 }} />}
    </>
  );
  const row = (r: UncountedRow) => (
    <tr key={r.sku} data-testid={`st-uncounted-${r.sku}`} style={{ height: ROW }}>
      <td><SkuLink sku={r.sku} /></td>
      <td title={r.name}>{r.name}</td>
      <td className="muted">{r.category}</td>
      <td className="muted">{r.brand}</td>
      <td className="n">{r.expected === null ? <span className="muted">hidden</span> : fmtQty(r.expected)}</td>
      <td className="n muted">{money(r.unitCost)}</td>
      {committed && <td className="n">{r.adjustment ? fmtDelta(r.adjustment.qty) : <span className="muted">—</span>}</td>}
    </tr>
  );
  if (review.uncounted.length === 0) return <div className="panel muted">Every item in scope has been counted.</div>;
  return <Virtual rows={review.uncounted} head={head} cols={cols} row={row} testId="st-uncounted" />;
}
