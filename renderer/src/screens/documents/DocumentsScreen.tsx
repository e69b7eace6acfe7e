import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DOCUMENT_TYPES, type DocumentType } from '../../../../shared/contract/documents';
import { MOVEMENT_KINDS } from '../../../../shared/movements/kinds';
import { call, errorMessage } from '../../api';
import { navigate } from '../../app/navigation';
import { fmtQty, shortId } from '../../ui/format';
import { useDocument } from './documentStore';
import { DocumentLines } from './DocumentLines';

/** Finds the item a scanned barcode or typed SKU names, through the ledger's own search. */
export async function lookupItem(code: string) {
  const { rows } = await call('stock.list', { search: code, limit: 5 });
  return rows.find((r) => r.barcode === code || r.sku.toLowerCase() === code.toLowerCase()) ?? null;
}

/**
 * Receive, sale, customer return, complimentary, supplier return, write-off, adjustment: scan or type
 * a SKU + Enter to add a line, edit quantities in place, F8 (or Ctrl+Enter) posts all lines at once.
 */
export function DocumentsScreen() {
  const type = useDocument((s) => s.type);
  const docId = useDocument((s) => s.docId);
  const note = useDocument((s) => s.note);
  const occurredAt = useDocument((s) => s.occurredAt);
  const noteError = useDocument((s) => s.noteError);
  const formError = useDocument((s) => s.formError);
  const posting = useDocument((s) => s.posting);
  const lastPosted = useDocument((s) => s.lastPosted);
  const lineCount = useDocument((s) => s.lines.length);
  const [code, setCode] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const rule = MOVEMENT_KINDS[type];

  // Scans are looked up one after another, in the order scanned; a post waits for the ones in flight,
  // so a scanner (or a clerk) faster than the lookup loses nothing and posts what was scanned.
  const scans = useRef<Promise<void>>(Promise.resolve());

  const post = async () => {
    await scans.current;
    const ok = await useDocument.getState().post();
    if (ok) scanRef.current?.focus();
    else if (useDocument.getState().noteError) noteRef.current?.focus();
  };

  useEffect(() => {
    scanRef.current?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F8' || (e.key === 'Enter' && e.ctrlKey)) { e.preventDefault(); void post(); }
      else if (e.altKey && /^[1-7]$/.test(e.key)) { e.preventDefault(); useDocument.getState().setType(DOCUMENT_TYPES[Number(e.key) - 1]!); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onScanKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') { setCode(''); setScanError(null); return; }
    if (e.key !== 'Enter' || e.ctrlKey) return;
    e.preventDefault();
    const text = code.trim();
    if (!text) return;
    // The box is free for the next scan at once; an unknown code comes back to it for correction.
    setCode('');
    scans.current = scans.current.then(async () => {
      try {
        const item = await lookupItem(text);
        if (!item) {
          setScanError(`No item with SKU or barcode “${text}”. Check the code, or add the item first.`);
          setCode((typed) => typed || text);
          return;
        }
        useDocument.getState().addItem({ sku: item.sku, name: item.name, available: item.available });
        setScanError(null);
      } catch (err) {
        setScanError(errorMessage(err));
        setCode((typed) => typed || text);
      }
    });
    await scans.current;
  };

  return (
    <>
      <div className="doc-types" role="tablist">
        {DOCUMENT_TYPES.map((t: DocumentType, i) => (
          <button key={t} type="button" role="tab" aria-selected={t === type} className={t === type ? 'active' : ''} data-testid={`doctype-${t}`}
            onClick={() => useDocument.getState().setType(t)} tabIndex={-1}>
            {MOVEMENT_KINDS[t].label} <kbd>Alt+{i + 1}</kbd>
          </button>
        ))}
      </div>
      <div className="toolbar">
        <input ref={scanRef} className="search" data-testid="doc-scan" placeholder="Scan, or type a SKU and press Enter" value={code}
          onChange={(e) => setCode(e.target.value)} onKeyDown={(e) => void onScanKey(e)} />
        <label>Happened at
          <input type="datetime-local" data-testid="doc-occurred" value={occurredAt} onChange={(e) => useDocument.getState().setOccurredAt(e.target.value)} />
        </label>
        <span className="muted">{occurredAt ? '' : '(now)'}</span>
        <span className="list-count" title={docId}>Document {shortId(docId)}</span>
      </div>
      {scanError && <div className="error-box" data-testid="scan-error">{scanError}</div>}
      {lastPosted && (
        <div className="ok-box" data-testid="doc-posted">
          Recorded {MOVEMENT_KINDS[lastPosted.type as DocumentType]?.label.toLowerCase() ?? lastPosted.type} {shortId(lastPosted.id)}: {lastPosted.movements.length} line{lastPosted.movements.length === 1 ? '' : 's'}
          {' '}({lastPosted.movements.map((m) => `${m.sku} ${fmtQty(m.onHandDelta)}`).join(', ')}).{' '}
          <button type="button" className="link" onClick={() => navigate('item', { sku: lastPosted.movements[0]!.sku })}>See the trail</button>
        </div>
      )}
      {formError && <div className="error-box" data-testid="doc-error">{formError}</div>}
      <DocumentLines showCost={rule.costed === 'inflow'} signed={rule.signedQty} onDone={() => scanRef.current?.focus()} />
      <div className="doc-foot">
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <span>Note{rule.noteRequired ? <b> (required: say why)</b> : <span className="muted"> (optional)</span>}</span>
          <textarea ref={noteRef} data-testid="doc-note" value={note} onChange={(e) => useDocument.getState().setNote(e.target.value)} />
          {noteError && <span className="field-error" data-testid="note-error">{noteError}</span>}
        </label>
        <div style={{ marginLeft: 'auto', display: 'flex', gap: 8, alignItems: 'center' }}>
          <button type="button" className="btn" onClick={() => useDocument.getState().clear()} disabled={posting || lineCount === 0}>Clear form</button>
          <button type="button" className="btn primary" data-testid="doc-post" onClick={() => void post()} disabled={posting}>
            Post {MOVEMENT_KINDS[type].label.toLowerCase()} <kbd>F8</kbd>
          </button>
        </div>
      </div>
    </>
  );
}
