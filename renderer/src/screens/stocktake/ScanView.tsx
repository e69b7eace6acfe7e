import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CountEventView, CountResult, StocktakeItemCount, StocktakeSession } from '../../../../shared/contract';
import { uuidv7 } from '../../../../shared/ids';
import { attempt, call, errorMessage } from '../../api';
import { useTimeZone } from '../../app/branch';
import { navigate } from '../../app/navigation';
import { currentActor } from '../../app/session';
import { fmtDateTime, fmtTime, fmtQty } from '../../ui/format';
import { ProgressBar, SessionHeader } from './parts';

type Mode = 'add' | 'set';

function scanText(e: CountEventView): string {
  if (e.mode === 'undo') return 'undo';
  return e.mode === 'set' ? `= ${fmtQty(e.qty)}` : e.qty > 0 ? `+${fmtQty(e.qty)}` : `−${fmtQty(-e.qty)}`;
}

function RecentlyCounted({ items, blind }: { items: Map<string, StocktakeItemCount>; blind: boolean }) {
  const rows = [...items.values()].slice(0, 200);
  return (
    <div className="st-recent">
      <table className="grid" data-testid="st-running">
        <colgroup><col style={{ width: 110 }} /><col /><col style={{ width: 90 }} />{!blind && <col style={{ width: 90 }} />}<col style={{ width: 180 }} /></colgroup>
        <thead><tr><th>SKU</th><th>Counted here so far</th><th className="n">Count</th>{!blind && <th className="n">Expected</th>}<th>Counted by</th></tr></thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i.sku}>
              <td>{i.sku}</td>
              <td title={i.name}>{i.name}</td>
              <td className="n"><b>{fmtQty(i.counted)}</b></td>
              {!blind && <td className="n muted">{i.expected === null ? '' : fmtQty(i.expected)}</td>}
              <td title={i.countedBy.join(', ')}>{i.countedBy.join(', ')}</td>
            </tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={blind ? 4 : 5} className="muted" style={{ padding: 12 }}>Items counted at this station show here with their running count.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The scan station. A scanner types the code and Enter: each scan adds the quantity (1 unless typed)
 * to the item's count; "Set count" replaces it (a recount). Scans are sent one after another in the
 * order they were made, so a fast scanner never loses one. Any scan can be undone; the undo is
 * itself recorded.
 */
export function ScanView({ sessionId }: { sessionId: string }) {
  const timeZone = useTimeZone();
  const [session, setSession] = useState<StocktakeSession | null>(null);
  const [events, setEvents] = useState<CountEventView[]>([]);
  const [last, setLast] = useState<CountResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [qty, setQty] = useState('1');
  const [mode, setMode] = useState<Mode>('add');
  const [flash, setFlash] = useState(0);
  // Items counted at this station since it opened, latest first, with their running count.
  const [counted, setCounted] = useState<Map<string, StocktakeItemCount>>(new Map());
  const codeRef = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const loadEvents = useCallback(async () => {
    try { setEvents((await call('stocktake.events', { sessionId, limit: 30 })).rows); } catch (err) { setError(errorMessage(err)); }
  }, [sessionId]);

  useEffect(() => {
    call('stocktake.get', { sessionId }).then((s) => {
      if (s.status !== 'open') { navigate('stocktake', { view: 'review', session: sessionId }); return; }
      setSession(s);
    }, (err) => setError(errorMessage(err)));
    void loadEvents();
    codeRef.current?.focus();
  }, [sessionId, loadEvents]);

  const applied = (r: CountResult) => {
    setLast(r);
    setCounted((m) => {
      const next = new Map(m);
      next.delete(r.event.sku);
      return r.item ? new Map([[r.event.sku, r.item], ...next]) : next;
    });
    setSession((s) => (s ? { ...s, progress: r.progress } : s));
    setError(null);
    setFlash((n) => n + 1);
    void loadEvents();
  };

  const send = (text: string, n: number, m: Mode) => {
    // Queued: the next scan waits for this one, so counts land in the order they were scanned.
    queue.current = queue.current.then(async () => {
      const outcome = await attempt('stocktake.count', { sessionId, sku: text, qty: n, mode: m, actor: currentActor(), id: uuidv7() });
      if (outcome.ok) applied(outcome.result);
      else { setError(`${text}: ${outcome.error.message}`); setLast(null); }
    });
  };

  const submit = () => {
    const text = code.trim();
    if (!text) return;
    const n = Number(qty);
    if (!Number.isInteger(n) || (mode === 'add' ? n === 0 : n < 0)) {
      setError(mode === 'add' ? 'Type a whole number of units to add (a negative number takes units off).' : 'Type the whole number of units on the shelf (0 or more).');
      return;
    }
    setCode('');
    setQty('1');
    setMode('add');
    send(text, n, mode);
    codeRef.current?.focus();
  };

  const undo = async (e: CountEventView) => {
    const outcome = await attempt('stocktake.undo', { sessionId, eventId: e.id, actor: currentActor() });
    if (outcome.ok) applied(outcome.result);
    else setError(outcome.error.message);
    codeRef.current?.focus();
  };
  const lastUndoable = events.find((e) => e.mode !== 'undo' && !e.undoneBy);

  const onKeys = (e: KeyboardEvent) => {
    if (e.key === 'z' && e.ctrlKey) {
      e.preventDefault();
      if (lastUndoable) void undo(lastUndoable);
    }
  };

  if (!session) return error ? <div className="error-box">{error}</div> : <div className="muted">Loading…</div>;
  const item = last?.item ?? null;
  return (
    <div style={{ display: 'contents' }} onKeyDown={onKeys}>
      <SessionHeader session={session}>
        <button type="button" className="btn" onClick={() => navigate('stocktake')}>← All counts</button>
        <button type="button" className="btn primary" data-testid="st-to-review" onClick={() => navigate('stocktake', { view: 'review', session: sessionId })}>Review differences →</button>
      </SessionHeader>
      <ProgressBar progress={session.progress} />
      <div className="st-scan">
        <div className="left">
          <div className="panel st-scanbar">
            <input ref={codeRef} className="code" data-testid="st-scan" placeholder="Scan or type SKU / barcode, Enter" value={code} autoFocus
              onChange={(e) => setCode(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } }} />
            <label className="muted">Qty <input className="qty" data-testid="st-qty" value={qty} inputMode="numeric"
              onChange={(e) => setQty(e.target.value)} onFocus={(e) => e.target.select()}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (code.trim()) submit(); else codeRef.current?.focus(); } }} /></label>
            <span className="st-mode" role="group" aria-label="How the quantity counts">
              <button type="button" className={mode === 'add' ? 'active' : ''} data-testid="st-mode-add" onClick={() => { setMode('add'); codeRef.current?.focus(); }}>Add</button>
              <button type="button" className={mode === 'set' ? 'active' : ''} data-testid="st-mode-set" onClick={() => { setMode('set'); codeRef.current?.focus(); }}>Set count</button>
            </span>
            <span className="muted">{mode === 'add' ? `each scan adds ${qty || 1}` : `the next scan sets the count to ${qty || 0}`}</span>
          </div>
          {error && <div className="error-box" data-testid="st-scan-error">{error}</div>}
          <div className={`st-last ${error ? 'fail' : item ? 'flash' : ''}`} key={flash} data-testid="st-last">
            {item ? (
              <>
                <div><span className="name">{item.name}</span> <span className="sku">{item.sku}</span></div>
                <div className="st-numbers">
                  <div className="big-number"><div className="label">Counted</div><div className="value" data-testid="st-counted">{fmtQty(item.counted)}</div></div>
                  {last!.blind ? (
                    <div className="muted" style={{ alignSelf: 'center', maxWidth: 260 }}>Blind count: the expected quantity is shown after the count is committed.</div>
                  ) : (
                    <div className="big-number"><div className="label">Expected</div><div className="value" data-testid="st-expected">{fmtQty(item.expected ?? 0)}</div></div>
                  )}
                  <div className="muted" style={{ alignSelf: 'center' }}>
                    {item.events} {item.events === 1 ? 'scan' : 'scans'} by {item.countedBy.join(', ')}<br />
                    last {fmtDateTime(item.lastCountedAt, timeZone)}
                  </div>
                </div>
              </>
            ) : last ? (
              <div className="muted">{last.event.sku}: all its scans are undone; it is not counted now.</div>
            ) : (
              <div className="muted">Scan an item to start. Counted items and their running count show here.</div>
            )}
          </div>
          <RecentlyCounted items={counted} blind={session.blind} />
        </div>
        <div className="st-side">
          <div className="st-side-head">
            <b>Last scans</b>
            <button type="button" className="btn" disabled={!lastUndoable} data-testid="st-undo-last"
              onClick={() => lastUndoable && void undo(lastUndoable)} title="Undo the last scan (Ctrl+Z)">Undo last scan <kbd>Ctrl+Z</kbd></button>
          </div>
          <div className="st-recent">
            <table className="grid" data-testid="st-recent">
              <colgroup><col style={{ width: 60 }} /><col /><col style={{ width: 62 }} /><col style={{ width: 56 }} /><col style={{ width: 70 }} /></colgroup>
              <thead><tr><th>Time</th><th>Item</th><th>By</th><th className="n">Scan</th><th></th></tr></thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} className={e.undoneBy ? 'undone' : e.mode === 'undo' ? 'is-undo' : ''} data-testid={`st-event-${e.seq}`}>
                    <td>{fmtTime(e.countedAt)}</td>
                    <td title={`${e.name ?? ''} (${e.sku})`}>{e.name ?? e.sku}</td>
                    <td title={e.actor}>{e.actor.split(' ')[0]}</td>
                    <td className="n"><b>{scanText(e)}</b></td>
                    <td className="keep">{e.mode !== 'undo' && !e.undoneBy && <button type="button" className="btn" style={{ padding: '0 6px' }} data-testid={`st-undo-${e.seq}`} onClick={() => void undo(e)}>Undo</button>}</td>
                  </tr>
                ))}
                {events.length === 0 && <tr><td colSpan={5} className="muted" style={{ padding: 12 }}>No scans yet.</td></tr>}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <div className="muted">Enter counts the code · type a quantity first for several at once · “Set count” for a recount · Ctrl+Z undoes the last scan</div>
    </div>
  );
}
