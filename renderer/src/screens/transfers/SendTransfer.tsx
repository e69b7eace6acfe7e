import { useEffect, useRef, useState } from 'react';
import type { StockRow, TransferBranches } from '../../../../shared/contract';
import { uuidv7 } from '../../../../shared/ids';
import { attempt, call } from '../../api';
import { currentActor } from '../../app/session';
import { fmtQty } from '../../ui/format';
import { lookupItem } from '../documents/DocumentsScreen';

interface Line { item: StockRow; qty: string }

/** Send stock to another branch: scan items, set quantities, send. Stock leaves on-hand at once. */
export function SendTransfer({ onSent }: { onSent: (message: string) => void }) {
  const [toBranch, setToBranch] = useState('');
  const [code, setCode] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState('');
  // One id per form: pressing Send twice sends once.
  const [id, setId] = useState(() => uuidv7());
  const [error, setError] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  // HQ's branches as the last sync brought them; null until loaded or when the PC never connected (free text).
  const [known, setKnown] = useState<TransferBranches | null>(null);
  useEffect(() => {
    let live = true;
    call('transfers.branches', {}).then((b) => { if (live) setKnown(b.known ? b : null); }).catch(() => undefined);
    return () => { live = false; };
  }, []);

  const add = async () => {
    const text = code.trim();
    if (!text) return;
    const found = await lookupItem(text).catch(() => null);
    if (!found) { setError(`No item with SKU or barcode “${text}”.`); return; }
    setError(null);
    setCode('');
    setLines((ls) => (ls.some((l) => l.item.sku === found.sku) ? ls.map((l) => (l.item.sku === found.sku ? { ...l, qty: String(Number(l.qty) + 1) } : l)) : [...ls, { item: found, qty: '1' }]));
  };

  const send = async () => {
    if (!toBranch.trim()) { setError(known ? 'Choose the branch that receives the goods.' : 'Type the code of the branch that receives the goods.'); return; }
    if (lines.length === 0) { setError('Add at least one item.'); scanRef.current?.focus(); return; }
    const outcome = await attempt('transfers.send', {
      toBranch: toBranch.trim().toUpperCase(), id, note: note.trim() || undefined, actor: currentActor(),
      lines: lines.map((l) => ({ sku: l.item.sku, qty: Number(l.qty) })),
    });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setError(null);
    setLines([]); setNote(''); setId(uuidv7());
    onSent(`Transfer ${outcome.result.id} to ${outcome.result.toBranch} sent: ${outcome.result.lines.length} line(s), now in transit.`);
  };

  return (
    <div className="panel" data-testid="transfer-send">
      <div className="toolbar">
        {known ? (
          <label>To branch{' '}
            <select data-testid="transfer-to" value={toBranch} onChange={(e) => setToBranch(e.target.value)} disabled={known.branches.length === 0}
              title="The branches HQ listed at the last sync">
              <option value="">{known.branches.length ? 'Choose…' : 'HQ lists no other branch'}</option>
              {known.branches.map((b) => <option key={b.code} value={b.code}>{b.code} · {b.name}</option>)}
            </select>
          </label>
        ) : (
          <label title="Not connected to HQ yet: type the receiving branch's code">To branch <input data-testid="transfer-to" style={{ width: 90 }} value={toBranch} onChange={(e) => setToBranch(e.target.value)} placeholder="code" /></label>
        )}
        <input ref={scanRef} className="search" style={{ width: 240 }} data-testid="transfer-scan" placeholder="Scan or type SKU, Enter" value={code}
          onChange={(e) => setCode(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void add(); } }} />
        <label>Note <input data-testid="transfer-note" value={note} onChange={(e) => setNote(e.target.value)} /></label>
        <button type="button" className="btn primary" data-testid="transfer-send-button" onClick={() => void send()}>Send transfer</button>
      </div>
      {error && <div className="error-box" data-testid="transfer-send-error" style={{ marginTop: 6 }}>{error}</div>}
      <table className="grid" style={{ marginTop: 6 }}>
        <thead><tr><th>SKU</th><th>Item</th><th className="n">Available</th><th className="n">Send</th><th /></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.item.sku} data-testid={`transfer-line-${l.item.sku}`}>
              <td>{l.item.sku}</td>
              <td>{l.item.name}</td>
              <td className="n">{fmtQty(l.item.available)}</td>
              <td className="n"><input className="num" style={{ width: 70 }} data-testid={`transfer-qty-${l.item.sku}`} value={l.qty}
                onChange={(e) => setLines((ls) => ls.map((x) => (x.item.sku === l.item.sku ? { ...x, qty: e.target.value } : x)))} /></td>
              <td><button type="button" className="link" onClick={() => setLines((ls) => ls.filter((x) => x.item.sku !== l.item.sku))}>remove</button></td>
            </tr>
          ))}
          {lines.length === 0 && <tr><td colSpan={5} className="muted">Scan the items to send.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
