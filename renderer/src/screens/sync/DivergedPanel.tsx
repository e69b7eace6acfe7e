import { useState } from 'react';
import type { SyncStatus } from '../../../../shared/contract';
import { attempt } from '../../api';
import { useSession } from '../../app/session';
import { fmtDateTime } from '../../ui/format';

/**
 * Shown when this PC's ledger no longer matches what HQ holds of it (a restored backup, a power cut):
 * sync is stopped, recording goes on, and a signed-in manager brings it back with one button
 * (`sync.recover`): HQ's rows come back and what was recorded here since is sent again under a new
 * device id. Nothing is deleted on either side.
 */
export function DivergedPanel({ diverged, timeZone, onDone }: { diverged: NonNullable<SyncStatus['diverged']>; timeZone: string; onDone: (message: string | null, error: string | null) => void }) {
  const clerk = useSession((s) => s.clerk);
  const [busy, setBusy] = useState(false);
  const isManager = clerk?.role === 'manager';

  const recover = async () => {
    if (!clerk) return;
    setBusy(true);
    const outcome = await attempt('sync.recover', { actor: clerk.name });
    setBusy(false);
    if (!outcome.ok) { onDone(null, outcome.error.message); return; }
    const r = outcome.result;
    const then = r.roundError ? ` The first sync after it did not finish (${r.roundError}); it retries by itself.` : ' Sync is running again.';
    onDone(`Recovered: ${r.restored} row(s) HQ held came back to this PC, ${r.resent} row(s) recorded here since were sent again as a new device.${then}`, null);
  };

  return (
    <div className="error-box" data-testid="sync-diverged">
      <b>Sync stopped: this PC's ledger is out of step with HQ</b> (noticed {fmtDateTime(diverged.detectedAt, timeZone)}).
      <p style={{ margin: '6px 0' }}>{diverged.message}</p>
      <button type="button" className="btn primary" data-testid="sync-recover" disabled={busy || !isManager} onClick={() => void recover()}>
        {busy ? 'Recovering…' : 'Recover'}
      </button>{' '}
      {!isManager && <span className="muted">A manager must be signed in to recover (F12 switches clerk).</span>}
    </div>
  );
}
