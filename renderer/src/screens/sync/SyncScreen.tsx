import { useCallback, useEffect, useState } from 'react';
import type { SyncRoundResult, SyncStatus } from '../../../../shared/contract';
import { attempt, call, errorMessage } from '../../api';
import { useBranch, useTimeZone } from '../../app/branch';
import { fmtDateTime, fmtQty, shortId } from '../../ui/format';
import { DivergedPanel } from './DivergedPanel';
import { ReviewPanel } from './ReviewPanel';

const POLL_MS = 2000;

/** How much of this PC's history HQ already holds; during a round, how far the backlog has gone. */
function backlogShare(s: SyncStatus): { pct: number; text: string } {
  if (s.diverged) return { pct: 0, text: 'Nothing is sent to HQ until a manager recovers this PC (below)' };
  if (s.progress) {
    const total = s.progress.pushed + s.progress.pending;
    const pct = total ? Math.floor((s.progress.pushed / total) * 100) : 100;
    return { pct, text: `Sending: ${fmtQty(s.progress.pushed)} of ${fmtQty(total)} rows` };
  }
  const pct = s.headSeq ? Math.floor((s.ackedSeq / s.headSeq) * 100) : 100;
  const rows = `${fmtQty(s.pending)} ${s.pending === 1 ? 'row' : 'rows'}`;
  // Never connected: nothing is at HQ, whatever the counters say.
  if (!s.configured) return { pct: 0, text: s.pending ? `${rows} recorded on this PC; none sent yet (not connected to HQ)` : 'Nothing recorded yet; not connected to HQ' };
  return { pct, text: s.pending ? `${rows} waiting to be sent` : 'Everything recorded on this PC is at HQ' };
}

function stateLine(s: SyncStatus): { text: string; cls: string } {
  if (!s.configured) return { text: 'Not connected to HQ yet', cls: 'muted' };
  if (s.diverged) return { text: 'Stopped: this PC\'s ledger is out of step with HQ', cls: 'bad' };
  if (s.running) return { text: 'Syncing now…', cls: 'good' };
  if (s.online === false) return { text: 'Offline: HQ cannot be reached. Sales keep working; sync retries by itself.', cls: 'bad' };
  if (s.lastError) return { text: 'HQ reachable, but the last sync failed', cls: 'bad' };
  if (s.online) return { text: 'Online', cls: 'good' };
  return { text: 'Waiting for the first sync', cls: 'muted' };
}

/** Retries while offline repeat one sentence: the same problem in a row is one line with a count. */
function groupProblems(errors: SyncStatus['recentErrors']): Array<{ at: string; since: string; message: string; times: number }> {
  const out: Array<{ at: string; since: string; message: string; times: number }> = [];
  for (const e of errors) {
    const last = out[out.length - 1];
    if (last && last.message === e.message) { last.times += 1; last.since = e.at; continue; }
    out.push({ at: e.at, since: e.at, message: e.message, times: 1 });
  }
  return out;
}

/** Sync with HQ: state, backlog, the last errors in plain words, and enrolment of this PC. */
export function SyncScreen() {
  const timeZone = useTimeZone();
  const loadSettings = useBranch((s) => s.loadSettings);
  const refreshStatusBar = useBranch((s) => s.refreshStatus);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The clerk's own "Sync now" failure, tied to the last success seen then: a later success makes it stale.
  const [roundError, setRoundError] = useState<{ message: string; lastSuccessAt: string | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async (): Promise<SyncStatus | null> => {
    let fresh: SyncStatus | null = null;
    try { fresh = await call('sync.status', {}); setStatus(fresh); } catch (err) { setError(errorMessage(err)); }
    // The status bar shows the same state: keep the two from contradicting each other.
    void refreshStatusBar();
    return fresh;
  }, [refreshStatusBar]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => { if (status?.serverUrl && !serverUrl) setServerUrl(status.serverUrl); }, [status, serverUrl]);

  const enroll = async () => {
    setBusy(true);
    const outcome = await attempt('sync.configure', { serverUrl: serverUrl.trim(), enrollmentCode: code.trim() });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); setMessage(null); return; }
    setError(null);
    setCode('');
    setMessage(`Connected to HQ as branch ${outcome.result.branch.code} (${outcome.result.branch.name}). The first sync starts now.`);
    void loadSettings();
    void load();
  };

  const syncNow = async () => {
    setBusy(true);
    setMessage(null);
    setError(null);
    setRoundError(null);
    const outcome = await attempt('sync.now', {});
    setBusy(false);
    const fresh = await load();
    // Out of step with HQ: the panel below says so and offers the way out; no second copy of the sentence.
    if (!outcome.ok) {
      if (outcome.error.code !== 'DIVERGED') setRoundError({ message: outcome.error.message, lastSuccessAt: fresh?.lastSuccessAt ?? null });
      return;
    }
    const r: SyncRoundResult = outcome.result;
    setMessage(`Sync done: ${fmtQty(r.pushed)} rows sent, ${fmtQty(r.pulled.movements)} rows and ${r.pulled.transfers} transfers received, ${fmtQty(r.pending)} still waiting.`);
  };

  if (!status) return <div className="muted">Loading…</div>;
  const line = stateLine(status);
  const backlog = backlogShare(status);
  // One box per sentence: the last round's error (kept by the ledger) already says what "Sync now" ran into,
  // and a round that succeeded since then makes the clerk's copy stale.
  const ownRoundError = roundError && roundError.message !== status.lastError && roundError.lastSuccessAt === status.lastSuccessAt ? roundError.message : null;
  const problems = groupProblems(status.recentErrors);
  return (
    <>
      <div className="panel" data-testid="sync-state">
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>Sync with HQ</h2>
          <span className={line.cls} data-testid="sync-state-text"><b>{line.text}</b></span>
          {status.configured && <button type="button" className="btn primary" data-testid="sync-now" disabled={busy} onClick={() => void syncNow()}>Sync now</button>}
        </div>
        {status.configured && (
          <div className="form-grid" style={{ marginTop: 8 }}>
            <span className="muted">HQ</span><span>{status.serverUrl} · branch <b>{status.branch}</b></span>
            <span className="muted">This PC</span><span title={status.deviceId}>{shortId(status.deviceId)}</span>
            <span className="muted">Waiting to send</span><span data-testid="sync-pending"><b>{fmtQty(status.pending)}</b> rows</span>
            <span className="muted">Last success</span><span data-testid="sync-last-success">{status.lastSuccessAt ? fmtDateTime(status.lastSuccessAt, timeZone) : 'never'}</span>
            <span className="muted">Next attempt</span><span>{status.nextAttemptAt ? fmtDateTime(status.nextAttemptAt, timeZone) : '—'}</span>
          </div>
        )}
        <div style={{ marginTop: 8 }}>
          <div className="muted" data-testid="sync-backlog-text">{backlog.text}</div>
          <div className="progress" role="progressbar" aria-valuenow={backlog.pct} aria-valuemin={0} aria-valuemax={100} data-testid="sync-progress"><div style={{ width: `${backlog.pct}%` }} /></div>
        </div>
      </div>
      {status.diverged && <DivergedPanel diverged={status.diverged} timeZone={timeZone} onDone={(m, e) => { setMessage(m); setError(e); void load(); }} />}
      {status.clockWarning && <div className="error-box" data-testid="sync-clock">{status.clockWarning}</div>}
      {status.lastError && !status.diverged && <div className="error-box" data-testid="sync-last-error">{status.lastError}</div>}
      {error && <div className="error-box" data-testid="sync-error">{error}</div>}
      {ownRoundError && !error && <div className="error-box" data-testid="sync-error">{ownRoundError}</div>}
      {message && !error && <div className="ok-box" data-testid="sync-message">{message}</div>}
      <div className="two-cols">
        <div className="panel" style={{ overflow: 'auto' }}>
          <h3 style={{ marginTop: 0 }}>{status.configured ? 'Connect again (new enrollment code)' : 'Connect this PC to HQ'}</h3>
          <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void enroll(); }}>
            <label htmlFor="sync-url">HQ address</label>
            <input id="sync-url" data-testid="sync-url" placeholder="http://hq.example:8080" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
            <label htmlFor="sync-code">Enrollment code</label>
            <input id="sync-code" data-testid="sync-code" placeholder="from HQ, for this branch" value={code} onChange={(e) => setCode(e.target.value)} />
            <span />
            <button type="submit" className="btn primary" data-testid="sync-enroll" disabled={busy || !serverUrl.trim() || !code.trim()}>Connect</button>
          </form>
          <p className="muted">The code decides the branch. HQ issues it with <code>stock-ledger-hq enroll BRANCH</code>; it works once.</p>
        </div>
        <div className="panel" style={{ overflow: 'auto' }}>
          <h3 style={{ marginTop: 0 }}>Recent problems</h3>
          {problems.length === 0 && <div className="muted" data-testid="sync-no-problems">None.</div>}
          <ul data-testid="sync-errors" style={{ paddingLeft: 18, margin: 0 }}>
            {problems.map((e, i) => (
              <li key={i}>
                <span className="muted">{fmtDateTime(e.at, timeZone)}</span> {e.message}
                {e.times > 1 && <span className="muted"> ({e.times} times since {fmtDateTime(e.since, timeZone)})</span>}
              </li>
            ))}
          </ul>
          {status.negativeStock.length > 0 && (
            <>
              <h3>Below zero</h3>
              <p className="muted">Stock was never refused, so these went below zero (for example two tills sold the same units while offline). Count them and record an adjustment.</p>
              <ul data-testid="sync-negative" style={{ paddingLeft: 18, margin: 0 }}>
                {status.negativeStock.map((n) => <li key={n.sku}><b>{n.sku}</b>: {fmtQty(n.onHand)}</li>)}
              </ul>
            </>
          )}
        </div>
      </div>
      <ReviewPanel timeZone={timeZone} />
    </>
  );
}
