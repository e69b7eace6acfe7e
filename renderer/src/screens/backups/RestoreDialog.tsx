import { useState } from 'react';
import type { BackupEntry } from '../../../../shared/contract';
import { attempt } from '../../api';
import { useSession } from '../../app/session';
import { fmtWhen } from './backupFormat';
import { lastRestore } from './restoreNote';

/**
 * Confirms a restore and runs it. The ledger reopens with nobody signed in, so the clerk signs in again;
 * the outcome is shown on this screen afterwards.
 */
export function RestoreDialog({ backup, kind, syncs, onClose }: { backup: BackupEntry; kind: string; syncs: boolean; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async () => {
    setBusy(true); setError(null);
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
        {error && <div className="error-box" data-testid="restore-error">{error}</div>}
        <div className="actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="button" className="btn danger" data-testid="restore-confirm" onClick={() => void restore()} disabled={busy}>{busy ? 'Restoring…' : 'Restore'}</button>
        </div>
      </div>
    </div>
  );
}
