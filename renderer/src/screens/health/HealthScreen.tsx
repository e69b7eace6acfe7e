import { useSession } from '../../app/session';
import { useEffect, useRef, useState } from 'react';
import type { CommandResult, ProgressEvent } from '../../../../shared/contract';
import { attempt, call } from '../../api';

type Task = 'ledger.check' | 'ledger.verify' | 'ledger.rebuild';
const TASK_NAMES: Record<Task, string> = { 'ledger.check': 'check', 'ledger.verify': 'verify', 'ledger.rebuild': 'rebuild' };
const POLL_MS = 200;

/** Check the caches against the ledger, verify the hash chains, rebuild the caches; with a progress bar. */
export function HealthScreen() {
  const [running, setRunning] = useState<Task | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [check, setCheck] = useState<CommandResult<'ledger.check'> | null>(null);
  const [verify, setVerify] = useState<CommandResult<'ledger.verify'> | null>(null);
  // Rebuilding is a manager's job: a clerk does not see the button (the ledger refuses it too).
  const isManager = useSession((st) => st.clerk?.role === 'manager');
  const [rebuild, setRebuild] = useState<CommandResult<'ledger.rebuild'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => { if (timer.current) clearInterval(timer.current); }, []);

  const run = async (task: Task) => {
    if (running) return;
    setRunning(task); setError(null); setProgress({ task: TASK_NAMES[task], done: 0, total: 0 });
    // The long task runs in the ledger's worker; app.progress answers meanwhile.
    timer.current = setInterval(() => {
      void call('app.progress', {}).then(({ tasks }) => {
        const p = tasks.find((t) => t.task === TASK_NAMES[task]);
        if (p) setProgress(p);
      }).catch(() => undefined);
    }, POLL_MS);
    const outcome = await attempt(task, {});
    if (timer.current) clearInterval(timer.current);
    setRunning(null);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    setProgress((p) => ({ task: TASK_NAMES[task], done: p?.total || 1, total: p?.total || 1 }));
    if (task === 'ledger.check') setCheck(outcome.result as CommandResult<'ledger.check'>);
    if (task === 'ledger.verify') setVerify(outcome.result as CommandResult<'ledger.verify'>);
    if (task === 'ledger.rebuild') setRebuild(outcome.result as CommandResult<'ledger.rebuild'>);
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : running ? 0 : 100;
  return (
    <>
      <div className="toolbar">
        <button type="button" className="btn primary" data-testid="health-check" disabled={!!running} onClick={() => void run('ledger.check')}>Check caches</button>
        <button type="button" className="btn primary" data-testid="health-verify" disabled={!!running} onClick={() => void run('ledger.verify')}>Verify hash chain</button>
        {isManager && <button type="button" className="btn" data-testid="health-rebuild" disabled={!!running} onClick={() => void run('ledger.rebuild')}>Rebuild caches from the ledger</button>}
      </div>
      {progress && (
        <div className="panel" data-testid="health-progress">
          <div style={{ marginBottom: 4 }}>{running ? `Running ${progress.task}…` : `Last: ${progress.task}`} {progress.total ? `${progress.done.toLocaleString('en-GB')} / ${progress.total.toLocaleString('en-GB')}` : ''}</div>
          <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}><div style={{ width: `${pct}%` }} /></div>
        </div>
      )}
      {error && <div className="error-box">{error}</div>}
      <div className="two-cols" style={{ flex: 'none' }}>
        <div className="panel" data-testid="health-check-result">
          <h2>Caches (balances and daily snapshots)</h2>
          {!check ? <div className="muted">Not checked yet. “Check” recomputes every balance from the ledger aside and compares.</div>
            : check.ok ? <div className="ok-box">No drift: every cached number agrees with the {check.movements.toLocaleString('en-GB')} movements.</div>
            : <>
              <div className="error-box">{check.drift.length} cached number(s) disagree with the ledger. Rebuild the caches to fix them; the ledger itself is untouched.</div>
              <table className="grid"><thead><tr><th>SKU</th><th>Cache</th><th>Field</th><th className="n">Cached</th><th className="n">Ledger</th></tr></thead>
                <tbody>{check.drift.slice(0, 20).map((d, i) => <tr key={i}><td>{d.sku}</td><td>{d.table}{d.day ? ` ${d.day}` : ''}</td><td>{d.field}</td><td className="n">{d.cached ?? '—'}</td><td className="n">{d.ledger}</td></tr>)}</tbody></table>
            </>}
          {rebuild && <div className="ok-box" style={{ marginTop: 8 }} data-testid="health-rebuild-result">Rebuilt from {rebuild.movements.toLocaleString('en-GB')} movements of {rebuild.items.toLocaleString('en-GB')} items in {rebuild.ms} ms.</div>}
        </div>
        <div className="panel" data-testid="health-verify-result">
          <h2>Hash chain (tamper evidence)</h2>
          {!verify ? <div className="muted">Not verified yet. “Verify” recomputes each movement's hash and its link to the one before.</div>
            : verify.ok ? <div className="ok-box">All {verify.movements.toLocaleString('en-GB')} movements from {verify.devices} device(s) are intact.</div>
            : <div className="error-box">The chain breaks at movement #{verify.firstBad?.seq} (device {verify.firstBad?.deviceId} no. {verify.firstBad?.deviceSeq}): {verify.firstBad?.problem}. Someone changed the file outside the app; tell head office.</div>}
        </div>
      </div>
    </>
  );
}
