import { useState, type FormEvent } from 'react';
import { errorText } from '../ui';

export function Login({ onSignIn }: { onSignIn: (user: string, password: string) => Promise<void> }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(user.trim(), password);
    } catch (err) {
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <form onSubmit={submit} className="card login-card" aria-label="Sign in">
        <h1>Stock Ledger · HQ console</h1>
        <p className="muted">Head office: branches, stock across shops, transfers, review queues and the catalogue.</p>
        <label>Operator<input autoFocus autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} data-testid="login-user" required /></label>
        <label>Password<input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" required /></label>
        {error && <div className="notice notice-error" role="alert" data-testid="login-error">{error}</div>}
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted small">No account? An HQ admin adds one on the server: <code>stock-ledger-hq operator add NAME --role viewer</code></p>
      </form>
    </div>
  );
}
