import { useEffect, useState } from 'react';
import type { BackupEntry } from '../../../../shared/contract';
import { restorePhase, type RestorePhase } from '../../../../shared/safety/restoreProgress';
import { attempt, call } from '../../api';
import { useSession } from '../../app/session';
import { fmtWhen } from './backupFormat';
import { lastRestore } from './restoreNote';

const POLL_MS = 300;

/**
 * Confirms a restore and runs it, showing each step while it runs (a big or older backup takes a while:
 * copied, updated to this version, every hash checked). The ledger reopens with nobody signed in, so
 * the clerk signs in again; the outcome is shown on this screen afterwards.
 */
export function RestoreDialog({ backup, kind, syncs, onClose }: { backup: BackupEntry; kind: string; syncs: boolean; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<RestorePhase | null>(null);
  useEffect(() => {
    if (!busy) return undefined;
    // app.progress is answered by the host itself, so it works while the ledger is closed.
    const timer = setInterval(() => { void call('app.progress', {}).then(({ tasks }) => setPhase(restorePhase(tasks))).catch(() => undefined); }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy]);

  const restore = async () => {
    setBusy(true); setError(null); setPhase(restorePhase([]));
    const outcome = await attempt('backups.restore', { file: backup.file });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    const r = outcome.result;
    const then = r.syncs ? ' Sync is stopped until a manager presses Recover on the Sync screen.' : '';
    lastRestore.set({ text: `Restored the backup of ${fmtWhen(backup.at)} (${r.movements.toLocaleString('en-GB')} movements, verified). The file that was in use is kept as ${r.previous ?? 'nothing (there was none)'}.${then}` });
    onClose();
    useSession.getState().signedOut();
  };

  return (
    <div className="backdrop" role="dialog" aria-modal="true" aria-labelledby="restore-title">
      <div className="dialog restore-dialog" data-testid="restore-dialog">
        <h2 id="restore-title">Restore the backup of {fmtWhen(backup.at)}?</h2>
        <p>The ledger goes back to that moment ({kind.toLowerCase()} backup). Anything recorded after it is no longer in the ledger in use; it stays in the current file, which is kept first as a “Before a restore” backup.</p>
        {syncs && <p className="warn-text">This PC is connected to HQ. After the restore it stops sending (HQ holds newer rows of this PC); a manager then presses <b>Recover</b> on the Sync screen: HQ's rows come back here and nothing old is sent as new.</p>}
        <p className="muted">The ledger closes for a moment; everyone signs in again afterwards.</p>
        {busy && phase && (
          <div className="panel" data-testid="restore-progress">
            <div style={{ marginBottom: 4 }}>{phase.text}{phase.pct !== null && phase.pct < 100 ? <span className="muted"> · {phase.pct} %</span> : null}</div>
            <div className={`progress${phase.pct === null ? ' indeterminate' : ''}`} role="progressbar" aria-valuenow={phase.pct ?? undefined} aria-valuemin={0} aria-valuemax={100}>
              <div style={{ width: `${phase.pct ?? 100}%` }} />
            </div>
            <div className="muted" style={{ marginTop: 4 }}>Leave the app open; it signs everyone out when the restored ledger is ready.</div>
          </div>
        )}
        {error && <div className="error-box" data-testid="restore-error">{error}</div>}
        <div className="actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="button" className="btn danger" data-testid="restore-confirm" onClick={() => void restore()} disabled={busy}>{busy ? 'Restoring…' : 'Restore'}</button>
        </div>
      </div>
    </div>
  );
}
