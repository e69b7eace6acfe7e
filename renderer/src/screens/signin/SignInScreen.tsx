import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Clerk } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { useSession } from '../../app/session';

/**
 * "Who is working?" (the first manager is created in the first-start setup, screens/setup): pick your name (arrows or click), type your PIN, Enter. Opened at start and by F12,
 * so switching clerk is F12, Enter on a name, PIN.
 */
export function SignInScreen() {
  const current = useSession((s) => s.clerk);
  const [clerks, setClerks] = useState<Clerk[] | null>(null);
  const [picked, setPicked] = useState(0);
  const [pinFor, setPinFor] = useState<Clerk | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('users.list', {}).then((r) => {
      setClerks(r.rows);
      const mine = r.rows.findIndex((c) => c.id === current?.id);
      setPicked(mine >= 0 ? (mine + 1) % Math.max(1, r.rows.length) : 0);
    }).catch((err) => setError(errorMessage(err)));
  }, [current?.id]);
  useEffect(() => { if (clerks && !pinFor) (listRef.current?.querySelector('button.picked') as HTMLButtonElement | null)?.focus(); }, [clerks, picked, pinFor]);
  useEffect(() => { if (pinFor) pinRef.current?.focus(); }, [pinFor]);

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
