import { printNow } from '../../print/printStore';
import { SavePdfButton } from '../../print/SavePdfButton';
import { CountSheet, VarianceReport } from '../../print/StocktakePrints';
import { useCallback, useEffect, useState } from 'react';
import type { StocktakeReview } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { navigate } from '../../app/navigation';
import { currentActor } from '../../app/session';
import { fmtDelta, fmtMoney, fmtQty } from '../../ui/format';
import { CancelDialog, CommitDialog } from './CommitDialog';
import { ProgressBar, SessionHeader } from './parts';
import { CountedTable, UncountedTable } from './VarianceTable';

const money = (minor: number | null) => (minor === null ? '—' : minor < 0 ? `−${fmtMoney(-minor)}` : fmtMoney(minor));

/** Saves the variance report through the browser's download (Electron asks where to save it). */
async function downloadCsv(sessionId: string): Promise<void> {
  const { csv, filename } = await call('stocktake.exportCsv', { sessionId });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The variance review: per counted item expected (the stock when it was counted), counted, the
 * difference and its value, largest value first, with totals; uncounted items apart. Commit (with a
 * confirmation) appends the differences; a committed count shows the adjustments it made.
 */
export function ReviewView({ sessionId }: { sessionId: string }) {
  const [review, setReview] = useState<StocktakeReview | null>(null);
  const [tab, setTab] = useState<'counted' | 'uncounted'>('counted');
  const [dialog, setDialog] = useState<'commit' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try { setReview(await call('stocktake.review', { sessionId })); } catch (err) { setError(errorMessage(err)); }
  }, [sessionId]);
  useEffect(() => { void load(); }, [load]);

  const commit = async (uncounted: 'leave' | 'zero') => {
    const outcome = await attempt('stocktake.commit', { sessionId, uncounted, actor: currentActor() });
    setDialog(null);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    const n = outcome.result.movements.length;
    setMessage(n === 0 ? 'Committed: every count matched the ledger, nothing to adjust.' : `Committed: ${n} stock-take ${n === 1 ? 'adjustment' : 'adjustments'} (${fmtDelta(outcome.result.netUnits)} units) appended, each in its item's trail.`);
    setError(null);
    await load();
  };

  const cancel = async (reason: string) => {
    const outcome = await attempt('stocktake.cancel', { sessionId, actor: currentActor(), reason: reason || undefined });
    setDialog(null);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setMessage('Count cancelled. Nothing was changed in the ledger.');
    await load();
  };

  if (!review) return error ? <div className="error-box">{error}</div> : <div className="muted">Loading the review…</div>;
  const { session, totals, uncountedTotals, hidden } = review;
  const isOpen = session.status === 'open';

  return (
    <>
      <SessionHeader session={session}>
        <button type="button" className="btn" onClick={() => navigate('stocktake')}>← All counts</button>
        {isOpen && <button type="button" className="btn" data-testid="st-to-scan" onClick={() => navigate('stocktake', { view: 'scan', session: sessionId })}>← Back to scanning</button>}
        <button type="button" className="btn" data-testid="st-print-sheet" title="A blind count sheet: items and empty boxes, no expected quantities"
          onClick={() => void printNow(`Count sheet ${sessionId}`, <CountSheet review={review} />)}>Print count sheet</button>
        <SavePdfButton title={`Count sheet ${sessionId}`} job={() => <CountSheet review={review} />} testId="st-pdf-sheet" />
        {!hidden && <button type="button" className="btn" data-testid="st-print-variance" onClick={() => void printNow(`Variance ${sessionId}`, <VarianceReport review={review} />)}>Print variance report</button>}
        {!hidden && <SavePdfButton title={`Variance ${sessionId}`} job={() => <VarianceReport review={review} />} testId="st-pdf-variance" />}
        <button type="button" className="btn" data-testid="st-export" onClick={() => void downloadCsv(sessionId).catch((err) => setError(errorMessage(err)))}>Export CSV</button>
        {isOpen && <button type="button" className="btn danger" data-testid="st-cancel" onClick={() => setDialog('cancel')}>Cancel count…</button>}
        {isOpen && <button type="button" className="btn primary" data-testid="st-commit" onClick={() => setDialog('commit')} disabled={totals.itemsCounted === 0}>Commit…</button>}
      </SessionHeader>
      <ProgressBar progress={session.progress} />
      {message && <div className="ok-box" data-testid="st-message">{message}</div>}
      {error && <div className="error-box" data-testid="st-error">{error}</div>}
      <div className="st-totals" data-testid="st-totals">
        <div className="big-number"><div className="label">Items counted</div><div className="value">{fmtQty(totals.itemsCounted)}</div><div className="sub">{fmtQty(totals.unitsCounted)} units</div></div>
        {hidden ? (
          <div className="panel" style={{ alignSelf: 'stretch', display: 'flex', alignItems: 'center', maxWidth: 520 }}>
            Blind count: expected quantities and differences are hidden until the count is committed.
          </div>
        ) : (
          <>
            <div className="big-number short" data-testid="st-total-short"><div className="label">Short</div><div className="value">{fmtDelta(totals.unitsShort ?? 0)}</div><div className="sub">{money(totals.valueShort)}</div></div>
            <div className="big-number over" data-testid="st-total-over"><div className="label">Over</div><div className="value">{fmtDelta(totals.unitsOver ?? 0)}</div><div className="sub">{money(totals.valueOver)}</div></div>
            <div className="big-number" data-testid="st-total-net"><div className="label">Net difference</div><div className="value">{money(totals.netValue)}</div><div className="sub">{fmtDelta(totals.netUnits ?? 0)} units · {totals.itemsWithDifference} items differ</div></div>
          </>
        )}
        <div className="big-number"><div className="label">Not counted</div><div className="value">{fmtQty(uncountedTotals.items)}</div><div className="sub">{uncountedTotals.units === null ? 'items' : `${fmtQty(uncountedTotals.units)} units on file`}</div></div>
      </div>
      <div className="toolbar">
        <div className="st-tabs">
          <button type="button" className={tab === 'counted' ? 'active' : ''} data-testid="st-tab-counted" onClick={() => setTab('counted')}>Counted ({review.rows.length})</button>
          <button type="button" className={tab === 'uncounted' ? 'active' : ''} data-testid="st-tab-uncounted" onClick={() => setTab('uncounted')}>Not counted ({review.uncounted.length})</button>
        </div>
        <span className="muted">{hidden ? 'By SKU' : 'Largest difference in value first'} · {review.costSource}{totals.itemsWithoutCost ? ` (${totals.itemsWithoutCost} differing items have none)` : ''}</span>
      </div>
      {tab === 'counted' ? <CountedTable review={review} /> : <UncountedTable review={review} />}
      <div className="muted">
        Expected = the stock when the item was first counted (or recounted with “Set count”); sales after that stay on top of the count.
        {' '}⚠ = stock moved while the item was being counted: recount it with “Set count” to be sure. Click a SKU for its trail.
      </div>
      {dialog === 'commit' && <CommitDialog review={review} onConfirm={(u) => void commit(u)} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog onConfirm={(r) => void cancel(r)} onClose={() => setDialog(null)} />}
    </>
  );
}
