import { useEffect, useRef, useState } from 'react';
import type { StocktakeReview } from '../../../../shared/contract';
import { useSession } from '../../app/session';
import { fmtDelta, fmtMoney, fmtQty } from '../../ui/format';

const money = (minor: number | null) => (minor === null ? '' : minor < 0 ? `−${fmtMoney(-minor)}` : fmtMoney(minor));

/** "73 units short (−277.63), 2 units over (9.00)", leaving out a side that is zero. */
function differenceParts(t: StocktakeReview['totals']): string[] {
  const parts: string[] = [];
  if (t.unitsShort) parts.push(`${fmtQty(-t.unitsShort)} units short (${money(t.valueShort)})`);
  if (t.unitsOver) parts.push(`${fmtQty(t.unitsOver)} units over (${money(t.valueOver)})`);
  return parts;
}

function useEscape(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
}

/** Confirmation before the differences go into the ledger: what will be appended, and what to do with uncounted items. */
export function CommitDialog({ review, onConfirm, onClose }: { review: StocktakeReview; onConfirm: (uncounted: 'leave' | 'zero') => void; onClose: () => void }) {
  const [uncounted, setUncounted] = useState<'leave' | 'zero'>('leave');
  const [busy, setBusy] = useState(false);
  const clerk = useSession((s) => s.clerk);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEscape(onClose);
  useEffect(() => { confirmRef.current?.focus(); }, []);
  const { totals, uncountedTotals, hidden } = review;
  const zeroable = review.uncounted.filter((u) => u.expected !== 0).length;

  return (
    <div className="backdrop" role="dialog" aria-modal="true" aria-labelledby="st-commit-title">
      <div className="dialog st-commit" data-testid="st-commit-dialog">
        <h2 id="st-commit-title">Commit this stock take?</h2>
        {hidden ? (
          <p style={{ margin: 0 }}>This is a blind count: the differences between the {fmtQty(totals.itemsCounted)} counted items and the ledger are worked out and shown once it is committed.</p>
        ) : (
          <p style={{ margin: 0 }} data-testid="st-commit-summary">
            {totals.itemsWithDifference === 0
              ? `All ${fmtQty(totals.itemsCounted)} counted items match the ledger.`
              : `${totals.itemsWithDifference} of ${fmtQty(totals.itemsCounted)} counted items differ: ${differenceParts(totals).join(', ')}. One stock-take adjustment per differing item will be appended.`}
          </p>
        )}
        {uncountedTotals.items > 0 && (
          <div className="choice">
            <b>{fmtQty(uncountedTotals.items)} items in scope were not counted:</b>
            <label><input type="radio" name="uncounted" checked={uncounted === 'leave'} onChange={() => setUncounted('leave')} data-testid="st-uncounted-leave" />
              <span>Leave their stock as it is (count them another time).</span></label>
            <label><input type="radio" name="uncounted" checked={uncounted === 'zero'} onChange={() => setUncounted('zero')} data-testid="st-uncounted-zero" />
              <span>They are not on the shelf: count them as zero{hidden ? '' : ` (${zeroable} items, ${fmtDelta(-(uncountedTotals.units ?? 0))} units)`}.</span></label>
          </div>
        )}
        <p className="muted" style={{ margin: 0 }}>Recorded as {clerk?.name ?? 'the signed-in clerk'}. Sales made since an item was counted stay as they are. A committed count cannot be changed; corrections are new movements.</p>
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>Back <kbd>Esc</kbd></button>
          <button ref={confirmRef} type="button" className="btn primary" disabled={busy} data-testid="st-commit-confirm" onClick={() => { setBusy(true); onConfirm(uncounted); }}>Commit stock take</button>
        </div>
      </div>
    </div>
  );
}

export function CancelDialog({ onConfirm, onClose }: { onConfirm: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  useEscape(onClose);
  return (
    <div className="backdrop" role="dialog" aria-modal="true">
      <div className="dialog" data-testid="st-cancel-dialog">
        <h2>Cancel this count?</h2>
        <p style={{ margin: 0 }}>Nothing is written to the stock: the counts stay on record as a cancelled count. This cannot be reopened.</p>
        <textarea placeholder="Why (optional)" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="st-cancel-reason" />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>Keep counting <kbd>Esc</kbd></button>
          <button type="button" className="btn danger" data-testid="st-cancel-confirm" onClick={() => onConfirm(reason.trim())}>Cancel the count</button>
        </div>
      </div>
    </div>
  );
}
