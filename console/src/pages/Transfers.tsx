import { useState } from 'react';
import { get } from '../api';
import { signed, when } from '../format';
import type { Transfer } from '../types';
import { Empty, Notice, Section, useLoad } from '../ui';

const FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'in_transit', label: 'In transit' },
  { id: 'received', label: 'Received' },
  { id: 'received_with_discrepancy', label: 'Discrepancies' },
] as const;
const STATUS: Record<Transfer['status'], string> = { in_transit: 'in transit', received: 'received', received_with_discrepancy: 'received with differences' };

export function Transfers() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['id']>('all');
  const { data, error, reload } = useLoad(() => get<{ transfers: Transfer[]; counts: { inTransit: number; received: number; withDiscrepancy: number } }>(`/transfers?status=${filter}`), [filter]);
  const count = (id: string) => (!data ? '' : id === 'in_transit' ? ` (${data.counts.inTransit})` : id === 'received' ? ` (${data.counts.received})` : id === 'received_with_discrepancy' ? ` (${data.counts.withDiscrepancy})` : '');
  return (
    <div className="page">
      <div className="page-head"><h1>Transfers</h1><button type="button" onClick={reload}>Refresh</button></div>
      <div className="tabs" role="tablist">
        {FILTERS.map((f) => <button key={f.id} type="button" role="tab" aria-selected={filter === f.id} className={filter === f.id ? 'active' : ''} onClick={() => setFilter(f.id)} data-testid={`transfers-filter-${f.id}`}>{f.label}{count(f.id)}</button>)}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {data && !data.transfers.length && <Empty>No transfers here.</Empty>}
      {data?.transfers.map((t) => (
        <Section key={t.id} title={`${t.fromBranch} → ${t.toBranch}`} testId={`transfer-${t.id}`}
          actions={<span className={`badge badge-${t.status === 'in_transit' ? 'info' : t.status === 'received' ? 'good' : 'warn'}`} data-testid={`transfer-status-${t.id}`}>{STATUS[t.status]}</span>}>
          <p className="muted small"><span className="mono">{t.id}</span> · sent {when(t.sentAt)} by {t.actor}{t.receipt ? ` · received ${when(t.receipt.receivedAt)} by ${t.receipt.actor}` : ''}{t.note ? ` · “${t.note}”` : ''}</p>
          <table className="grid">
            <thead><tr><th>SKU</th><th className="num">Sent</th><th className="num">Received</th><th className="num">Difference</th><th>Receiver's note</th></tr></thead>
            <tbody>
              {lines(t).map((l) => (
                <tr key={l.sku} className={l.difference ? 'row-warn' : ''} data-testid={`transfer-line-${t.id}-${l.sku}`}>
                  <td className="mono">{l.sku}</td><td className="num">{l.sent}</td><td className="num">{l.received ?? '—'}</td>
                  <td className="num">{l.difference ? signed(l.difference) : ''}</td><td>{l.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ))}
    </div>
  );
}

function lines(t: Transfer): Array<{ sku: string; sent: number; received: number | null; difference: number; note: string | null }> {
  const out = new Map<string, { sku: string; sent: number; received: number | null; difference: number; note: string | null }>();
  for (const l of t.lines) {
    const e = out.get(l.sku) ?? { sku: l.sku, sent: 0, received: null, difference: 0, note: null };
    e.sent += l.qty;
    out.set(l.sku, e);
  }
  for (const l of t.receipt?.lines ?? []) {
    const e = out.get(l.sku) ?? { sku: l.sku, sent: 0, received: null, difference: 0, note: null };
    e.received = (e.received ?? 0) + l.received;
    e.note = l.note ?? e.note;
    out.set(l.sku, e);
  }
  for (const e of out.values()) e.difference = e.received === null ? 0 : e.received - e.sent;
  return [...out.values()];
}
