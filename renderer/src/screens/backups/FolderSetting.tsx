import { useState, type FormEvent } from 'react';
import { attempt } from '../../api';

/** Where backups go: a second disk or a USB stick is best (a dead disk takes the ledger and its backups next to it). */
export function FolderSetting({ folder, canChange, onChanged }: { folder: string; canChange: boolean; onChanged(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (next: string | null) => {
    setBusy(true); setError(null); setSaved(null);
    const outcome = await attempt('backups.setFolder', { folder: next });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setSaved(`Backups now go to ${outcome.result.folder}.`);
    setText('');
    onChanged();
  };
  const submit = (e: FormEvent) => { e.preventDefault(); if (text.trim()) void save(text.trim()); };

  return (
    <div className="panel" data-testid="backups-folder">
      <h2>Backup folder</h2>
      <div className="folder-path" data-testid="backups-folder-path" title={folder}>{folder}</div>
      {canChange ? (
        <form onSubmit={submit} className="folder-form">
          <label htmlFor="backup-folder">Another folder (a second disk, a USB stick)</label>
          <input id="backup-folder" data-testid="backups-folder-input" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. E:\StockLedger backups or /media/usb/backups" />
          <div className="folder-actions">
            <button type="submit" className="btn" data-testid="backups-folder-save" disabled={busy || !text.trim()}>Use this folder</button>
            <button type="button" className="btn" data-testid="backups-folder-reset" disabled={busy} onClick={() => void save(null)}>Next to the ledger</button>
          </div>
        </form>
      ) : <div className="muted">A manager can choose another folder.</div>}
      {error && <div className="error-box" data-testid="backups-folder-error" style={{ marginTop: 6 }}>{error}</div>}
      {saved && <div className="ok-box" data-testid="backups-folder-saved" style={{ marginTop: 6 }}>{saved}</div>}
    </div>
  );
}
