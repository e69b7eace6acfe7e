import { useState } from 'react';
import type { SetupStatus } from '../../../../shared/contract';
import { attempt } from '../../api';
import { useSession } from '../../app/session';
import { CURRENCIES, pcCurrency, pcLocale, pcTimeZone } from './pcDefaults';
import { TimeZonePicker } from './TimeZonePicker';

/**
 * First start: which branch this PC is (code, name, time zone), its currency and locale, and the first
 * manager; or "connect to HQ first", where the enrolment code sets the branch and HQ its name and zone.
 * Nothing can be recorded in the app before this is done.
 */
export function SetupScreen({ status, onDone }: { status: SetupStatus; onDone(): void }) {
  const [viaHq, setViaHq] = useState(false);
  const [code, setCode] = useState(status.settings.branchCode ?? '');
  const [name, setName] = useState(status.settings.branchName);
  const [timeZone, setTimeZone] = useState(status.branchAssigned ? status.settings.timeZone : pcTimeZone());
  const [locale, setLocale] = useState(pcLocale());
  const [currency, setCurrency] = useState(pcCurrency(locale));
  const [serverUrl, setServerUrl] = useState('');
  const [enrollmentCode, setEnrollmentCode] = useState('');
  const [manager, setManager] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needManager = !status.hasUsers;

  const submit = async () => {
    if (needManager && pin !== again) { setError('The two PINs differ. Type the same PIN twice.'); return; }
    setBusy(true);
    const outcome = await attempt('setup.complete', {
      ...(viaHq ? { hq: { serverUrl, enrollmentCode }, timeZone } : { branch: { code, name, timeZone } }),
      currency, locale,
      ...(needManager ? { manager: { name: manager, pin } } : {}),
    });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setError(null);
    if (outcome.result.manager) {
      const signed = await attempt('users.signIn', { userId: outcome.result.manager.id, pin });
      if (signed.ok) useSession.getState().signedIn(signed.result);
    }
    onDone();
  };

  return (
    <form className="setup panel" data-testid="setup" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h1>Welcome to Stock Ledger</h1>
      <div className="muted">Set up this shop PC once. {status.movements > 0 && <b data-testid="setup-earlier">{status.movements} movements recorded before setup will belong to this branch.</b>}</div>

      <fieldset>
        <legend>Branch</legend>
        <label className="check"><input type="checkbox" data-testid="setup-via-hq" checked={viaHq} onChange={(e) => setViaHq(e.target.checked)} disabled={status.branchAssigned} /> Connect to HQ first (HQ gave you an enrolment code): HQ sets the branch, its name and time zone</label>
        {viaHq ? (
          <div className="form-grid">
            <label htmlFor="setup-hq-url">HQ address</label><input id="setup-hq-url" data-testid="setup-hq-url" placeholder="http://hq.example:8787" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
            <label htmlFor="setup-hq-code">Enrolment code</label><input id="setup-hq-code" data-testid="setup-hq-code" placeholder="7KQ2M-9XH4T-BW3RC" value={enrollmentCode} onChange={(e) => setEnrollmentCode(e.target.value)} />
          </div>
        ) : (
          <div className="form-grid">
            <label htmlFor="setup-code">Branch code</label><input id="setup-code" data-testid="setup-code" placeholder="BER-01 (as HQ spells it)" value={code} disabled={status.branchAssigned} onChange={(e) => setCode(e.target.value.toUpperCase())} />
            <label htmlFor="setup-name">Branch name</label><input id="setup-name" data-testid="setup-name" placeholder="Berlin Mitte" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
        )}
        <div className="form-grid">
          <label htmlFor="setup-tz">Time zone{viaHq ? ' (if HQ has none)' : ''}</label>
          <TimeZonePicker id="setup-tz" value={timeZone} onChange={setTimeZone} />
          <label htmlFor="setup-currency">Currency</label>
          <select id="setup-currency" data-testid="setup-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {(CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES]).map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <label htmlFor="setup-locale">Language and format</label>
          <input id="setup-locale" data-testid="setup-locale" value={locale} onChange={(e) => setLocale(e.target.value)} />
        </div>
      </fieldset>

      {needManager && (
        <fieldset>
          <legend>First manager</legend>
          <div className="muted">The manager adds clerks (F10), changes settings, and approves what clerks may not do alone.</div>
          <div className="form-grid">
            <label htmlFor="setup-manager">Name</label><input id="setup-manager" data-testid="setup-manager" value={manager} onChange={(e) => setManager(e.target.value)} />
            <label htmlFor="setup-pin">PIN (4 to 8 digits)</label><input id="setup-pin" type="password" inputMode="numeric" className="pin" data-testid="setup-pin" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
            <label htmlFor="setup-pin-again">PIN again</label><input id="setup-pin-again" type="password" inputMode="numeric" className="pin" data-testid="setup-pin-again" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="off" />
          </div>
        </fieldset>
      )}
      {error && <div className="error-box" data-testid="setup-error">{error}</div>}
      <button type="submit" className="btn primary" data-testid="setup-submit" disabled={busy}>{busy ? (viaHq ? 'Connecting to HQ…' : 'Setting up…') : 'Set up this shop'}</button>
    </form>
  );
}
