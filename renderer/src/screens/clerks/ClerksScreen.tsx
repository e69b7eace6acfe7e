import { useCallback, useEffect, useState } from 'react';
import type { Clerk, ClerkRole } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { useBranch } from '../../app/branch';
import { currentActor, useSession } from '../../app/session';
import { BranchSettings } from './BranchSettings';

interface Draft { id?: string; name: string; role: ClerkRole; pin: string }
const emptyDraft: Draft = { name: '', role: 'clerk', pin: '' };

/** Who may work at this PC: add clerks, change a PIN or role, disable someone who left. Managers only (the ledger checks). */
export function ClerksScreen() {
  const me = useSession((s) => s.clerk);
  const [clerks, setClerks] = useState<Clerk[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => { call('users.list', { includeDisabled: true }).then((r) => setClerks(r.rows)).catch((e) => setError(errorMessage(e))); }, []);
  useEffect(load, [load]);

  const save = async () => {
    const outcome = await attempt('users.upsert', { id: draft.id, name: draft.name, role: draft.role, pin: draft.pin || undefined, actor: currentActor() });
    if (!outcome.ok) { setError(outcome.error.message); setMessage(null); return; }
    setMessage(draft.id ? `${outcome.result.name} saved${draft.pin ? ' with the new PIN' : ''}.` : `${outcome.result.name} added: they can sign in with F12 and their PIN.`);
    setError(null);
    setDraft(emptyDraft);
    load();
  };
  const setActive = async (c: Clerk, active: boolean) => {
    const outcome = await attempt('users.setActive', { userId: c.id, active, actor: currentActor() });
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setMessage(`${c.name} ${active ? 'can sign in again' : 'can no longer sign in'}.`);
    setError(null);
    load();
  };

  // A clerk never sees controls they cannot use: clerks and settings are a manager's (the ledger checks too).
  if (me?.role !== 'manager') {
    return (
      <div className="panel" data-testid="clerks-manager-only">
        <h2>Clerks &amp; settings</h2>
        <div>Only a manager manages clerks and the branch settings. Ask a manager to sign in (F12).</div>
      </div>
    );
  }
  return (
    <div className="two-cols">
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        <div className="panel">
          <h2>{draft.id ? `Edit ${draft.name}` : 'Add a clerk'}</h2>
          <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <label htmlFor="clerk-name">Name</label>
            <input id="clerk-name" data-testid="clerk-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            <label htmlFor="clerk-role">Role</label>
            <select id="clerk-role" data-testid="clerk-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as ClerkRole })}>
              <option value="clerk">Clerk</option><option value="manager">Manager (can manage clerks)</option>
            </select>
            <label htmlFor="clerk-pin">{draft.id ? 'New PIN' : 'PIN'}</label>
            <input id="clerk-pin" type="password" inputMode="numeric" data-testid="clerk-pin" placeholder={draft.id ? 'leave empty to keep' : '4 to 8 digits'}
              value={draft.pin} onChange={(e) => setDraft({ ...draft, pin: e.target.value })} autoComplete="off" />
            <span />
            <span style={{ display: 'flex', gap: 8 }}>
              <button type="submit" className="btn primary" data-testid="clerk-save">Save</button>
              {draft.id && <button type="button" className="btn" onClick={() => setDraft(emptyDraft)}>Cancel</button>}
            </span>
          </form>
        </div>
        {error && <div className="error-box" data-testid="clerks-error">{error}</div>}
        {message && !error && <div className="ok-box" data-testid="clerks-message">{message}</div>}
        <div className="doc-lines">
          <table className="grid" data-testid="clerks">
            <thead><tr><th>Name</th><th>Role</th><th>Status</th><th></th></tr></thead>
            <tbody>
              {clerks.map((c) => (
                <tr key={c.id} data-testid={`clerk-row-${c.name}`}>
                  <td><b>{c.name}</b>{c.id === me?.id && <span className="muted"> (you)</span>}</td>
                  <td>{c.role}</td>
                  <td className={c.active ? 'good' : 'muted'}>{c.active ? 'active' : 'disabled'}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setDraft({ id: c.id, name: c.name, role: c.role, pin: '' })}>Edit</button>{' · '}
                    <button type="button" className="link" data-testid={`clerk-toggle-${c.name}`} onClick={() => void setActive(c, !c.active)}>{c.active ? 'Disable' : 'Enable'}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <BranchSettings onSaved={() => void useBranch.getState().loadSettings()} />
    </div>
  );
}
