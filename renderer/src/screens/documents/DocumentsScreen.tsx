import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DOCUMENT_TYPES, REASON_REQUIRED_TYPES, SUPPLIER_TYPES, type DocumentType } from '../../../../shared/contract/documents';
import { MOVEMENT_KINDS } from '../../../../shared/movements/kinds';
import { call, errorMessage } from '../../api';
import { navigate } from '../../app/navigation';
import { fmtDelta, fmtMoney, plural, shortId } from '../../ui/format';
import { printNow } from '../../print/printStore';
import { DocumentPrint } from '../../print/DocumentPrint';
import { SavePdfButton } from '../../print/SavePdfButton';
import { createScanQueue, type ScanQueue } from './scanQueue';
import { useDocument } from './documentStore';
import { DocumentLines } from './DocumentLines';

/** Finds the item a scanned barcode (any of an item's codes) or typed SKU names, through the ledger's own search. */
export async function lookupItem(code: string) {
  const { rows } = await call('stock.list', { search: code, limit: 5 });
  return rows.find((r) => r.barcodes.includes(code) || r.sku.toLowerCase() === code.toLowerCase()) ?? null;
}

/** The posted document with names and values, for the confirmation line and the printout. */
async function postedView(type: string, id: string) {
  return call('documents.get', { type, id });
}

/**
 * Receive, sale, customer return, complimentary, supplier return, write-off, adjustment: scan or type
 * a SKU + Enter to add a line, edit quantities in place, F8 (or Ctrl+Enter) posts all lines at once.
 */
export function DocumentsScreen() {
  const type = useDocument((s) => s.type);
  const docId = useDocument((s) => s.docId);
  const note = useDocument((s) => s.note);
  const supplier = useDocument((s) => s.supplier);
  const supplierRef = useDocument((s) => s.supplierRef);
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
  const needsReason = rule.noteRequired || REASON_REQUIRED_TYPES.has(type);
  const [posted, setPosted] = useState<Awaited<ReturnType<typeof postedView>> | null>(null);

  const post = async () => {
    await enqueueRef.current?.idle(); // a scan still being looked up belongs to this document
    const ok = await useDocument.getState().post();
    if (ok) {
      scanRef.current?.focus();
      const last = useDocument.getState().lastPosted;
      if (last) setPosted(await postedView(last.type, last.id).catch(() => null));
    } else if (useDocument.getState().noteError) noteRef.current?.focus();
  };
  useEffect(() => { if (!lastPosted) setPosted(null); }, [lastPosted]);

  const enqueueRef = useRef<ScanQueue | null>(null);
  const enqueue = useMemo(() => createScanQueue(async (text) => {
    try {
      const item = await lookupItem(text);
      // An unknown code comes back to the (empty) box for correction.
      if (!item) { setScanError(`No item with SKU or barcode “${text}”. Check the code, or add it on the Items screen (Shift+F1).`); setCode((typed) => typed || text); return; }
      const details = await call('items.get', { sku: item.sku });
      if (!details.active) { setScanError(`${item.sku} · ${item.name} is deactivated. Reactivate it on the Items screen (Shift+F1) to use it.`); return; }
      useDocument.getState().addItem({ sku: item.sku, name: item.name, available: item.available, defaultCost: details.defaultCost });
      setScanError(null);
    } catch (err) {
      setScanError(errorMessage(err));
      setCode((typed) => typed || text);
    }
  }), []);
  enqueueRef.current = enqueue;

  useEffect(() => {
    scanRef.current?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F8' || (e.key === 'Enter' && e.ctrlKey)) { e.preventDefault(); void post(); }
      else if (e.altKey && /^[1-7]$/.test(e.key)) { e.preventDefault(); useDocument.getState().setType(DOCUMENT_TYPES[Number(e.key) - 1]!); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') { setCode(''); setScanError(null); return; }
    if (e.key !== 'Enter' || e.ctrlKey) return;
    e.preventDefault();
    // Read the box and empty it now, before any lookup: the next scan's keys land in an empty box.
    const text = e.currentTarget.value.trim();
    e.currentTarget.value = '';
    setCode('');
    if (text) void enqueue(text);
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
        <span className="list-count" title={docId}>Document {shortId(docId)}</span>
      </div>
      {scanError && <div className="error-box" data-testid="scan-error">{scanError}</div>}
      {lastPosted && (
        <div className="ok-box posted" data-testid="doc-posted">
          <span>
            Recorded {MOVEMENT_KINDS[lastPosted.type as DocumentType]?.label.toLowerCase() ?? lastPosted.type} {shortId(lastPosted.id)}: {plural(lastPosted.movements.length, 'line')}
            {' '}({(posted?.lines ?? lastPosted.movements.map((m) => ({ sku: m.sku, name: null as string | null, onHandDelta: m.onHandDelta }))).slice(0, 4).map((m) => `${m.name ?? m.sku} ${fmtDelta(m.onHandDelta)}`).join(', ')}{lastPosted.movements.length > 4 ? ', …' : ''})
            {posted && posted.lines.some((l) => l.value !== null) && <> · value <b data-testid="doc-posted-value">{fmtMoney(posted.lines.reduce((t, l) => t + (l.value ?? 0), 0))}</b></>}.
          </span>
          {posted && <button type="button" className="btn small" data-testid="doc-posted-print" onClick={() => void printNow(`${posted.typeLabel} ${posted.id}`, <DocumentPrint doc={posted} />)}>Print</button>}
          {posted && <SavePdfButton small title={`${posted.typeLabel} ${posted.id}`} job={() => <DocumentPrint doc={posted} />} testId="doc-posted-pdf" />}
          <button type="button" className="btn small" data-testid="doc-posted-journal" onClick={() => navigate('journal', { open: lastPosted.id, type: lastPosted.type })}>Open in journal</button>
          <button type="button" className="link" onClick={() => navigate('item', { sku: lastPosted.movements[0]!.sku })}>See the trail</button>
        </div>
      )}
      {formError && <div className="error-box" data-testid="doc-error">{formError}</div>}
      <DocumentLines showCost={rule.costed === 'inflow'} signed={rule.signedQty} onDone={() => scanRef.current?.focus()} />
      <div className="doc-foot">
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <span>{needsReason ? <>Reason <b>(required: say why)</b></> : <>Note <span className="muted">(optional)</span></>}</span>
          <textarea ref={noteRef} data-testid="doc-note" value={note} onChange={(e) => useDocument.getState().setNote(e.target.value)} />
          {noteError && <span className="field-error" data-testid="note-error">{noteError}</span>}
        </label>
        {SUPPLIER_TYPES.has(type) && (
          // After the lines in Tab order: a clerk scans first, then copies the delivery note's header.
          <div className="doc-supplier">
            <label>Supplier <input data-testid="doc-supplier" value={supplier} placeholder="who delivered" onChange={(e) => useDocument.getState().setSupplier({ supplier: e.target.value })} /></label>
            <label>Delivery note no. <input data-testid="doc-supplier-ref" value={supplierRef} placeholder="on the paper" onChange={(e) => useDocument.getState().setSupplier({ supplierRef: e.target.value })} /></label>
          </div>
        )}
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <span>Happened at <span className="muted">{occurredAt ? '' : '(now)'}</span></span>
          <input type="datetime-local" data-testid="doc-occurred" value={occurredAt} onChange={(e) => useDocument.getState().setOccurredAt(e.target.value)} />
        </label>
        <div style={{ marginLeft: 'auto', display: 'flex', gap: 8, alignItems: 'center' }}>
          <button type="button" className="btn" data-testid="doc-clear" onClick={() => { useDocument.getState().clear(); setScanError(null); scanRef.current?.focus(); }} disabled={posting || lineCount === 0}>Clear form</button>
          <button type="button" className="btn primary" data-testid="doc-post" onClick={() => void post()} disabled={posting}>
            Post {MOVEMENT_KINDS[type].label.toLowerCase()} <kbd>F8</kbd>
          </button>
        </div>
      </div>
    </>
  );
}
