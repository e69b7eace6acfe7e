import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Facet, ValuationResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { navigate } from '../../app/navigation';
import { fmtMoney, fmtQty } from '../../ui/format';
import { CogsPanel } from './CogsPanel';
import { saveCsv } from './saveCsv';
import './valuation.css';

const ROW_HEIGHT = 28;
type Sort = 'sku' | 'name' | 'qty' | '-qty' | 'value' | '-value';

function Total({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div className={`big-number ${tone ?? ''}`}>
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>{value}</div>
    </div>
  );
}

/** Stock valuation at FIFO cost, per item and in total, now or on a past day; plus COGS for a period. */
export function ValuationScreen() {
  const [asOf, setAsOf] = useState('');
  const [category, setCategory] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('-value');
  const [report, setReport] = useState<ValuationResult | null>(null);
  const [categories, setCategories] = useState<Facet[]>([]);
  const [error, setError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => { void call('items.facets', {}).then((f) => setCategories(f.categories)).catch(() => undefined); }, []);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      call('valuation.report', { asOf: asOf || undefined, category: category || undefined, search: search || undefined, sort })
        .then((r) => { if (live) { setReport(r); setError(null); } })
        .catch((e) => { if (live) setError(errorMessage(e)); });
    }, 120);
    return () => { live = false; clearTimeout(t); };
  }, [asOf, category, search, sort]);

  const rows = report?.rows ?? [];
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const header = (label: string, key: 'sku' | 'name' | 'qty' | 'value', className = '') => {
    const active = sort === key || sort === `-${key}`;
    // Amounts sort largest first on the first click; codes and names alphabetically.
    const next = (key === 'qty' || key === 'value' ? (sort === `-${key}` ? key : `-${key}`) : key) as Sort;
    return (
      <div className={className}>
        <button type="button" data-testid={`valuation-sort-${key}`} onClick={() => setSort(next)}>{label}{active ? (sort.startsWith('-') ? ' ▼' : ' ▲') : ''}</button>
      </div>
    );
  };
  const exportCsv = async () => {
    try {
      const r = await call('valuation.reportCsv', { asOf: asOf || undefined, category: category || undefined, search: search || undefined, sort });
      saveCsv(r.filename, r.csv);
    } catch (e) { setError(errorMessage(e)); }
  };

  return (
    <>
      <div className="toolbar">
        <label>Value on
          <input type="date" data-testid="valuation-asof" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        {asOf && <button type="button" className="btn" onClick={() => setAsOf('')}>Today</button>}
        <label>Category
          <select data-testid="valuation-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All</option>
            {categories.map((c) => <option key={c.value} value={c.value}>{c.value}</option>)}
          </select>
        </label>
        <input className="search" style={{ width: 240 }} placeholder="Search SKU or name" data-testid="valuation-search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="button" className="btn" data-testid="valuation-export" onClick={() => void exportCsv()}>Export CSV</button>
        <span className="list-count">{report ? `${report.total.toLocaleString('en-GB')} items with stock` : 'Loading…'}</span>
      </div>
      {error && <div className="error-box">{error}</div>}
      {report && (
        <div className="big-numbers valuation-totals">
          <Total label={asOf ? `Stock value on ${asOf}` : 'Stock value (FIFO)'} value={fmtMoney(report.totals.value)} testId="valuation-total-value" tone="avail" />
          <Total label="Units" value={fmtQty(report.totals.qty)} testId="valuation-total-qty" />
          <Total label="Items" value={fmtQty(report.totals.items)} testId="valuation-total-items" />
          <Total label="Below zero (units not costed)" value={report.totals.negativeItems ? `${report.totals.negativeItems} (${fmtQty(report.totals.pendingQty)})` : '0'} testId="valuation-negative" tone={report.totals.negativeItems ? 'buffer' : ''} />
        </div>
      )}
      <div className="valuation-body">
        <div ref={scrollRef} className="stock-list" data-testid="valuation-list" role="grid" aria-rowcount={rows.length}>
          <div className="stock-head valuation-cols" role="row">
            {header('SKU', 'sku')}{header('Name', 'name')}<div>Category</div>
            {header('Qty', 'qty', 'n')}<div className="n">Avg unit cost</div>{header('Value', 'value', 'n')}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const r = rows[v.index]!;
              return (
                <div key={r.sku} className="vrow valuation-cols" style={{ top: v.start, height: ROW_HEIGHT }} data-testid={`valuation-row-${r.sku}`}
                  onDoubleClick={() => navigate('item', { sku: r.sku })} title="Double-click for the item's layers and costs">
                  <div>{r.sku}</div><div>{r.name}</div><div className="muted">{r.category}</div>
                  <div className={`n ${r.qty < 0 ? 'bad' : ''}`} data-col="qty">{fmtQty(r.qty)}</div>
                  <div className="n muted" data-col="avg">{r.avgUnitCost === null ? (r.qty < 0 ? 'not costed' : '') : fmtMoney(r.avgUnitCost)}</div>
                  <div className="n" data-col="value">{fmtMoney(r.value)}</div>
                </div>
              );
            })}
          </div>
          {report && rows.length === 0 && <div className="muted" style={{ padding: 16 }}>No item has stock{asOf ? ` on ${asOf}` : ''} for this filter.</div>}
        </div>
        <CogsPanel category={category || undefined} />
      </div>
      <div className="muted">Values at FIFO cost (oldest receipts go out first) · stock below zero is valued at 0 until a receipt prices it · double-click an item for its layers</div>
    </>
  );
}
