import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item } from '../../../../shared/contract';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtMoney, fmtQty, plural } from '../../ui/format';
import { ItemEditor } from './ItemEditor';
import { ImportPanel } from './ImportPanel';
import './items.css';

type Status = 'active' | 'inactive' | 'all';
type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; item: Item } | { kind: 'import' };

/**
 * The catalogue: add, edit, deactivate items (never delete: history points at them), and import a
 * catalogue CSV with a preview. Every save goes through items.upsert, so the form says what the
 * contract says.
 */
export function ItemsScreen() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<Status>('active');
  const [rows, setRows] = useState<Item[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [catalogueSize, setCatalogueSize] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const outcome = await attempt('items.list', { search: search || undefined, status, limit: 200 });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setRows(outcome.result.rows);
    setTotal(outcome.result.total);
    const all = await attempt('items.list', { status: 'all', limit: 1 });
    if (all.ok) setCatalogueSize(all.result.total);
  }, [search, status]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { searchRef.current?.focus(); }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'n' || e.key === 'N')) { e.preventDefault(); setMode({ kind: 'new' }); setMessage(null); }
      else if (e.altKey && (e.key === 'i' || e.key === 'I')) { e.preventDefault(); setMode({ kind: 'import' }); setMessage(null); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const saved = (item: Item, created: boolean) => {
    setMessage(`${created ? 'Added' : 'Saved'} ${item.sku} · ${item.name}.`);
    setMode({ kind: 'edit', item });
    void load();
  };

  const toggleActive = async (item: Item) => {
    const outcome = await attempt('items.setActive', { sku: item.sku, active: !item.active, actor: currentActor() });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setMessage(item.active ? `${item.sku} is deactivated: it can no longer be scanned into a document. Its history stays.` : `${item.sku} is active again.`);
    setMode({ kind: 'edit', item: outcome.result });
    void load();
  };

  const emptyShop = catalogueSize === 0;
  return (
    <div className="items-screen">
      <div className="toolbar">
        <h1>Items</h1>
        <input ref={searchRef} className="search" data-testid="items-search" placeholder="Search SKU, name or barcode" value={search}
          onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') { setSearch(''); } }} />
        <label>Show
          <select data-testid="items-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="active">active items</option><option value="inactive">deactivated items</option><option value="all">all items</option>
          </select>
        </label>
        <button type="button" className="btn primary" data-testid="items-new" onClick={() => { setMode({ kind: 'new' }); setMessage(null); }}>New item <kbd>Alt+N</kbd></button>
        <button type="button" className="btn" data-testid="items-import" onClick={() => { setMode({ kind: 'import' }); setMessage(null); }}>Import CSV <kbd>Alt+I</kbd></button>
        <span className="list-count" data-testid="items-count">{total === null ? '' : plural(total, 'item')}</span>
      </div>
      {message && <div className="ok-box" data-testid="items-message">{message}</div>}
      {error && <div className="error-box" data-testid="items-error">{error}</div>}
      <div className="items-body">
        <div className="items-list">
          {emptyShop ? (
            <div className="empty-state" data-testid="items-empty">
              <h2>No items yet</h2>
              <p>Start by adding the items this shop sells: <b>New item</b> (Alt+N) for one at a time, or <b>Import CSV</b> (Alt+I) for a whole catalogue.</p>
              <p className="muted">A catalogue CSV has a header line: sku,name,category,brand,barcode,barcodes,unit,default_cost,price,reorder_level (only sku and name are required; barcodes holds several codes separated by |).</p>
            </div>
          ) : (
            <table className="grid" data-testid="items-table">
              <colgroup><col style={{ width: 138 }} /><col /><col style={{ width: 160 }} /><col style={{ width: 96 }} /><col style={{ width: 86 }} /><col style={{ width: 78 }} /><col style={{ width: 78 }} /><col style={{ width: 62 }} /><col style={{ width: 78 }} /></colgroup>
              <thead><tr><th>SKU</th><th>Name</th><th>Barcodes</th><th>Category</th><th>Brand</th><th className="n">Cost</th><th className="n">Price</th><th className="n">Reorder</th><th>Status</th></tr></thead>
              <tbody>
                {rows.map((it) => (
                  <tr key={it.sku} data-testid={`item-row-${it.sku}`} className={mode.kind === 'edit' && mode.item.sku === it.sku ? 'selected' : ''}
                    tabIndex={0} onClick={() => { setMode({ kind: 'edit', item: it }); setMessage(null); }}
                    onKeyDown={(e) => { if (e.key === 'Enter') { setMode({ kind: 'edit', item: it }); setMessage(null); } }}>
                    <td title={it.sku}>{it.sku}</td><td title={it.name}>{it.name}</td><td title={it.barcodes.join('\n')} data-testid={`item-barcodes-${it.sku}`}><span className="codes-cell"><span className="code">{it.barcode}</span>{it.barcodes.length > 1 && <span className="badge more-codes">+{it.barcodes.length - 1}</span>}</span></td><td title={it.category ?? ''}>{it.category}</td><td title={it.brand ?? ''}>{it.brand}</td>
                    <td className="n">{it.defaultCost === null ? <span className="muted" title="No default cost: a receipt line starts empty">—</span> : fmtMoney(it.defaultCost)}</td>
                    <td className="n">{it.price === null ? <span className="muted">—</span> : fmtMoney(it.price)}</td>
                    <td className="n">{it.reorderLevel === null ? '' : fmtQty(it.reorderLevel)}</td>
                    <td>{!it.active ? <span className="badge late">deactivated</span> : it.managedByHq ? <span className="badge hq" title="HQ's catalogue has this item: name, barcode and unit follow HQ">HQ</span> : <span className="muted">active</span>}</td>
                  </tr>
                ))}
                {rows.length === 0 && <tr><td colSpan={9} className="muted" style={{ padding: 16 }}>No item matches “{search}”. Clear the search (Esc) or add it with New item.</td></tr>}
              </tbody>
            </table>
          )}
        </div>
        <div className="items-side panel">
          {mode.kind === 'none' && (
            <div className="muted" data-testid="items-hint">Pick an item to edit it, or add one with <b>New item</b>. An item with history can be deactivated, never deleted.</div>
          )}
          {mode.kind === 'new' && <ItemEditor key="new" item={null} onSaved={(it) => saved(it, true)} onCancel={() => setMode({ kind: 'none' })} />}
          {mode.kind === 'edit' && <ItemEditor key={`${mode.item.sku}-${mode.item.updatedAt}`} item={mode.item} onSaved={(it) => saved(it, false)} onCancel={() => setMode({ kind: 'none' })} onToggleActive={() => void toggleActive(mode.item)} />}
          {mode.kind === 'import' && <ImportPanel onDone={(text) => { setMessage(text); setMode({ kind: 'none' }); void load(); }} onCancel={() => setMode({ kind: 'none' })} />}
        </div>
      </div>
    </div>
  );
}
