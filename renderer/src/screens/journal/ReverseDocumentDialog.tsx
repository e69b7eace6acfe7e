import { useEffect, useRef, useState } from 'react';
import type { CommandResult } from '../../../../shared/contract';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtDateTime, fmtDelta, plural } from '../../ui/format';

type Doc = CommandResult<'documents.get'>;

/** Reverse a whole document: every line not yet reversed gets its own linked reversal; a reason is required. */
export function ReverseDocumentDialog({ doc, onDone, onCancel }: { doc: Doc; onDone(lines: number): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const open = doc.lines.filter((l) => !l.reversedBy);

  const submit = async () => {
    setBusy(true);
    const outcome = await attempt('documents.reverse', { type: doc.type, id: doc.id, reason, actor: currentActor() });
    setBusy(false);
    if (outcome.ok) onDone(outcome.result.reversedLines);
    else setError(outcome.error.message);
  };

  return (
    <div className="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onCancel(); } }}>
      <div className="dialog" role="dialog" aria-label="Reverse document" data-testid="reverse-doc-dialog">
        <h2>Reverse {doc.typeLabel.toLowerCase()} {doc.id}?</h2>
        <div className="muted">{fmtDateTime(doc.occurredAt)} · by {doc.actor}</div>
        <ul className="reverse-lines">
          {open.map((l) => <li key={l.movementId}><b>{l.name ?? l.sku}</b> <span className="muted">{l.sku}</span> {fmtDelta(l.onHandDelta || l.qty)}</li>)}
        </ul>
        <div className="muted">{plural(open.length, 'new row')} will cancel {open.length === 1 ? 'it' : 'them'} out. The document stays in the journal, marked as reversed.</div>
        <label>Why is it wrong?
          <textarea ref={ref} data-testid="reverse-doc-reason" value={reason} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void submit(); } }} />
        </label>
        {error && <div className="error-box" data-testid="reverse-doc-error">{error}</div>}
        <div className="actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
          <button type="button" className="btn primary" data-testid="reverse-doc-confirm" disabled={busy} onClick={() => void submit()}>Reverse {plural(open.length, 'line')} <kbd>Enter</kbd></button>
        </div>
      </div>
    </div>
  );
}
