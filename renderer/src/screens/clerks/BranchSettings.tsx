import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { CURRENCIES } from '../setup/pcDefaults';
import { TimeZonePicker } from '../setup/TimeZonePicker';

/** How 1358.51 and −10 look with these settings, so a manager sees the choice before saving. */
function sample(locale: string, currency: string): string {
  try {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    return `${money.format(1358.51)} · ${money.format(-10).replace(/[-\u2212]/, '−')} · ${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(Date.UTC(2026, 2, 14, 10, 30)))}`;
  } catch {
    return 'not a known locale or currency';
  }
}

/**
 * The branch this PC belongs to and how it works: time zone (day boundaries for "stock on 14 March"),
 * currency, locale, negative stock, and how old a movement a clerk may reverse alone. A manager's screen;
 * the ledger checks it too, and refuses a new branch code once the ledger has movements.
 */
export function BranchSettings({ onSaved }: { onSaved(): void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { call('settings.get', {}).then(setS).catch((e) => setError(errorMessage(e))); }, []);
  if (!s) return <div className="panel muted">{error ?? 'Loading settings…'}</div>;
  const save = async () => {
    const outcome = await attempt('settings.set', {
      ...(s.branchCode ? { branchCode: s.branchCode } : {}), branchName: s.branchName, timeZone: s.timeZone, allowNegativeStock: s.allowNegativeStock,
      currency: s.currency.trim().toUpperCase(), locale: s.locale.trim(), clerkReversalHours: s.clerkReversalHours,
    });
    if (!outcome.ok) { setError(outcome.error.message); setSaved(false); return; }
    setError(null); setSaved(true); onSaved();
  };
  const change = (patch: Partial<Settings>) => { setS({ ...s, ...patch }); setSaved(false); };
  return (
    <div className="panel" style={{ alignSelf: 'start' }}>
      <h2>Branch</h2>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label htmlFor="b-code">Branch code</label><input id="b-code" data-testid="settings-branch-code" value={s.branchCode ?? ''} onChange={(e) => change({ branchCode: e.target.value })} />
        <label htmlFor="b-name">Branch name</label><input id="b-name" value={s.branchName} onChange={(e) => change({ branchName: e.target.value })} />
        <label htmlFor="b-tz">Time zone</label><TimeZonePicker id="b-tz" value={s.timeZone} onChange={(timeZone) => change({ timeZone })} />
        <label htmlFor="b-currency">Currency</label><input id="b-currency" data-testid="settings-currency" list="b-currencies" value={s.currency} maxLength={3} style={{ width: 70 }} onChange={(e) => change({ currency: e.target.value })} placeholder="EUR" />
        <datalist id="b-currencies">{CURRENCIES.map((c) => <option key={c} value={c} />)}</datalist>
        <label htmlFor="b-locale">Number &amp; date format</label>
        <span><input id="b-locale" data-testid="settings-locale" value={s.locale} style={{ width: 90 }} onChange={(e) => change({ locale: e.target.value })} placeholder="en-GB" />
          {' '}<span className="muted" data-testid="settings-sample">{sample(s.locale, s.currency)}</span></span>
        <label htmlFor="b-neg">Negative stock</label>
        <label><input id="b-neg" data-testid="settings-negative" type="checkbox" checked={s.allowNegativeStock} onChange={(e) => change({ allowNegativeStock: e.target.checked })} /> allow selling beyond what the ledger shows</label>
        <label htmlFor="b-rev">Clerk reversals</label>
        <span><input id="b-rev" className="num" type="number" min={0} max={8760} value={s.clerkReversalHours} onChange={(e) => change({ clerkReversalHours: Number(e.target.value) })} /> hours: older movements need a manager</span>
        <span /><button type="submit" className="btn primary" data-testid="settings-save" style={{ justifySelf: 'start' }}>Save branch settings</button>
      </form>
      {error && <div className="error-box" data-testid="settings-error" style={{ marginTop: 8 }}>{error}</div>}
      {saved && <div className="ok-box" data-testid="settings-saved" style={{ marginTop: 8 }}>Saved.</div>}
    </div>
  );
}
