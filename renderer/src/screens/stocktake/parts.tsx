import type { ReactNode } from 'react';
import type { StocktakeProgress, StocktakeSession } from '../../../../shared/contract';
import { useTimeZone } from '../../app/branch';
import { fmtDateTime } from '../../ui/format';

export function ProgressBar({ progress }: { progress: StocktakeProgress }) {
  const pct = progress.inScope ? Math.min(100, (progress.counted / progress.inScope) * 100) : 0;
  return (
    <div className="st-progress" data-testid="st-progress">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.inScope} aria-valuenow={progress.counted}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="label">{progress.counted.toLocaleString('en-GB')} / {progress.inScope.toLocaleString('en-GB')} items counted</span>
    </div>
  );
}

export function StatusBadge({ session }: { session: StocktakeSession }) {
  return (
    <>
      <span className={`st-badge ${session.status}`} data-testid="st-status">{session.status === 'open' ? 'counting' : session.status}</span>
      {session.blind && <span className="st-badge blind" title="Counters do not see expected quantities">blind</span>}
    </>
  );
}

/** Title line of a count: scope, badges, who started it when, and how it ended. */
export function SessionHeader({ session, children }: { session: StocktakeSession; children?: ReactNode }) {
  const timeZone = useTimeZone();
  return (
    <div className="st-head">
      <h1 data-testid="st-title">Stock take · {session.scopeLabel}</h1>
      <StatusBadge session={session} />
      <span className="meta">
        started {fmtDateTime(session.startedAt, timeZone)} by {session.startedBy}
        {session.note ? ` · “${session.note}”` : ''}
        {session.closedAt ? ` · ${session.status} ${fmtDateTime(session.closedAt, timeZone)} by ${session.closedBy}` : ''}
      </span>
      <span style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>{children}</span>
    </div>
  );
}

/** "Sold 2 · Received 6" style summary is too long for a cell; this is "3 moves, −2". */
export function afterText(after: { movements: number; onHandNet: number }): string {
  if (after.movements === 0) return '';
  const net = after.onHandNet === 0 ? '±0' : after.onHandNet > 0 ? `+${after.onHandNet}` : `−${-after.onHandNet}`;
  return `${after.movements} ${after.movements === 1 ? 'move' : 'moves'}, ${net}`;
}
