import { useEffect, useRef, useState } from 'react';
import type { CommandResult, ProgressEvent } from '../../../../shared/contract';
import { attempt, call } from '../../api';

const bytes = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`);
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB') : 'never');

/** What support asks for on the phone, and a support bundle to send them (logs, checks, settings). */
export function AboutScreen() {
  const [about, setAbout] = useState<CommandResult<'support.about'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<CommandResult<'support.bundle'> | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => { if (timer.current) clearInterval(timer.current); }, []);

  useEffect(() => {
    void attempt('support.about', {}).then((o) => (o.ok ? setAbout(o.result) : setError(o.error.message)));
  }, []);

  const save = async () => {
    setSaving(true); setError(null); setSaved(null); setProgress(null);
    // The bundle checks and verifies the whole ledger in the worker: show how far it has got.
    timer.current = setInterval(() => {
      void call('app.progress', {}).then(({ tasks }) => {
        const p = tasks.find((t) => (t.task === 'check' || t.task === 'verify') && t.done < t.total);
        if (p) setProgress(p);
      }).catch(() => undefined);
    }, 250);
    const o = await attempt('support.bundle', {});
    if (timer.current) clearInterval(timer.current);
    setSaving(false); setProgress(null);
    if (o.ok) setSaved(o.result); else setError(o.error.message);
  };

  const rows: Array<[string, string, string]> = about ? [
    ['Version', about.appVersion ?? 'development build', 'about-version'],
    ['Branch', `${about.branchName} (${about.branchCode})`, 'about-branch'],
    ['Device id', about.deviceId, 'about-device'],
    ['Data folder', about.dataFolder, 'about-data-folder'],
    ['Ledger file', `${about.ledgerFile} (${bytes(about.fileBytes)})`, 'about-ledger-file'],
    ['Log folder', about.logFolder ?? 'not logging (development build)', 'about-log-folder'],
    ['Head office (HQ)', about.hqAddress ?? 'not connected', 'about-hq'],
    ['Last sync', when(about.lastSyncAt), 'about-last-sync'],
  ] : [];
  return (
    <>
      <h1>About Stock Ledger</h1>
      <div className="panel about-panel" data-testid="about">
        {!about && !error && <div className="muted">Loading…</div>}
        <table className="about-table"><tbody>
          {rows.map(([label, value, id]) => <tr key={id}><th>{label}</th><td data-testid={id} className="selectable">{value}</td></tr>)}
        </tbody></table>
      </div>
      <div className="panel about-panel">
        <h2>Support bundle</h2>
        <p className="muted">Saves a zip file with the logs, a check of the caches, a verification of the hash chain and the settings, for support. It never contains the device's secret token or any clerk's PIN.</p>
        <div className="toolbar">
          <button type="button" className="btn primary" data-testid="support-bundle" disabled={saving} onClick={() => void save()}>{saving ? 'Saving… (checking the ledger)' : 'Save support bundle'}</button>
        </div>
        {saving && progress && progress.total > 0 && (
          <div data-testid="support-progress">
            <div className="muted">{progress.task === 'verify' ? 'Verifying the hash chain' : 'Checking the caches'}: {progress.done.toLocaleString('en-GB')} / {progress.total.toLocaleString('en-GB')}</div>
            <div className="progress" role="progressbar" aria-valuenow={Math.round((progress.done / progress.total) * 100)} aria-valuemin={0} aria-valuemax={100}>
              <div style={{ width: `${Math.round((progress.done / progress.total) * 100)}%` }} />
            </div>
          </div>
        )}
        {saved && <div className="ok-box" data-testid="support-bundle-saved">Saved <span className="selectable">{saved.file}</span> ({bytes(saved.bytes)}). Send this file to support.
          {(!saved.checkOk || !saved.verifyOk) && ' The check found problems: the bundle describes them.'}</div>}
      </div>
      {error && <div className="error-box">{error}</div>}
    </>
  );
}
