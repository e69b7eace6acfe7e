import { useEffect, useRef, useState } from 'react';
import type { TrailRow } from '../../../../shared/contract';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtDateTime, fmtDelta, shortId } from '../../ui/format';

/** Reverse one movement: the ledger appends a compensating row; the reason is required (the ledger says so). */
export function ReverseDialog({ row, itemName, sku, onDone, onCancel }: { row: TrailRow; itemName?: string; sku?: string; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const submit = async () => {
    setBusy(true);
    const outcome = await attempt('movements.reverse', { movementId: row.id, reason, actor: currentActor() });
    setBusy(false);
    if (outcome.ok) onDone();
    else setError(outcome.error.message);
  };

  return (
    <div className="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <div className="dialog" role="dialog" aria-label="Reverse movement" data-testid="reverse-dialog">
        <h2>Reverse this movement?</h2>
        <div data-testid="reverse-what"><b>{itemName ?? sku}</b> <span className="muted">{sku}</span></div>
        <div>{row.kindLabel} <b>{fmtDelta(row.onHandDelta || row.reservedDelta)}</b> · {fmtDateTime(row.occurredAt)} · by {row.actor} · <span title={row.docId}>document {shortId(row.docId)}</span></div>
        <div className="muted">A new row will cancel it out. The original stays in the trail, marked as reversed.</div>
        <label>Why is it wrong?
          <textarea ref={ref} data-testid="reverse-reason" value={reason} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void submit(); } }} />
        </label>
        {error && <div className="error-box" data-testid="reverse-error">{error}</div>}
        <div className="actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel <kbd>Esc</kbd></button>
          <button type="button" className="btn primary" data-testid="reverse-confirm" disabled={busy} onClick={() => void submit()}>Reverse <kbd>Enter</kbd></button>
        </div>
      </div>
    </div>
  );
}
