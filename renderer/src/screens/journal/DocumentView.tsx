import { useCallback, useEffect, useState } from 'react';
import type { CommandResult } from '../../../../shared/contract';
import { attempt } from '../../api';
import { navigate } from '../../app/navigation';
import { DocumentPrint } from '../../print/DocumentPrint';
import { printNow } from '../../print/printStore';
import { SavePdfButton } from '../../print/SavePdfButton';
import { fmtDateTime, fmtDelta, fmtMoney, plural, shortId } from '../../ui/format';
import { ReverseDocumentDialog } from './ReverseDocumentDialog';

type Doc = CommandResult<'documents.get'>;

/** One document: header, lines with values and total; print it, or reverse it whole. */
export function DocumentView({ type, id, onClose, onChanged }: { type: string; id: string; onClose(): void; onChanged(): void }) {
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reversing, setReversing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    const outcome = await attempt('documents.get', { type, id });
    if (outcome.ok) setDoc(outcome.result); else setError(outcome.error.message);
  }, [type, id]);
  useEffect(() => { void load(); }, [load]);

  if (error) return <div className="doc-view panel"><div className="error-box">{error}</div></div>;
  if (!doc) return <div className="doc-view panel muted">Loading…</div>;
  const total = doc.lines.reduce((t, l) => t + (l.value ?? 0), 0);
  const qty = doc.lines.reduce((t, l) => t + l.onHandDelta, 0);
  const open = doc.lines.filter((l) => !l.reversedBy).length;
  const reversible = doc.type !== 'reversal' && open > 0;
  return (
    <div className="doc-view panel" data-testid="doc-view" onKeyDown={(e) => { if (e.key === 'Escape' && !reversing) onClose(); }}>
      <div className="doc-view-head">
        <div>
          <h2 data-testid="doc-view-title" title={doc.id}>{doc.typeLabel} {shortId(doc.id)}</h2>
          <div className="muted">{fmtDateTime(doc.occurredAt)} · {doc.actor} · {plural(doc.lines.length, 'line')}</div>
          {doc.supplier && <div data-testid="doc-view-supplier">Supplier <b>{doc.supplier}</b>{doc.supplierRef && <> · delivery note <b>{doc.supplierRef}</b></>}</div>}
          {doc.note && <div className="muted">“{doc.note}”</div>}
        </div>
        <button type="button" className="link muted" onClick={onClose} title="Close (Esc)">✕</button>
      </div>
      {message && <div className="ok-box" data-testid="doc-view-message">{message}</div>}
      <div className="doc-view-lines">
        <table className="grid" data-testid="doc-view-lines">
          <colgroup><col style={{ width: 104 }} /><col /><col style={{ width: 52 }} /><col style={{ width: 84 }} /><col style={{ width: 92 }} /></colgroup>
          <thead><tr><th>SKU</th><th>Item</th><th className="n">Qty</th><th className="n">Unit cost</th><th className="n">Value</th></tr></thead>
          <tbody>
            {doc.lines.map((l) => (
              <tr key={l.movementId} className={l.reversedBy ? 'reversed' : ''} data-testid={`doc-view-line-${l.sku}`}>
                <td title={l.sku}><button type="button" className="link" onClick={() => navigate('item', { sku: l.sku })}>{l.sku}</button></td>
                <td title={l.name ?? ''}>{l.name}{l.reversedBy && <span className="muted"> (reversed)</span>}</td>
                <td className="n">{fmtDelta(l.onHandDelta || l.qty)}</td>
                <td className="n">{l.unitCost === null ? <span className="muted">no cost</span> : fmtMoney(l.unitCost)}</td>
                <td className="n">{l.value === null ? '—' : fmtMoney(l.value)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><td colSpan={2}>Total</td><td className="n">{fmtDelta(qty)}</td><td></td><td className="n" data-testid="doc-view-total">{fmtMoney(total)}</td></tr></tfoot>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="btn" data-testid="doc-view-print" onClick={() => void printNow(`${doc.typeLabel} ${doc.id}`, <DocumentPrint doc={doc} />)}>Print</button>
        <SavePdfButton title={`${doc.typeLabel} ${doc.id}`} job={() => <DocumentPrint doc={doc} />} testId="doc-view-pdf" />
        {reversible && <button type="button" className="btn danger" data-testid="doc-view-reverse" onClick={() => setReversing(true)}>Reverse {open === doc.lines.length ? 'whole document' : `${plural(open, 'remaining line')}`}</button>}
      </div>
      {reversing && (
        <ReverseDocumentDialog doc={doc} onCancel={() => setReversing(false)}
          onDone={(n) => { setReversing(false); setMessage(`Reversed ${plural(n, 'line')}. The original stays in the journal, marked as reversed.`); void load(); onChanged(); }} />
      )}
    </div>
  );
}
