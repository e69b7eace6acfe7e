import { parseLocalDateTime, toLocalDateTimeInput } from '../../../../shared/domain/time';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Reservation, StockRow } from '../../../../shared/contract';
import { uuidv7 } from '../../../../shared/ids';
import { attempt, call, errorMessage } from '../../api';
import { useBranch, useTimeZone } from '../../app/branch';
import { navigate } from '../../app/navigation';
import { currentActor } from '../../app/session';
import { fmtDateTime, fmtQty, fmtRelative, plural } from '../../ui/format';
import { lookupItem } from '../documents/DocumentsScreen';

const SOON_MS = 24 * 3_600_000;

/** A reference the clerk can read out to a customer; one per form, so posting twice holds once. */
const newRef = () => `H-${uuidv7().slice(-6).toUpperCase()}`;

/** A datetime-local value two days from now, the usual "we keep it until the day after tomorrow". */
function defaultExpiry(): string {
  return `${toLocalDateTimeInput(Date.now() + 2 * 86_400_000, useBranch.getState().timeZone).slice(0, 13)}:00`;
}

function ExpiryBadge({ r }: { r: Reservation }) {
  if (!r.expiresAt || r.state !== 'open') return null;
  const left = Date.parse(r.expiresAt) - Date.now();
  if (left <= 0) return <span className="badge late">expired</span>;
  if (left <= SOON_MS) return <span className="badge soon">expires {fmtRelative(r.expiresAt)}</span>;
  return null;
}

/** Handing over takes the units off the shelf for good: the clerk confirms what, and to whom. */
function HandOverDialog({ r, onConfirm, onCancel }: { r: Reservation; onConfirm(): void; onCancel(): void }) {
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <div className="dialog" role="dialog" aria-label="Hand over" data-testid="handover-dialog">
        <h2>Hand over {r.held} × {r.name ?? r.sku}?</h2>
        <div>To <b>{r.customer ?? 'the customer'}</b> · hold {r.ref} · SKU {r.sku}</div>
        <div className="muted">The units leave the shelf and the hold closes.</div>
        <div className="actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
          <button ref={ok} type="button" className="btn primary" data-testid="handover-confirm" onClick={onConfirm}>Hand over <kbd>Enter</kbd></button>
        </div>
      </div>
    </div>
  );
}

/** Holds for customers: reserve (buffer goes up), fulfil (hand over) or release; expiring holds first. */
export function ReservationsScreen() {
  const timeZone = useTimeZone();
  const [rows, setRows] = useState<Reservation[]>([]);
  const [state, setState] = useState<'open' | 'all'>('open');
  const [code, setCode] = useState('');
  const [item, setItem] = useState<StockRow | null>(null);
  const [qty, setQty] = useState('1');
  const [customer, setCustomer] = useState('');
  const [expires, setExpires] = useState(defaultExpiry);
  const [ref, setRef] = useState(newRef);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const qtyRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try { setRows((await call('reservations.list', { state })).rows); } catch (err) { setError(errorMessage(err)); }
  }, [state]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { scanRef.current?.focus(); }, []);

  const pick = async () => {
    const text = code.trim();
    if (!text) return;
    const found = await lookupItem(text).catch(() => null);
    if (!found) { setError(`No item with SKU or barcode “${text}”.`); return; }
    setItem(found);
    setError(null);
    qtyRef.current?.focus();
    qtyRef.current?.select();
  };

  const reserve = async () => {
    if (!item) { setError('Scan or type the item to hold first.'); scanRef.current?.focus(); return; }
    const outcome = await attempt('reservations.reserve', {
      sku: item.sku, qty: Number(qty), ref, customer: customer.trim() || undefined,
      expiresAt: expires ? new Date(parseLocalDateTime(expires, timeZone)).toISOString() : undefined, actor: currentActor(),
    });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setMessage(`Holding ${outcome.result.qty} × ${item.name} for ${outcome.result.customer ?? 'the customer'}: reference ${outcome.result.ref}.`);
    setError(null);
    setItem(null); setCode(''); setQty('1'); setCustomer(''); setRef(newRef()); setExpires(defaultExpiry());
    scanRef.current?.focus();
    void load();
  };

  const [confirming, setConfirming] = useState<Reservation | null>(null);
  const end = async (r: Reservation, how: 'reservations.fulfil' | 'reservations.release') => {
    setConfirming(null);
    const outcome = await attempt(how, { ref: r.ref, actor: currentActor() });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    const what = `${r.held} × ${r.name ?? r.sku} (${r.sku})`;
    setMessage(how === 'reservations.fulfil' ? `${r.ref}: handed over ${what} to ${r.customer ?? 'the customer'}.` : `${r.ref}: released ${what} back to available.`);
    setError(null);
    void load();
  };

  const expireNow = async () => {
    const outcome = await attempt('reservations.expire', {});
    if (outcome.ok) { setMessage(outcome.result.released.length ? `Released ${plural(outcome.result.released.length, 'expired hold')}.` : 'No hold has expired.'); void load(); }
    else setError(outcome.error.message);
  };

  return (
    <>
      {/* Fixed rows (the picked item on its own line, a slot for the message): picking an item or adding
          a hold never moves the fields under the clerk's hands or the list below. */}
      <div className="panel" data-testid="hold-form">
        <h2>Hold an item for a customer</h2>
        <div className="toolbar hold-fields" onKeyDown={(e) => { if (e.key === 'Enter' && e.target !== scanRef.current) { e.preventDefault(); void reserve(); } }}>
          <input ref={scanRef} className="search" style={{ width: 250 }} data-testid="hold-scan" placeholder="Scan or type SKU, Enter" value={code}
            onChange={(e) => { setCode(e.target.value); setItem(null); }} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void pick(); } }} />
          <label>Qty <input ref={qtyRef} className="num" style={{ width: 60 }} data-testid="hold-qty" value={qty} onChange={(e) => setQty(e.target.value)} /></label>
          <label>Customer <input data-testid="hold-customer" value={customer} onChange={(e) => setCustomer(e.target.value)} placeholder="name / phone" /></label>
          <label>Hold until <input type="datetime-local" data-testid="hold-expires" value={expires} onChange={(e) => setExpires(e.target.value)} /></label>
          <button type="button" className="btn primary" data-testid="hold-reserve" onClick={() => void reserve()}>Reserve <kbd>Enter</kbd></button>
          <span className="muted hold-ref">ref {ref}</span>
        </div>
        <div className="hold-picked" data-testid="hold-item" title={item ? `${item.name} (${item.sku})` : undefined}>
          {item ? <><b>{item.name}</b> <span className="muted">{item.sku} · available {fmtQty(item.available)}</span></> : <span className="muted">No item picked: scan it or type its SKU, then Enter.</span>}
        </div>
      </div>
      <div className="hold-feedback">
        {error && <div className="error-box" data-testid="hold-error">{error}</div>}
        {message && !error && <div className="ok-box" data-testid="hold-message">{message}</div>}
      </div>
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{state === 'open' ? 'Open holds' : 'All holds'}</h2>
        <label><input type="checkbox" checked={state === 'all'} onChange={(e) => setState(e.target.checked ? 'all' : 'open')} /> show released and fulfilled too</label>
        <button type="button" className="btn" onClick={() => void expireNow()}>Release expired holds</button>
        <span className="list-count">{plural(rows.length, 'hold')} · soonest expiry first</span>
      </div>
      <div className="doc-lines">
        <table className="grid" data-testid="holds">
          <colgroup><col style={{ width: 100 }} /><col /><col style={{ width: 190 }} /><col style={{ width: 56 }} /><col style={{ width: 160 }} /><col style={{ width: 150 }} /><col style={{ width: 116 }} /><col style={{ width: 200 }} /></colgroup>
          <thead><tr><th>Reference</th><th>Item</th><th>Customer</th><th className="n col-buffer">Held</th><th>Hold until</th><th>Status</th><th>Clerk</th><th></th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.ref} data-testid={`hold-${r.ref}`}>
                <td><b>{r.ref}</b></td>
                <td title={`${r.name ?? ''} ${r.sku}`}><button type="button" className="link" onClick={() => navigate('item', { sku: r.sku })}>{r.name ?? r.sku}</button> <span className="muted">{r.sku}</span></td>
                <td title={r.customer ?? ''}>{r.customer}</td>
                <td className="n q-buffer">{fmtQty(r.held || r.qty)}</td>
                <td>{fmtDateTime(r.expiresAt, timeZone) || <span className="muted">no expiry</span>}</td>
                <td>{r.state} <ExpiryBadge r={r} /></td>
                <td>{r.actor}</td>
                <td>
                  {r.state === 'open' && <>
                    <button type="button" className="btn primary" style={{ padding: '1px 8px' }} data-testid={`fulfil-${r.ref}`} onClick={() => setConfirming(r)}>Hand over</button>{' '}
                    <button type="button" className="btn" style={{ padding: '1px 8px' }} data-testid={`release-${r.ref}`} onClick={() => void end(r, 'reservations.release')}>Release</button>
                  </>}
                </td>
              </tr>
            ))}
            {rows.length === 0 && <tr><td colSpan={8} className="muted" style={{ padding: 16 }}>{state === 'open' ? 'No open holds. Scan an item above to hold it for a customer.' : 'No holds yet.'}</td></tr>}
          </tbody>
        </table>
      </div>
      {confirming && <HandOverDialog r={confirming} onConfirm={() => void end(confirming, 'reservations.fulfil')} onCancel={() => setConfirming(null)} />}
    </>
  );
}
