import type { TrailRow } from '../../../../shared/contract';
import { fmtDateTime, fmtDelta, fmtMoney, fmtQty, shortId } from '../../ui/format';

/** Everything the ledger knows about the selected movement: the answer to "where does this number come from?". */
export function MovementDetails({ row, timeZone, onSelect, onReverse }: { row: TrailRow | null; timeZone: string; onSelect(id: string): void; onReverse(row: TrailRow): void }) {
  if (!row) return <div className="panel muted">Select a line of the trail to see where it came from.</div>;
  return (
    <div className="panel" data-testid="movement-details">
      <h2>{row.kindLabel} {fmtDelta(row.onHandDelta || row.reservedDelta)}{row.onHandDelta === 0 ? ' reserved' : ''}</h2>
      <div className="form-grid" style={{ gridTemplateColumns: '96px 1fr', gap: '2px 8px' }}>
        <span className="muted">Document</span><span title={row.docId}>{row.docType} {shortId(row.docId)} · line {row.docLine + 1}</span>
        <span className="muted">Happened</span><span>{fmtDateTime(row.occurredAt, timeZone)}</span>
        <span className="muted">Recorded</span><span>{fmtDateTime(row.recordedAt, timeZone)}</span>
        <span className="muted">By</span><span data-testid="movement-by">{row.actor}{row.via === 'cli' && <span className="muted"> (CLI)</span>}</span>
        {row.approvedBy && <><span className="muted">Approved by</span><span data-testid="movement-approved-by">{row.approvedBy} (manager)</span></>}
        <span className="muted">Balance after</span><span><b>{fmtQty(row.onHandAfter)}</b> on hand · {fmtQty(row.reservedAfter)} reserved</span>
        {row.unitCost !== null && <><span className="muted">Unit cost</span><span>{fmtMoney(row.unitCost)}</span></>}
        {row.note && <><span className="muted">Note</span><span style={{ whiteSpace: 'normal' }}>{row.note}</span></>}
        {row.reverses && <><span className="muted">Reverses</span><button type="button" className="link" style={{ textAlign: 'left' }} onClick={() => onSelect(row.reverses!)}>{shortId(row.reverses)} (show)</button></>}
        {row.reversedBy && <><span className="muted">Reversed by</span><button type="button" className="link" style={{ textAlign: 'left' }} onClick={() => onSelect(row.reversedBy!)}>{shortId(row.reversedBy)} (show)</button></>}
      </div>
      {!row.reversedBy && <button type="button" className="btn danger" style={{ marginTop: 8 }} onClick={() => onReverse(row)}>Reverse this movement… <kbd>R</kbd></button>}
    </div>
  );
}
