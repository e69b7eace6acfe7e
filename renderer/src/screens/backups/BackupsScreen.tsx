import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupEntry, CommandResult, ProgressEvent } from '../../../../shared/contract';
import { attempt, call } from '../../api';
import { useSession } from '../../app/session';
import { fmtBytes, fmtWhen } from './backupFormat';
import { FolderSetting } from './FolderSetting';
import { RestoreDialog } from './RestoreDialog';
import { lastRestore, type RestoreNote } from './restoreNote';
import './backups.css';

const KIND: Record<BackupEntry['reason'], string> = { daily: 'Daily', manual: 'Manual', 'pre-migration': 'Before an app update', 'pre-restore': 'Before a restore' };
const POLL_MS = 200;

/**
 * A manager's backups: what is kept and where (a second disk, a USB stick), a backup now (with progress:
 * a big ledger takes a while; the till keeps selling meanwhile), and a restore that keeps the file in use
 * as a backup too. A PC connected to HQ stops syncing after a restore until a manager recovers it.
 */
export function BackupsScreen() {
  const isManager = useSession((s) => s.clerk?.role === 'manager');
  const [list, setList] = useState<CommandResult<'backups.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [running, setRunning] = useState(false);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  const [note] = useState<RestoreNote | null>(() => lastRestore.take());
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => { if (timer.current) clearInterval(timer.current); }, []);

  const load = useCallback(() => { call('backups.list', {}).then(setList, (e: Error) => setError(e.message)); }, []);
  useEffect(load, [load]);

  const backUpNow = async () => {
    setRunning(true); setError(null); setDone(null); setProgress({ task: 'backup', done: 0, total: 0 });
    timer.current = setInterval(() => {
      void call('app.progress', {}).then(({ tasks }) => { const p = tasks.find((t) => t.task === 'backup'); if (p) setProgress(p); }).catch(() => undefined);
    }, POLL_MS);
    const outcome = await attempt('backups.create', {});
    if (timer.current) clearInterval(timer.current);
    setRunning(false);
    if (!outcome.ok) { setProgress(null); setError(outcome.error.message); return; }
    setProgress((p) => ({ task: 'backup', done: p?.total || 1, total: p?.total || 1 }));
    setDone(`Backed up: ${outcome.result.file} (${fmtBytes(outcome.result.bytes)}).`);
    load();
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : running ? 0 : 100;
  const newest = list?.backups[0];
  return (
    <div className="backups">
      {note && <div className="ok-box" data-testid="backups-restored">{note.text}</div>}
      <div className="toolbar">
        <button type="button" className="btn primary" data-testid="backups-now" disabled={running} onClick={() => void backUpNow()}>{running ? 'Backing up…' : 'Back up now'}</button>
        <span className="muted" data-testid="backups-summary">
          {!list ? 'Loading…' : newest ? `Newest backup: ${fmtWhen(newest.at)} · ${list.backups.length} kept` : 'No backups yet.'}
        </span>
      </div>
      {progress && (running || pct < 100) && (
        <div className="panel" data-testid="backups-progress">
          <div style={{ marginBottom: 4 }}>Copying the ledger… {progress.total ? `${pct} %` : ''} <span className="muted">Sales can go on meanwhile.</span></div>
          <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}><div style={{ width: `${pct}%` }} /></div>
        </div>
      )}
      {done && <div className="ok-box" data-testid="backups-done">{done}</div>}
      {error && <div className="error-box" data-testid="backups-error">{error}</div>}
      <div className="backups-body">
        <div className="panel backups-list" data-testid="backups-list">
          <h2>Backups of this ledger</h2>
          {list && list.backups.length === 0 ? (
            <div className="muted" data-testid="backups-empty">
              No backups yet. A daily backup is taken within an hour of the app starting, and one before every app update.
              Press <b>Back up now</b> to take one now.
            </div>
          ) : (
            <table className="grid">
              <thead><tr><th style={{ width: '32%' }}>When</th><th style={{ width: '26%' }}>Kind</th><th className="n" style={{ width: '16%' }}>Size</th><th /></tr></thead>
              <tbody>
                {list?.backups.map((b) => (
                  <tr key={b.file} data-testid="backup-row" title={b.file}>
                    <td>{fmtWhen(b.at)}</td>
                    <td><span className={`kind backup-${b.reason}`}>{KIND[b.reason]}</span></td>
                    <td className="n">{fmtBytes(b.bytes)}</td>
                    <td className="n">{isManager && <button type="button" className="btn small" data-testid="backup-restore" onClick={() => setRestoring(b)}>Restore…</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="side">
          {list && <FolderSetting folder={list.folder} canChange={isManager} onChanged={load} />}
          {list && (
            <div className="panel" data-testid="backups-howto">
              <h2>Restoring</h2>
              <p>{isManager ? 'Press Restore… on a backup.' : 'A manager can restore a backup from this screen.'} The ledger goes back to that moment; the file in use is kept first as a “Before a restore” backup, so nothing is lost.</p>
              {list.syncs && <p className="warn-text" data-testid="backups-syncs">This PC is connected to HQ: after a restore it stops sending until a manager presses <b>Recover</b> on the Sync screen.</p>}
              <p className="muted">Another file (from another PC's disk, say), with the app closed:</p>
              <code className="cli" data-testid="backups-cli">{list.cliCommand}</code>
            </div>
          )}
        </div>
      </div>
      {restoring && list && <RestoreDialog backup={restoring} syncs={list.syncs} kind={KIND[restoring.reason]} onClose={() => setRestoring(null)} />}
    </div>
  );
}
