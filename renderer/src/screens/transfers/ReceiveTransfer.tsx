import { useState } from 'react';
import type { TransferView } from '../../../../shared/contract';
import { attempt } from '../../api';
import { currentActor } from '../../app/session';
import { fmtQty } from '../../ui/format';

/** Confirm what arrived of one inbound transfer, line by line (pre-filled with what was sent). */
export function ReceiveTransfer({ transfer, onDone, onCancel }: { transfer: TransferView; onDone: (message: string) => void; onCancel: () => void }) {
  const [received, setReceived] = useState<Record<string, string>>(() => Object.fromEntries(transfer.lines.map((l) => [l.sku, String(l.qty)])));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    const outcome = await attempt('transfers.receive', {
      transferId: transfer.id, actor: currentActor(),
      lines: transfer.lines.map((l) => ({ sku: l.sku, received: Number(received[l.sku] ?? 0), note: notes[l.sku]?.trim() || undefined })),
    });
    setBusy(false);
    if (!outcome.ok) { setError(outcome.error.message); return; }
    const short = outcome.result.lines.filter((l) => (l.difference ?? 0) !== 0);
    onDone(short.length
      ? `Transfer ${transfer.id} received with differences on ${short.map((l) => `${l.sku} (${l.difference! > 0 ? '+' : ''}${l.difference})`).join(', ')}; HQ and ${transfer.fromBranch} will see them.`
      : `Transfer ${transfer.id} received in full.`);
  };

  return (
    <div className="panel" data-testid="transfer-receive">
      <div className="toolbar">
        <h3 style={{ margin: 0 }}>Receive transfer {transfer.id} from {transfer.fromBranch}</h3>
        <button type="button" className="btn primary" data-testid="transfer-receive-confirm" disabled={busy} onClick={() => void confirm()}>Confirm receipt</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
      {error && <div className="error-box" data-testid="transfer-receive-error" style={{ marginTop: 6 }}>{error}</div>}
      <table className="grid" style={{ marginTop: 6 }}>
        <thead><tr><th>SKU</th><th>Item</th><th className="n">Sent</th><th className="n">Arrived</th><th>Note (damage, missing…)</th></tr></thead>
        <tbody>
          {transfer.lines.map((l) => {
            const diff = Number(received[l.sku] ?? 0) - l.qty;
            return (
              <tr key={l.sku} className={diff !== 0 ? 'error' : undefined}>
                <td>{l.sku}</td>
                <td>{l.name ?? <span className="muted">new item</span>}</td>
                <td className="n">{fmtQty(l.qty)}</td>
                <td className="n"><input className="num" style={{ width: 70 }} data-testid={`receive-qty-${l.sku}`} value={received[l.sku] ?? ''}
                  onChange={(e) => setReceived((r) => ({ ...r, [l.sku]: e.target.value }))} /></td>
                <td><input style={{ width: '100%' }} data-testid={`receive-note-${l.sku}`} value={notes[l.sku] ?? ''} onChange={(e) => setNotes((n) => ({ ...n, [l.sku]: e.target.value }))} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
