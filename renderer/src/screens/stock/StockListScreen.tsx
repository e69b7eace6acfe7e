import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { StockRow } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { navigate } from '../../app/navigation';
import { fmtQty, plural } from '../../ui/format';
import { StockValueCell } from '../valuation/StockValueCell';
import { StockFilters } from './StockFilters';
import { rowAt, useStockList, useStockRow } from './stockStore';

const ROW_HEIGHT = 30;

type SortKey = 'sku' | 'name' | 'onHand' | 'reserved' | 'available';

function SortHeader({ label, column, className }: { label: string; column: SortKey; className?: string }) {
  const sort = useStockList((s) => s.query.sort ?? 'name');
  const setQuery = useStockList((s) => s.setQuery);
  const active = sort === column || sort === `-${column}`;
  const desc = sort === `-${column}`;
  const next = (active && !desc ? `-${column}` : column) as NonNullable<typeof sort>;
  return (
    <div className={className}>
      <button type="button" data-testid={`sort-${column}`} onClick={() => setQuery({ sort: next })} tabIndex={-1}>
        {label}{active ? (desc ? ' ▼' : ' ▲') : ''}
      </button>
    </div>
  );
}

export function StockCells({ row }: { row: StockRow }) {
  const availClass = row.available < 0 ? 'neg' : row.available === 0 ? 'zero' : '';
  return (
    <>
      <div title={row.sku}>{row.sku}</div>
      <div title={row.name}>{row.name}</div>
      <div className="muted">{row.category}</div>
      <div className="muted">{row.brand}</div>
      <div className="muted" title={row.barcodes.join('\n')}>{row.barcode}{row.barcodes.length > 1 ? ` +${row.barcodes.length - 1}` : ''}</div>
      <div className={`n q-onhand ${row.onHand < 0 ? 'neg' : ''}`} data-col="onHand">{fmtQty(row.onHand)}</div>
      <div className={`n q-buffer ${row.reserved ? 'some' : ''}`} data-col="reserved">{row.reserved ? fmtQty(row.reserved) : '·'}</div>
      <div className={`n q-avail ${availClass}`} data-col="available">{fmtQty(row.available)}</div>
      <StockValueCell sku={row.sku} />
    </>
  );
}

const Row = memo(function Row({ index, start }: { index: number; start: number }) {
  const row = useStockRow(index);
  const selected = useStockList((s) => s.selected === index);
  return (
    <div className={`vrow stock-cols ${selected ? 'selected' : ''}`} style={{ top: start, height: ROW_HEIGHT }}
      data-testid={row ? `stock-row-${row.sku}` : undefined} data-index={index} role="row" aria-selected={selected}
      onClick={() => useStockList.getState().select(index)} onDoubleClick={() => row && navigate('item', { sku: row.sku })}>
      {row ? <StockCells row={row} /> : <div className="muted">…</div>}
    </div>
  );
});

/** The stock list: every item with on-hand, reserved (buffer) and available; virtualised, paged from the ledger. */
/** A new shop has no items: say what to do first, not "clear the search". */
function EmptyStock({ filtered }: { filtered: boolean }) {
  if (filtered) return <div className="muted" style={{ padding: 16 }} data-testid="stock-empty">No item matches. Clear the search (Esc) or the filters.</div>;
  return (
    <div className="empty-state" style={{ padding: 16 }} data-testid="stock-empty">
      <b>No items yet.</b> Add the items this shop sells on the <button type="button" className="link" style={{ color: 'var(--accent)' }} onClick={() => navigate('items')}>Items screen (Shift+F1)</button>,
      {' '}one by one or from a catalogue CSV. Then record the opening stock as a receipt on the Documents screen (F2).
    </div>
  );
}

export function StockListScreen() {
  const total = useStockList((s) => s.total);
  const error = useStockList((s) => s.error);
  const search = useStockList((s) => s.query.search ?? '');
  const hasFilters = useStockList((s) => Object.entries(s.query).some(([k, v]) => k !== 'search' && k !== 'sort' && k !== 'limit' && k !== 'offset' && v !== undefined && v !== false));
  const setQuery = useStockList((s) => s.setQuery);
  const [text, setText] = useState(search);
  const [scanMessage, setScanMessage] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => { useStockList.getState().reload(); searchRef.current?.focus(); }, []);
  useEffect(() => { if (total) useStockList.getState().ensureRange(first, last); }, [first, last, total]);
  // A new search, filter or sort starts at its first row: the list would keep its scroll offset, so a
  // scan typed deep in a long list would land on the end of the results, its hit (row 0) out of sight.
  const query = useStockList((s) => s.query);
  useEffect(() => { if (scrollRef.current) scrollRef.current.scrollTop = 0; }, [query]);
  // Type-ahead: the ledger filters; a short pause keeps a scanner's burst from sending a query per digit.
  useEffect(() => {
    if (text === search) return;
    const t = setTimeout(() => setQuery({ search: text || undefined }), 120);
    return () => clearTimeout(t);
  }, [text, search, setQuery]);

  const moveTo = (index: number) => {
    if (!total) return;
    const i = Math.max(0, Math.min(total - 1, index));
    useStockList.getState().select(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  /** Enter in the search box: a scanned barcode or exact SKU opens its item; anything else goes to the list. */
  const onSearchKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    // Esc empties the box and the list's query together, so the old search cannot come back.
    if (e.key === 'Escape') { e.preventDefault(); setText(''); setScanMessage(null); setQuery({ search: undefined }); return; }
    if (e.key === 'ArrowDown') { e.preventDefault(); scrollRef.current?.focus(); moveTo(useStockList.getState().selected); return; }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const code = text.trim();
    if (!code) return;
    try {
      const { rows } = await call('stock.list', { search: code, limit: 1 });
      const hit = rows[0];
      if (hit && (hit.barcodes.includes(code) || hit.sku.toLowerCase() === code.toLowerCase())) {
        setScanMessage(null);
        navigate('item', { sku: hit.sku });
        return;
      }
      setQuery({ search: code });
      setScanMessage(rows.length ? null : `Nothing matches “${code}”.`);
      if (rows.length) scrollRef.current?.focus();
    } catch (err) {
      setScanMessage(errorMessage(err));
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const selected = useStockList.getState().selected;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) { e.preventDefault(); moveTo(selected + moves[e.key]!); }
    else if (e.key === 'Home') { e.preventDefault(); moveTo(0); }
    else if (e.key === 'End') { e.preventDefault(); moveTo((total ?? 1) - 1); }
    else if (e.key === 'Enter') { const row = rowAt(selected); if (row) navigate('item', { sku: row.sku }); }
    else if (e.key === '/' || (e.key.length === 1 && !e.ctrlKey && !e.altKey)) { searchRef.current?.focus(); }
  };

  return (
    <>
      <div className="toolbar">
        <input ref={searchRef} className="search" data-testid="stock-search" placeholder="Scan, or search SKU / name / barcode"
          value={text} onChange={(e) => { setText(e.target.value); setScanMessage(null); }} onKeyDown={(e) => void onSearchKey(e)} />
        <StockFilters />
        <span className="list-count" data-testid="stock-count">{total === null ? 'Loading…' : plural(total, 'item')}</span>
      </div>
      {scanMessage && <div className="error-box" data-testid="scan-message">{scanMessage}</div>}
      {error && <div className="error-box">{error}</div>}
      <div ref={scrollRef} className="stock-list" tabIndex={0} onKeyDown={onListKey} data-testid="stock-list" role="grid" aria-rowcount={total ?? 0}>
        <div className="stock-head stock-cols" role="row">
          <SortHeader label="SKU" column="sku" />
          <SortHeader label="Name" column="name" />
          <div>Category</div>
          <div>Brand</div>
          <div>Barcode</div>
          <SortHeader label="On hand" column="onHand" className="n" />
          <SortHeader label="Reserved (buffer)" column="reserved" className="n col-buffer" />
          <SortHeader label="Available" column="available" className="n col-avail" />
          <div className="n" title="FIFO cost of what is on hand">Stock value</div>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => <Row key={v.key} index={v.index} start={v.start} />)}
        </div>
        {total === 0 && <EmptyStock filtered={Boolean(search) || hasFilters} />}
      </div>
      <div className="muted">↑↓ move · Enter open the item's trail · type or scan to search · sort by clicking a column</div>
    </>
  );
}
