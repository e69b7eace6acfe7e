import { printNow } from '../../print/printStore';
import { SavePdfButton } from '../../print/SavePdfButton';
import { TransferNote } from '../../print/TransferNote';
import { useCallback, useEffect, useState } from 'react';
import type { TransferView } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useTimeZone } from '../../app/branch';
import { fmtDateTime, fmtQty, shortId } from '../../ui/format';
import { ReceiveTransfer } from './ReceiveTransfer';
import { SendTransfer } from './SendTransfer';

type Tab = 'inbound' | 'send' | 'all';

const STATUS: Record<TransferView['status'], string> = { in_transit: 'in transit', received: 'received', received_with_discrepancy: 'received with differences' };

function Differences({ t }: { t: TransferView }) {
  const diff = t.lines.filter((l) => l.difference !== null && l.difference !== 0);
  if (!diff.length) return null;
  return <span className="bad">{diff.map((l) => `${l.sku} ${l.difference! > 0 ? '+' : '−'}${fmtQty(Math.abs(l.difference!))}${l.note ? ` (${l.note})` : ''}`).join('; ')}</span>;
}

/** Transfers between branches: send, inbound (receive with per-line quantities), and all with their status. */
export function TransfersScreen() {
  const timeZone = useTimeZone();
  const [tab, setTab] = useState<Tab>('inbound');
  const [inbound, setInbound] = useState<TransferView[]>([]);
  const [all, setAll] = useState<TransferView[]>([]);
  const [receiving, setReceiving] = useState<TransferView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setInbound((await call('transfers.inbound', {})).rows);
      setAll((await call('transfers.list', {})).rows);
    } catch (err) { setError(errorMessage(err)); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const done = (text: string) => { setMessage(text); setError(null); setReceiving(null); void load(); };

  return (
    <>
      <div className="doc-types">
        {(['inbound', 'send', 'all'] as Tab[]).map((t) => (
          <button key={t} type="button" className={tab === t ? 'active' : ''} data-testid={`transfers-tab-${t}`} onClick={() => { setTab(t); setReceiving(null); void load(); }}>
            {t === 'inbound' ? `Inbound (${inbound.length})` : t === 'send' ? 'Send' : 'All transfers'}
          </button>
        ))}
      </div>
      {message && <div className="ok-box" data-testid="transfers-message">{message}</div>}
      {error && <div className="error-box">{error}</div>}
      {tab === 'send' && <SendTransfer onSent={done} />}
      {tab === 'inbound' && receiving && <ReceiveTransfer transfer={receiving} onDone={done} onCancel={() => setReceiving(null)} />}
      {tab === 'inbound' && !receiving && (
        <div className="doc-lines">
          <table className="grid" data-testid="transfers-inbound">
            <thead><tr><th>Transfer</th><th>From</th><th>Sent</th><th>Lines</th><th>By</th><th /></tr></thead>
            <tbody>
              {inbound.map((t) => (
                <tr key={t.id} data-testid={`inbound-${t.id}`}>
                  <td title={t.id}>{shortId(t.id)}</td>
                  <td><b>{t.fromBranch}</b></td>
                  <td>{fmtDateTime(t.sentAt, timeZone)}</td>
                  <td>{t.lines.map((l) => `${fmtQty(l.qty)} × ${l.sku}`).join(', ')}</td>
                  <td>{t.actor}</td>
                  <td><button type="button" className="btn primary" style={{ padding: '1px 8px' }} data-testid={`receive-${t.id}`} onClick={() => setReceiving(t)}>Receive…</button></td>
                </tr>
              ))}
              {inbound.length === 0 && <tr><td colSpan={6} className="muted" style={{ padding: 16 }}>Nothing on its way to this branch. Transfers appear here after sync.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {tab === 'all' && (
        <div className="doc-lines">
          <table className="grid" data-testid="transfers-all">
            <thead><tr><th>Transfer</th><th>Direction</th><th>Sent</th><th>Lines</th><th>Status</th><th>Differences</th><th>At HQ</th><th /></tr></thead>
            <tbody>
              {all.map((t) => (
                <tr key={t.id} data-testid={`transfer-${t.id}`}>
                  <td title={t.id}>{shortId(t.id)}</td>
                  <td>{t.direction === 'out' ? `to ${t.toBranch}` : `from ${t.fromBranch}`}</td>
                  <td>{fmtDateTime(t.sentAt, timeZone)}</td>
                  <td>{t.lines.map((l) => `${fmtQty(l.qty)} × ${l.sku}`).join(', ')}</td>
                  <td data-testid={`transfer-status-${t.id}`}>{STATUS[t.status]}</td>
                  <td><Differences t={t} /></td>
                  <td>{t.syncedToHq ? 'yes' : <span className="muted">waiting for sync</span>}</td>
                  <td><button type="button" className="btn small" data-testid={`transfer-print-${t.id}`} onClick={() => void printNow(`Transfer note ${t.id}`, <TransferNote t={t} />)}>Print note</button>{' '}
                    <SavePdfButton small title={`Transfer note ${t.id}`} job={() => <TransferNote t={t} />} testId={`transfer-pdf-${t.id}`} /></td>
                </tr>
              ))}
              {all.length === 0 && <tr><td colSpan={8} className="muted" style={{ padding: 16 }}>No transfers yet. Send one from the Send tab.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
