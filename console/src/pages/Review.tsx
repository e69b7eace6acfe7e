import { useState, type ReactNode } from 'react';
import { get, post } from '../api';
import { ago, when } from '../format';
import type { Item, Reviewable } from '../types';
import { Empty, errorText, Notice, Section, useLoad } from '../ui';

type Queue = 'quarantine' | 'negative' | 'unknown_sku';
interface Resolution { decision: 'accepted' | 'rejected'; note: string; actor: string; resolvedAt: string }
interface ReviewAnswer {
  whatToDo: Record<Queue, string>;
  open: { quarantine: number; negative: number; unknownSkus: number };
  queues: {
    quarantine: Array<Reviewable & { id: number; branch: string; deviceId: string; deviceSeq: number; movementId: string | null; reason: string; payload: string; receivedAt: string; resolution: Resolution | null }>;
    negative: Array<Reviewable & { branch: string; sku: string; onHand: number; since: string }>;
    unknownSkus: Array<Reviewable & Item>;
  };
}

export function Review({ canWrite }: { canWrite: boolean }) {
  const { data, error, reload } = useLoad(() => get<ReviewAnswer>('/review'), []);
  const [showHandled, setShowHandled] = useState(false);
  const visible = <T extends Reviewable>(list: T[]) => (showHandled ? list : list.filter((e) => !e.handled));
  return (
    <div className="page">
      <div className="page-head">
        <h1>Review</h1>
        <label className="inline"><input type="checkbox" checked={showHandled} onChange={(e) => setShowHandled(e.target.checked)} data-testid="review-show-handled" /> show handled</label>
        <button type="button" onClick={reload}>Refresh</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {data && (
        <>
          <Section title={`Quarantine · ${data.open.quarantine} open`} testId="queue-quarantine">
            <p className="todo">{data.whatToDo.quarantine}</p>
            {!visible(data.queues.quarantine).length && <Empty>Nothing to review.</Empty>}
            {visible(data.queues.quarantine).map((q) => (
              <Entry key={q.ref} queue="quarantine" entry={q} canWrite={canWrite && q.resolution !== null} onDone={reload}
                head={<><strong>{q.branch}</strong> · PC <span className="mono">{q.deviceId.slice(-8)}</span> row #{q.deviceSeq} · received {ago(q.receivedAt)}</>}>
                <div className="reason" data-testid={`quarantine-reason-${q.ref}`}>{q.reason}</div>
                <details><summary>Raw row as received</summary><pre className="raw" data-testid={`quarantine-raw-${q.ref}`}>{pretty(q.payload)}</pre></details>
                {q.resolution
                  ? <div className="small" data-testid={`quarantine-decision-${q.ref}`}><strong>{q.resolution.decision === 'accepted' ? 'Accepted' : 'Rejected'}</strong> by {q.resolution.actor} {ago(q.resolution.resolvedAt)}: {q.resolution.note}</div>
                  : canWrite && <Decide id={q.id} onDone={reload} />}
              </Entry>
            ))}
          </Section>
          <Section title={`Negative stock · ${data.open.negative} open`} testId="queue-negative">
            <p className="todo">{data.whatToDo.negative}</p>
            {!visible(data.queues.negative).length && <Empty>No branch is below zero on any item.</Empty>}
            {visible(data.queues.negative).map((n) => (
              <Entry key={n.ref} queue="negative" entry={n} canWrite={canWrite} onDone={reload}
                head={<><strong>{n.branch}</strong> · <span className="mono">{n.sku}</span> on hand <span className="bad">{n.onHand}</span> since {when(n.since)}</>} />
            ))}
          </Section>
          <Section title={`Unknown SKUs · ${data.open.unknownSkus} open`} testId="queue-unknown">
            <p className="todo">{data.whatToDo.unknown_sku}</p>
            {!visible(data.queues.unknownSkus).length && <Empty>Every SKU the branches use is in HQ's catalogue.</Empty>}
            {visible(data.queues.unknownSkus).map((i) => (
              <Entry key={i.ref} queue="unknown_sku" entry={i} canWrite={canWrite} onDone={reload}
                head={<><span className="mono">{i.sku}</span> “{i.name}” · learned from {i.learnedFrom ?? 'a branch'} · <a href="#/catalogue">confirm in the catalogue</a></>} />
            ))}
          </Section>
        </>
      )}
    </div>
  );
}

const DECISION_HELP = 'Accept: the row stands as the PC recorded it (it must pass the checks). Reject: HQ appends a reversal so its effect never counts. Either is kept as made and reaches the branch on its next pull.';

/** Accept or reject a quarantined row: an appended decision, attributed to the signed-in operator. */
function Decide({ id, onDone }: { id: number; onDone: () => void }) {
  const [why, setWhy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'accepted' | 'rejected') => {
    setError(null);
    try {
      await post(`/review/quarantine/${id}/decision`, { decision, note: why });
      setWhy('');
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="decide">
      <p className="muted small">{DECISION_HELP}</p>
      <div className="row">
        <input className="grow" value={why} onChange={(e) => setWhy(e.target.value)} placeholder="Why (required, kept with the decision)" data-testid={`decide-note-${id}`} />
        <button type="button" onClick={() => void decide('accepted')} disabled={!why.trim()} data-testid={`decide-accept-${id}`}>Accept as sent</button>
        <button type="button" className="danger" onClick={() => void decide('rejected')} disabled={!why.trim()} data-testid={`decide-reject-${id}`}>Reject</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

function pretty(payload: string): string {
  try { return JSON.stringify(JSON.parse(payload), null, 2); } catch { return payload; }
}

function Entry({ queue, entry, head, children, canWrite, onDone }: { queue: Queue; entry: Reviewable; head: ReactNode; children?: ReactNode; canWrite: boolean; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `${queue}-${entry.ref}`;
  const mark = async (handled: boolean) => {
    setError(null);
    try {
      await post('/review/notes', { queue, ref: entry.ref, note, handled });
      setNote('');
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className={`entry ${entry.handled ? 'handled' : ''}`} data-testid={`entry-${id}`}>
      <div className="entry-head">{head}{entry.handled && <span className="badge badge-good">handled</span>}</div>
      {children}
      {entry.notes.length > 0 && (
        <ul className="notes">{entry.notes.map((n) => <li key={n.id}><span className="muted small">{when(n.createdAt)} · {n.operator}{n.handled ? ' · marked handled' : ''}</span> {n.note}</li>)}</ul>
      )}
      {canWrite && (
        <div className="row">
          <input className="grow" value={note} onChange={(e) => setNote(e.target.value)} placeholder="What was done (kept with the entry; nothing is edited)" data-testid={`note-${id}`} />
          <button type="button" onClick={() => void mark(false)} disabled={!note.trim()}>Add note</button>
          <button type="button" className="primary" onClick={() => void mark(true)} disabled={!note.trim()} data-testid={`handle-${id}`}>Mark handled</button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}
