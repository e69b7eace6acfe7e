import { useState, type FormEvent } from 'react';
import { get } from '../api';
import { signed, when } from '../format';
import type { BranchRow, ItemStock } from '../types';
import { Empty, Notice, Section, useLoad } from '../ui';

const KIND: Record<string, string> = { transfer_out: 'transfer out', transfer_in: 'transfer in', stocktake: 'stock take', write_off: 'write-off' };

export function Stock() {
  return (
    <div className="page">
      <h1>Stock</h1>
      <ItemAcrossBranches />
      <BranchStock />
    </div>
  );
}

function ItemAcrossBranches() {
  const [input, setInput] = useState('');
  const [sku, setSku] = useState('');
  const { data, error } = useLoad(() => (sku ? get<ItemStock>(`/items/${encodeURIComponent(sku)}/stock`) : Promise.resolve(null)), [sku]);
  const submit = (e: FormEvent) => { e.preventDefault(); setSku(input.trim()); };
  return (
    <Section title="One item in every branch" testId="item-stock">
      <form className="row" onSubmit={submit}>
        <label>SKU<input value={input} onChange={(e) => setInput(e.target.value)} placeholder="e.g. TEA-001" data-testid="item-sku" /></label>
        <button type="submit" className="primary" data-testid="item-show">Show</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {data && (
        <>
          <p data-testid="item-title"><strong>{data.sku}</strong> {data.item ? data.item.name : <span className="warn">not in HQ's catalogue</span>}</p>
          <table className="grid" data-testid="item-branches">
            <thead><tr><th>Branch</th><th className="num">On hand</th><th className="num">Reserved</th><th className="num">Available</th><th className="num">In transit to it</th><th className="num">Sent, not received</th></tr></thead>
            <tbody>
              {data.branches.map((b) => (
                <tr key={b.branch} data-testid={`item-branch-${b.branch}`}>
                  <td>{b.branch} · {b.name}</td>
                  <td className={`num ${b.onHand < 0 ? 'bad' : ''}`}>{b.onHand}</td><td className="num">{b.reserved}</td><td className="num">{b.available}</td>
                  <td className="num">{b.inTransit || ''}</td><td className="num">{b.inTransitOut || ''}</td>
                </tr>
              ))}
              <tr className="total"><td>All branches</td><td className="num">{data.totals.onHand}</td><td className="num">{data.totals.reserved}</td><td className="num">{data.totals.available}</td><td className="num">{data.totals.inTransit || ''}</td><td /></tr>
            </tbody>
          </table>
          {data.transfers.length > 0 && (
            <>
              <h3>Transfers of this item</h3>
              <table className="grid" data-testid="item-transfers">
                <thead><tr><th>Transfer</th><th>From → to</th><th>Sent</th><th className="num">Qty sent</th><th className="num">Received</th></tr></thead>
                <tbody>{data.transfers.map((t) => <tr key={t.id}><td className="mono">{t.id}</td><td>{t.fromBranch} → {t.toBranch}</td><td>{when(t.sentAt)}</td><td className="num">{t.sent}</td><td className={`num ${t.received !== null && t.received !== t.sent ? 'warn' : ''}`}>{t.received ?? 'in transit'}</td></tr>)}</tbody>
              </table>
            </>
          )}
          <h3>Trail across branches (newest first)</h3>
          {!data.trail.length ? <Empty>No movement of this item has reached HQ yet.</Empty> : (
            <table className="grid" data-testid="item-trail">
              <thead><tr><th>When</th><th>Branch</th><th>What</th><th className="num">On hand ±</th><th className="num">Branch on hand after</th><th>Document</th><th>Who</th><th>Note</th></tr></thead>
              <tbody>
                {data.trail.map((m) => (
                  <tr key={m.id}>
                    <td title={`received at HQ ${when(m.receivedAt)}`}>{when(m.occurredAt)}</td><td>{m.branch}</td><td>{KIND[m.kind] ?? m.kind}</td>
                    <td className="num">{signed(m.onHandDelta)}</td><td className="num">{m.balanceAfter}</td>
                    <td className="mono small">{m.docType} {m.docId.slice(-8)}</td><td>{m.actor}</td><td>{m.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}

function BranchStock() {
  const branches = useLoad(() => get<{ branches: BranchRow[] }>('/branches'), []);
  const [branch, setBranch] = useState('');
  const [search, setSearch] = useState('');
  const code = branch || branches.data?.branches[0]?.code || '';
  const { data, error } = useLoad(() => (code ? get<{ rows: Array<{ sku: string; name: string | null; onHand: number; reserved: number; available: number; inTransit: number }> }>(`/branches/${encodeURIComponent(code)}/stock?search=${encodeURIComponent(search)}`) : Promise.resolve(null)), [code, search]);
  return (
    <Section title="One branch's stock" testId="branch-stock">
      <div className="row">
        <label>Branch<select value={code} onChange={(e) => setBranch(e.target.value)} data-testid="branch-stock-branch">{branches.data?.branches.map((b) => <option key={b.code} value={b.code}>{b.code} · {b.name}</option>)}</select></label>
        <label>Search<input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="SKU or name" data-testid="branch-stock-search" /></label>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {data && !data.rows.length && <Empty>{search ? `Nothing in ${code} matches "${search}".` : `${code} has no stock movements at HQ yet.`}</Empty>}
      {data && data.rows.length > 0 && (
        <table className="grid" data-testid="branch-stock-rows">
          <thead><tr><th>SKU</th><th>Name</th><th className="num">On hand</th><th className="num">Reserved</th><th className="num">Available</th><th className="num">In transit to it</th></tr></thead>
          <tbody>{data.rows.map((r) => <tr key={r.sku}><td className="mono">{r.sku}</td><td>{r.name ?? <span className="warn">unknown SKU</span>}</td><td className={`num ${r.onHand < 0 ? 'bad' : ''}`}>{r.onHand}</td><td className="num">{r.reserved}</td><td className="num">{r.available}</td><td className="num">{r.inTransit || ''}</td></tr>)}</tbody>
        </table>
      )}
    </Section>
  );
}
