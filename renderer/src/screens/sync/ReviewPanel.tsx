import { useCallback, useEffect, useState } from 'react';
import type { SyncParked } from '../../../../shared/contract';
import { call } from '../../api';
import { fmtDateTime } from '../../ui/format';

const POLL_MS = 2000;

const KIND_LABEL: Record<SyncParked['rows'][number]['kind'], string> = {
  item: 'Catalogue item',
  movement: 'Movement from another till',
  transfer: 'Transfer',
  receipt: 'Transfer receipt',
  notice: 'HQ notice',
};

const DECISION: Record<SyncParked['quarantined'][number]['status'], string> = {
  open: 'waiting for HQ',
  accepted: 'accepted by HQ',
  rejected: 'rejected by HQ (reversed)',
};

/** The reason without the "HQ sent item X, which this PC cannot store:" lead-in the table already says. */
function why(r: SyncParked['rows'][number]): string {
  for (const lead of [`HQ sent ${r.kind} ${r.key}, which this PC cannot store: `, `HQ sent ${r.kind} ${r.key}, which this PC could not apply: `]) {
    if (r.reason.startsWith(lead)) {
      const rest = r.reason.slice(lead.length);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return r.reason;
}

/**
 * "Needs review": what a sync could not store on this PC (parked, the rest went through) and this PC's rows
 * HQ set aside, with HQ's decision. Shown only when there is something to look at.
 */
export function ReviewPanel({ timeZone }: { timeZone: string }) {
  const [review, setReview] = useState<SyncParked | null>(null);
  const load = useCallback(async () => {
    try { setReview(await call('sync.parked', {})); } catch { /* the status panel shows sync errors */ }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (!review || (review.rows.length === 0 && review.quarantined.length === 0)) return null;

  return (
    <div className="panel" data-testid="sync-review" style={{ overflow: 'auto' }}>
      <h3 style={{ marginTop: 0 }}>Needs review {review.open > 0 && <span className="bad">({review.open} not applied)</span>}</h3>
      {review.rows.length > 0 && (
        <>
          <p className="muted" style={{ marginTop: 0 }}>
            HQ sent these, but this PC cannot store them as they are. Everything else was applied and sync goes on;
            HQ has been told. They apply by themselves once HQ corrects them.
          </p>
          <table className="grid" data-testid="sync-parked">
            <thead><tr><th>What</th><th>Which</th><th>Why</th><th>Since</th><th>State</th></tr></thead>
            <tbody>
              {review.rows.map((r) => (
                <tr key={r.id} data-testid={`parked-${r.kind}-${r.key}`}>
                  <td>{KIND_LABEL[r.kind]}</td>
                  <td title={r.key}><code>{r.key.length > 24 ? `${r.key.slice(0, 24)}…` : r.key}</code></td>
                  <td style={{ whiteSpace: 'normal', width: '55%' }} title={r.reason}>{why(r)}</td>
                  <td>{fmtDateTime(r.at, timeZone)}</td>
                  <td>{r.appliedAt ? `applied ${fmtDateTime(r.appliedAt, timeZone)}` : r.reportedAt ? 'parked · HQ told' : 'parked'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {review.quarantined.length > 0 && (
        <>
          <h3>Rows of this PC that HQ set aside</h3>
          <ul data-testid="sync-quarantined" style={{ paddingLeft: 18, margin: 0 }}>
            {review.quarantined.map((q) => (
              <li key={q.deviceSeq}>{q.reason} <b>{DECISION[q.status]}</b>{q.note ? `: ${q.note}` : ''}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
