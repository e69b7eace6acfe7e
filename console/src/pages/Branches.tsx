import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../api';
import { ago, skew, when } from '../format';
import type { BranchRow, Device } from '../types';
import { Empty, errorText, Notice, Section, useLoad } from '../ui';

/** A PC is "silent" when HQ has heard nothing from it for this long. */
const SILENT_MS = 60 * 60_000;

function deviceState(d: Device): { label: string; kind: string } {
  if (d.revokedAt) return { label: 'revoked', kind: 'muted' };
  const heard = Math.max(Date.parse(d.lastPushAt ?? '') || 0, Date.parse(d.lastPullAt ?? '') || 0, Date.parse(d.lastSeenAt ?? '') || 0);
  if (!heard || Date.now() - heard > SILENT_MS) return { label: 'silent', kind: 'warn' };
  if (d.lastError && d.lastErrorAt && d.lastErrorAt >= (d.lastPushAt ?? '')) return { label: 'failing', kind: 'bad' };
  return { label: 'syncing', kind: 'good' };
}

export function Branches({ canWrite }: { canWrite: boolean }) {
  const { data, error, reload } = useLoad(() => get<{ branches: BranchRow[] }>('/branches'), []);
  // Every 30 s, so a PC going silent shows without a click.
  useEffect(() => {
    const t = setInterval(reload, 30_000);
    return () => clearInterval(t);
  }, [reload]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const revoke = async (d: Device) => {
    if (!confirm(`Revoke ${d.name ?? d.deviceId} of ${d.branch}? It stops syncing at once; sales on it keep working offline.`)) return;
    try {
      await post(`/devices/${encodeURIComponent(d.deviceId)}/revoke`);
      setMessage({ kind: 'ok', text: `${d.name ?? d.deviceId} revoked: HQ refuses its token from now on.` });
      reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Branches &amp; PCs</h1>
        <button type="button" onClick={reload} data-testid="branches-refresh">Refresh</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {message && <Notice kind={message.kind} testId="branches-message">{message.text}</Notice>}
      {canWrite && data && data.branches.length > 0 && <EnrolForm branches={data.branches} />}
      {data && !data.branches.length && <Empty>No branches yet. Add one on the server: <code>stock-ledger-hq branch add CODE --name NAME</code></Empty>}
      <RefusedEnrolments />
      {data?.branches.map((b) => (
        <Section key={b.code} title={`${b.code} · ${b.name}`} testId={`branch-${b.code}`}
          actions={<span className="muted small">{b.status?.movements ?? 0} {(b.status?.movements ?? 0) === 1 ? 'row' : 'rows'} at HQ · last received {ago(b.status?.lastReceivedAt)} · in transit: {b.status?.transfers.inTransitOut ?? 0} out, {b.status?.transfers.inTransitIn ?? 0} in · {b.status?.quarantined ?? 0} quarantined · {b.status?.negativeStock.length ?? 0} negative</span>}>
          {!b.devices.length ? <Empty>No PC enrolled yet: issue an enrolment code above and type it on the shop PC (Sync screen).</Empty> : (
            <table className="grid">
              <thead><tr><th>PC</th><th>State</th><th>Last push</th><th>Last pull</th><th className="num">Backlog</th><th>Clock</th><th>App</th><th>Last error</th><th /></tr></thead>
              <tbody>
                {b.devices.map((d) => {
                  const s = deviceState(d);
                  return (
                    <tr key={d.deviceId} data-testid={`device-${d.deviceId}`}>
                      <td><div>{d.name ?? 'unnamed PC'}</div><div className="muted small mono">{d.deviceId}</div></td>
                      <td><span className={`badge badge-${s.kind}`} data-testid={`device-state-${d.deviceId}`}>{s.label}</span>{d.quarantined > 0 && <a className="badge badge-warn" href="#/review" title="Rows HQ did not store: see Review">{d.quarantined} quarantined</a>}</td>
                      <td title={when(d.lastPushAt)}>{ago(d.lastPushAt)}</td>
                      <td title={when(d.lastPullAt)}>{ago(d.lastPullAt)}</td>
                      <td className="num">{d.backlog}</td>
                      <td className={d.clockSkewMs !== null && Math.abs(d.clockSkewMs) > 120_000 ? 'warn' : ''}>{skew(d.clockSkewMs)}</td>
                      <td>{d.appVersion ?? '—'}</td>
                      <td className="error-cell" title={d.lastError ?? ''}>{d.lastError ? `${d.lastError} (${ago(d.lastErrorAt)})` : '—'}</td>
                      <td>{canWrite && !d.revokedAt && <button type="button" className="danger small" onClick={() => void revoke(d)} data-testid={`revoke-${d.deviceId}`}>Revoke</button>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Section>
      ))}
    </div>
  );
}

function EnrolForm({ branches }: { branches: BranchRow[] }) {
  const [chosen, setBranch] = useState('');
  const branch = chosen || branches[0]?.code || '';
  const [hours, setHours] = useState(24);
  const [issued, setIssued] = useState<{ code: string; branch: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssued(null);
    try {
      setIssued(await post('/enrolment-codes', { branch, ttlHours: hours }));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Section title="Connect a new PC" testId="enrol">
      <form className="row" onSubmit={submit}>
        <label>Branch<select value={branch} onChange={(e) => setBranch(e.target.value)} data-testid="enrol-branch">{branches.map((b) => <option key={b.code} value={b.code}>{b.code} · {b.name}</option>)}</select></label>
        <label>Valid for<select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="enrol-ttl"><option value={1}>1 hour</option><option value={24}>1 day</option><option value={168}>7 days</option></select></label>
        <button type="submit" className="primary" disabled={!branch} data-testid="enrol-issue">Issue enrolment code</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {issued && (
        <div className="code-box" data-testid="enrol-result">
          <div className="muted small">One-time code for <strong>{issued.branch}</strong>: type it on the shop PC (Sync → Connect). It is shown only now; HQ keeps only its hash.</div>
          <div className="code" data-testid="enrol-code">{issued.code}</div>
          <div className="small">Valid until <strong data-testid="enrol-expires">{when(issued.expiresAt)}</strong>. Close this box once the PC is connected.</div>
          <button type="button" className="small" onClick={() => setIssued(null)}>Done</button>
        </div>
      )}
    </Section>
  );
}

interface Refusal { id: number; at: string; branch: string | null; deviceId: string | null; deviceName: string | null; reason: string | null; client: string | null }

/** The last refused enrolment attempts, with the sentence the PC was shown. */
function RefusedEnrolments() {
  const { data } = useLoad(() => get<{ available: boolean; refusals: Refusal[] }>('/enrolments'), []);
  if (!data?.available || !data.refusals.length) return null;
  return (
    <Section title={`Refused enrolments · last ${data.refusals.length}`} testId="enrol-refusals">
      <table className="grid">
        <thead><tr><th>When</th><th>Branch</th><th>PC</th><th>From</th><th>Why</th></tr></thead>
        <tbody>{data.refusals.map((r) => <tr key={r.id}><td>{when(r.at)}</td><td>{r.branch ?? '—'}</td><td>{r.deviceName ?? r.deviceId ?? '—'}</td><td className="mono small">{r.client ?? ''}</td><td>{r.reason ?? ''}</td></tr>)}</tbody>
      </table>
    </Section>
  );
}
