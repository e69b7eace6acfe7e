import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';

/** The branch this PC belongs to and its time zone (day boundaries for "stock on 14 March"). */
export function BranchSettings({ onSaved }: { onSaved(): void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { call('settings.get', {}).then(setS).catch((e) => setError(errorMessage(e))); }, []);
  if (!s) return <div className="panel muted">{error ?? 'Loading settings…'}</div>;
  const save = async () => {
    const outcome = await attempt('settings.set', { ...(s.branchCode ? { branchCode: s.branchCode } : {}), branchName: s.branchName, timeZone: s.timeZone, allowNegativeStock: s.allowNegativeStock });
    if (!outcome.ok) { setError(outcome.error.message); setSaved(false); return; }
    setError(null); setSaved(true); onSaved();
  };
  return (
    <div className="panel" style={{ alignSelf: 'start' }}>
      <h2>Branch</h2>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }} onChange={() => setSaved(false)}>
        <label htmlFor="b-code">Branch code</label><input id="b-code" data-testid="settings-branch-code" value={s.branchCode ?? ''} onChange={(e) => setS({ ...s, branchCode: e.target.value })} />
        <label htmlFor="b-name">Branch name</label><input id="b-name" value={s.branchName} onChange={(e) => setS({ ...s, branchName: e.target.value })} />
        <label htmlFor="b-tz">Time zone</label><input id="b-tz" value={s.timeZone} onChange={(e) => setS({ ...s, timeZone: e.target.value })} placeholder="Europe/Berlin" />
        <label htmlFor="b-neg">Negative stock</label>
        <label><input id="b-neg" data-testid="settings-negative" type="checkbox" checked={s.allowNegativeStock} onChange={(e) => setS({ ...s, allowNegativeStock: e.target.checked })} /> allow selling beyond what the ledger shows</label>
        <span /><button type="submit" className="btn primary" data-testid="settings-save" style={{ justifySelf: 'start' }}>Save branch settings</button>
      </form>
      {error && <div className="error-box" data-testid="settings-error" style={{ marginTop: 8 }}>{error}</div>}
      {saved && <div className="ok-box" data-testid="settings-saved" style={{ marginTop: 8 }}>Saved.</div>}
    </div>
  );
}
