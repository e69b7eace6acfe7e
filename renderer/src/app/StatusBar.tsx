import { useEffect } from 'react';
import { useBranch } from './branch';
import { useNavigation } from './navigation';
import { useSession } from './session';

const POLL_MS = 5000;

/** Branch, clerk and replication state, all from commands (`app.status`), refreshed every few seconds. */
export function StatusBar() {
  const status = useBranch((s) => s.status);
  const statusError = useBranch((s) => s.statusError);
  const refresh = useBranch((s) => s.refreshStatus);
  const clerk = useSession((s) => s.clerk);
  const switchClerk = useSession((s) => s.switchClerk);
  const visit = useNavigation((s) => s.visit);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => { void refresh(); }, [visit, refresh]);

  const sync = status?.sync;
  const syncText = !sync ? '…'
    : !sync.configured ? 'Sync not set up'
    : sync.diverged ? 'Sync stopped: out of step with HQ (see Sync)'
    : sync.online === false ? 'Offline'
    : sync.online === true ? 'Online'
    : 'Sync waiting';
  const syncClass = !sync || !sync.configured ? 'muted' : sync.online === false || sync.diverged ? 'bad' : 'good';
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="status-branch" title={status?.deviceId}>Branch <b>{status?.branchCode ?? '…'}</b> {status?.branchName}</span>
      <button type="button" className="link" data-testid="status-clerk" onClick={switchClerk} title="Switch clerk (F12)">
        Clerk <b>{clerk?.name ?? 'nobody'}</b> <kbd>F12</kbd>
      </button>
      <span className={`sync ${syncClass}`} data-testid="status-sync" title={sync?.lastError ?? undefined}>
        {syncText} · <b data-testid="status-pending">{sync?.pending ?? 0}</b> rows to send
      </span>
      {sync?.progress && sync.progress.pending > 0 && (
        // A backlog being sent: how far this round has got.
        <span className="status-progress" data-testid="status-sync-progress" title={`${sync.progress.pushed} of ${sync.progress.pending} rows sent`}>
          <span className="progress"><div style={{ width: `${Math.min(100, Math.round((sync.progress.pushed / sync.progress.pending) * 100))}%` }} /></span>
          sending {sync.progress.pushed.toLocaleString('en-GB')} / {sync.progress.pending.toLocaleString('en-GB')}
        </span>
      )}
      <span className="muted" data-testid="status-movements">{status ? `${status.movements.toLocaleString('en-GB')} movements in this ledger` : ''}</span>
      {statusError && <span className="bad">{statusError}</span>}
    </footer>
  );
}
