import { useEffect, useState } from 'react';
import type { StocktakeSession } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useTimeZone } from '../../app/branch';
import { navigate } from '../../app/navigation';
import { fmtDateTime, fmtDelta } from '../../ui/format';
import { StatusBadge } from './parts';

const open = (s: StocktakeSession) => navigate('stocktake', { view: s.status === 'open' ? 'scan' : 'review', session: s.id });

/** Every count on this PC, newest first: open ones to continue, past ones with their adjustments. */
export function HistoryView() {
  const timeZone = useTimeZone();
  const [rows, setRows] = useState<StocktakeSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('stocktake.list', { limit: 200 }).then((r) => setRows(r.rows), (err) => setError(errorMessage(err)));
  }, []);
  const openOnes = rows?.filter((r) => r.status === 'open') ?? [];

  return (
    <>
      <div className="toolbar">
        <h1>Stock take</h1>
        <button type="button" className="btn primary" data-testid="st-new" onClick={() => navigate('stocktake', { view: 'start' })}>Start a count</button>
        {openOnes.length > 0 && (
          <button type="button" className="btn" data-testid="st-continue" onClick={() => open(openOnes[0]!)}>
            Continue counting: {openOnes[0]!.scopeLabel}
          </button>
        )}
        <span className="list-count">{rows ? `${rows.length} ${rows.length === 1 ? 'count' : 'counts'}` : 'Loading…'}</span>
      </div>
      {error && <div className="error-box">{error}</div>}
      <div className="doc-lines">
        <table className="grid st-history" data-testid="st-history">
          <colgroup>
            <col style={{ width: 140 }} /><col /><col style={{ width: 140 }} /><col style={{ width: 150 }} /><col style={{ width: 150 }} />
            <col style={{ width: 150 }} /><col style={{ width: 150 }} /><col style={{ width: 140 }} />
          </colgroup>
          <thead>
            <tr><th>Started</th><th>What was counted</th><th>Status</th><th className="n">Counted / in scope</th><th className="n">Adjustments</th><th>Started by</th><th>Closed by</th><th>Closed</th></tr>
          </thead>
          <tbody>
            {rows?.map((s) => (
              <tr key={s.id} data-testid={`st-session-${s.id}`} onClick={() => open(s)} title={s.status === 'open' ? 'Continue counting' : 'Open the variance report'}>
                <td>{fmtDateTime(s.startedAt, timeZone)}</td>
                <td><b>{s.scopeLabel}</b>{s.note ? <span className="muted"> · {s.note}</span> : null}</td>
                <td><StatusBadge session={s} /></td>
                <td className="n">{s.progress.counted.toLocaleString('en-GB')} / {s.progress.inScope.toLocaleString('en-GB')}</td>
                <td className="n">{s.adjustments ? `${s.adjustments.movements} (${fmtDelta(s.adjustments.netUnits)} units)` : <span className="muted">—</span>}</td>
                <td>{s.startedBy}</td>
                <td>{s.closedBy ?? ''}</td>
                <td>{fmtDateTime(s.closedAt, timeZone)}</td>
              </tr>
            ))}
            {rows?.length === 0 && (
              <tr><td colSpan={8} className="muted" style={{ padding: 16 }}>No stock take yet. Start a count: the whole shop, one category, one brand, or a list of items.</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
