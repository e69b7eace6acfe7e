import { useCallback, useEffect, useRef, useState } from 'react';
import type { JournalRow } from '../../../../shared/contract';
import { endOfLocalDay, localDay, startOfLocalDay } from '../../../../shared/domain/time';
import { attempt } from '../../api';
import { useTimeZone } from '../../app/branch';
import { useScreenParam } from '../../app/navigation';
import { fmtDateTime, fmtDelta, fmtMoney, fmtTime, plural, shortId } from '../../ui/format';
import { DocumentView } from './DocumentView';
import './journal.css';

const TYPES: Array<[string, string]> = [
  ['', 'All documents'], ['sale', 'Sales'], ['receive', 'Receipts'], ['customer_return', 'Customer returns'], ['supplier_return', 'Returns to supplier'],
  ['write_off', 'Write-offs'], ['adjustment', 'Adjustments'], ['complimentary', 'Complimentary'], ['reversal', 'Reversals'],
  ['stocktake', 'Stock takes'], ['transfer', 'Transfers'], ['reservation', 'Holds'], ['import', 'Imports'],
];

/**
 * The document journal: today's documents by default, any day range, search by number, SKU or
 * supplier (all dates). Opening one shows its lines with values, prints it, or reverses it whole.
 */
export function JournalScreen() {
  const timeZone = useTimeZone();
  const today = localDay(Date.now(), timeZone);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [type, setType] = useState('');
  const [search, setSearch] = useState(useScreenParam('search') ?? '');
  const [rows, setRows] = useState<JournalRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const openParam = useScreenParam('open');
  const openType = useScreenParam('type');
  const [open, setOpen] = useState<{ type: string; id: string } | null>(openParam && openType ? { type: openType, id: openParam } : null);
  const searchRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const s = search.trim();
    // A search looks through every day: a clerk with a document number rarely knows its date.
    const range = s ? {} : {
      from: from ? new Date(startOfLocalDay(from, timeZone)).toISOString() : undefined,
      to: to ? new Date(endOfLocalDay(to, timeZone)).toISOString() : undefined,
    };
    const outcome = await attempt('documents.list', { ...range, type: type || undefined, search: s || undefined, limit: 200 });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setError(null);
    setRows(outcome.result.rows);
    setTotal(outcome.result.total);
  }, [from, to, type, search, timeZone]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { if (!open) searchRef.current?.focus(); }, [open]);

  const searching = search.trim() !== '';
  const isToday = !searching && from === today && to === today;
  return (
    <div className="journal-screen">
      <div className="toolbar">
        <h1>Journal</h1>
        <input ref={searchRef} className="search" data-testid="journal-search" placeholder="Document number, SKU or supplier" value={search}
          onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); setSearch(''); } }} />
        <label>From <input type="date" data-testid="journal-from" value={from} disabled={searching} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>to <input type="date" data-testid="journal-to" value={to} disabled={searching} onChange={(e) => setTo(e.target.value)} /></label>
        <select data-testid="journal-type" value={type} onChange={(e) => setType(e.target.value)} aria-label="Document type">
          {TYPES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
        {!isToday && <button type="button" className="btn" data-testid="journal-today" onClick={() => { setSearch(''); setFrom(today); setTo(today); }}>Today</button>}
        <span className="list-count" data-testid="journal-count">
          {total === null ? '' : `${plural(total, 'document')}${searching ? ' (all dates)' : isToday ? ' today' : ''}`}
        </span>
      </div>
      {error && <div className="error-box" data-testid="journal-error">{error}</div>}
      <div className={`journal-body ${open ? 'with-doc' : ''}`}>
        <div className="journal-list">
          <table className="grid" data-testid="journal-table">
            <colgroup><col style={{ width: isToday ? 58 : 150 }} /><col style={{ width: 124 }} /><col style={{ width: 124 }} />{!open && <col style={{ width: 120 }} />}<col /><col style={{ width: 48 }} /><col style={{ width: 60 }} /><col style={{ width: 100 }} /><col style={{ width: 82 }} /></colgroup>
            <thead><tr><th>{isToday ? 'Time' : 'Date'}</th><th>Type</th><th>Number</th>{!open && <th>Clerk</th>}<th>Supplier / first item</th><th className="n">Lines</th><th className="n">Qty</th><th className="n">Value</th><th></th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const key = `${r.type}|${r.id}`;
                return (
                  <tr key={key} data-testid={`journal-row-${r.id}`} tabIndex={0} className={`${open && open.type === r.type && open.id === r.id ? 'selected' : ''} ${r.reversed === 'fully' ? 'reversed' : ''}`}
                    onClick={() => setOpen({ type: r.type, id: r.id })} onKeyDown={(e) => { if (e.key === 'Enter') setOpen({ type: r.type, id: r.id }); }}>
                    <td>{isToday ? fmtTime(r.occurredAt) : fmtDateTime(r.occurredAt)}</td>
                    <td>{r.typeLabel}</td>
                    <td title={r.id}>{shortId(r.id)}</td>
                    {!open && <td title={r.actor}>{r.actor}</td>}
                    <td title={r.supplier ?? r.firstName ?? r.firstSku}>
                      {r.supplier ? <>{r.supplier}{r.supplierRef ? <span className="muted"> · {r.supplierRef}</span> : null}</> : <>{r.firstName ?? r.firstSku}{r.lines > 1 ? <span className="muted"> +{r.lines - 1}</span> : null}</>}
                    </td>
                    <td className="n">{r.lines}</td>
                    <td className="n">{fmtDelta(r.qty)}</td>
                    <td className="n">{r.value === 0 && r.uncostedLines > 0 ? <span className="muted">no cost</span> : r.value === 0 && r.qty === 0 ? <span className="muted">—</span> : fmtMoney(r.value)}</td>
                    <td>{r.reversed !== 'no' && <span className="badge late">{r.reversed === 'fully' ? 'reversed' : 'partly rev.'}</span>}</td>
                  </tr>
                );
              })}
              {rows.length === 0 && total !== null && (
                <tr><td colSpan={9} className="muted empty" data-testid="journal-empty">
                  {searching ? `No document matches “${search}”. Check the number, or clear the search (Esc).`
                    : isToday ? 'Nothing recorded today yet. Receipts, sales and every other document appear here as they are posted (F2).'
                    : 'No documents in these days. Widen the dates, or search by number.'}
                </td></tr>
              )}
            </tbody>
          </table>
        </div>
        {open && <DocumentView key={`${open.type}|${open.id}`} type={open.type} id={open.id} onClose={() => setOpen(null)} onChanged={() => void load()} />}
      </div>
    </div>
  );
}
