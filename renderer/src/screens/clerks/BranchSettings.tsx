import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';

/** How 1358.51 and −10 look with these settings, so a manager sees the choice before saving. */
function sample(locale: string, currency: string): string {
  try {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    return `${money.format(1358.51)} · ${money.format(-10).replace(/[-\u2212]/, '−')} · ${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(Date.UTC(2026, 2, 14, 10, 30)))}`;
  } catch {
    return 'not a known locale or currency';
  }
}

/** The branch this PC belongs to and its time zone (day boundaries for "stock on 14 March"). */
export function BranchSettings({ onSaved }: { onSaved(): void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { call('settings.get', {}).then(setS).catch((e) => setError(errorMessage(e))); }, []);
  if (!s) return <div className="panel muted">{error ?? 'Loading settings…'}</div>;
  const save = async () => {
    const outcome = await attempt('settings.set', { branchCode: s.branchCode, branchName: s.branchName, timeZone: s.timeZone, allowNegativeStock: s.allowNegativeStock, currency: s.currency.trim().toUpperCase(), locale: s.locale.trim() });
    if (!outcome.ok) { setError(outcome.error.message); setSaved(false); return; }
    setError(null); setSaved(true); onSaved();
  };
  return (
    <div className="panel" style={{ alignSelf: 'start' }}>
      <h2>Branch</h2>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }} onChange={() => setSaved(false)}>
        <label htmlFor="b-code">Branch code</label><input id="b-code" value={s.branchCode} onChange={(e) => setS({ ...s, branchCode: e.target.value })} />
        <label htmlFor="b-name">Branch name</label><input id="b-name" value={s.branchName} onChange={(e) => setS({ ...s, branchName: e.target.value })} />
        <label htmlFor="b-tz">Time zone</label><input id="b-tz" value={s.timeZone} onChange={(e) => setS({ ...s, timeZone: e.target.value })} placeholder="Europe/Berlin" />
        <label htmlFor="b-currency">Currency</label><input id="b-currency" data-testid="settings-currency" value={s.currency} maxLength={3} style={{ width: 70 }} onChange={(e) => setS({ ...s, currency: e.target.value })} placeholder="EUR" />
        <label htmlFor="b-locale">Number &amp; date format</label>
        <span><input id="b-locale" data-testid="settings-locale" value={s.locale} style={{ width: 90 }} onChange={(e) => setS({ ...s, locale: e.target.value })} placeholder="en-GB" />
          {' '}<span className="muted" data-testid="settings-sample">{sample(s.locale, s.currency)}</span></span>
        <label htmlFor="b-neg">Negative stock</label>
        <label><input id="b-neg" type="checkbox" checked={s.allowNegativeStock} onChange={(e) => setS({ ...s, allowNegativeStock: e.target.checked })} /> allow selling beyond what the ledger shows</label>
        <span /><button type="submit" className="btn primary" data-testid="settings-save" style={{ justifySelf: 'start' }}>Save branch settings</button>
      </form>
      {error && <div className="error-box" style={{ marginTop: 8 }}>{error}</div>}
      {saved && <div className="ok-box" style={{ marginTop: 8 }}>Saved.</div>}
    </div>
  );
}
