import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Clerk } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { useSession } from '../../app/session';

/** The first start of a fresh ledger: the first user is created here, and is a manager. */
function FirstManager({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    if (pin !== again) { setError('The two PINs differ. Type the same PIN twice.'); return; }
    const made = await attempt('users.upsert', { name, pin, role: 'manager' });
    if (!made.ok) { setError(made.error.message); return; }
    const signed = await attempt('users.signIn', { userId: made.result.id, pin });
    if (!signed.ok) { setError(signed.error.message); return; }
    useSession.getState().signedIn(signed.result);
    onCreated();
  };
  return (
    <form className="signin panel" onSubmit={(e) => { e.preventDefault(); void create(); }} data-testid="first-run">
      <h1>Welcome. Who manages this shop PC?</h1>
      <div className="muted">This ledger has no clerks yet. Create the first one: a manager, who can then add the others under F10.</div>
      <label>Your name <input autoFocus data-testid="first-name" value={name} onChange={(e) => setName(e.target.value)} style={{ width: '100%' }} /></label>
      <label>PIN (4 to 8 digits) <input type="password" inputMode="numeric" className="pin" data-testid="first-pin" value={pin} onChange={(e) => { setPin(e.target.value); setError(null); }} /></label>
      <label>PIN again <input type="password" inputMode="numeric" className="pin" data-testid="first-pin-again" value={again} onChange={(e) => { setAgain(e.target.value); setError(null); }} /></label>
      {error && <div className="error-box" data-testid="signin-error">{error}</div>}
      <button type="submit" className="btn primary" data-testid="first-create">Create and sign in</button>
    </form>
  );
}

/**
 * "Who is working?": pick your name (arrows or click), type your PIN, Enter. Opened at start and by F12,
 * so switching clerk is F12, Enter on a name, PIN.
 */
export function SignInScreen() {
  const current = useSession((s) => s.clerk);
  const [clerks, setClerks] = useState<Clerk[] | null>(null);
  const [firstRun, setFirstRun] = useState(false);
  const [picked, setPicked] = useState(0);
  const [pinFor, setPinFor] = useState<Clerk | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('users.list', {}).then((r) => {
      setClerks(r.rows);
      setFirstRun(r.firstRun);
      const mine = r.rows.findIndex((c) => c.id === current?.id);
      setPicked(mine >= 0 ? (mine + 1) % Math.max(1, r.rows.length) : 0);
    }).catch((err) => setError(errorMessage(err)));
  }, [current?.id]);
  useEffect(() => { if (clerks && !pinFor) (listRef.current?.querySelector('button.picked') as HTMLButtonElement | null)?.focus(); }, [clerks, picked, pinFor]);
  useEffect(() => { if (pinFor) pinRef.current?.focus(); }, [pinFor]);

  if (firstRun) return <FirstManager onCreated={() => setFirstRun(false)} />;
  if (!clerks) return <div className="signin muted">{error ?? 'Loading clerks…'}</div>;

  const onListKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setPicked((p) => Math.min(clerks.length - 1, p + 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setPicked((p) => Math.max(0, p - 1)); }
    if (e.key === 'Escape') useSession.getState().cancelSwitch();
  };
  const submit = async () => {
    if (!pinFor) return;
    const outcome = await attempt('users.signIn', { userId: pinFor.id, pin });
    setPin('');
    if (!outcome.ok) { setError(outcome.error.message); return; }
    useSession.getState().signedIn(outcome.result);
  };

  return (
    <div className="signin panel" data-testid="signin">
      <h1>Who is working?</h1>
      {!pinFor ? (
        <>
          <div className="clerk-list" ref={listRef} onKeyDown={onListKey}>
            {clerks.map((c, i) => (
              <button key={c.id} type="button" className={i === picked ? 'picked' : ''} data-testid={`clerk-${c.name}`}
                onClick={() => { setPicked(i); setPinFor(c); setError(null); }}>
                {c.name} {c.role === 'manager' && <span className="muted">(manager)</span>} {c.id === current?.id && <span className="muted">· signed in now</span>}
              </button>
            ))}
          </div>
          <div className="muted">↑↓ pick your name · Enter · {current ? 'Esc keeps ' + current.name : 'then your PIN'}</div>
        </>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          onKeyDown={(e) => { if (e.key === 'Escape') { setPinFor(null); setError(null); } }}>
          <div>PIN for <b>{pinFor.name}</b></div>
          <input ref={pinRef} type="password" inputMode="numeric" className="pin" data-testid="signin-pin" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
          <div className="muted">Enter to sign in · Esc to pick another name</div>
          <button type="submit" className="btn primary" data-testid="signin-submit">Sign in</button>
        </form>
      )}
      {error && <div className="error-box" data-testid="signin-error">{error}</div>}
    </div>
  );
}
