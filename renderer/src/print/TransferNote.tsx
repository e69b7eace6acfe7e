import type { TransferView } from '../../../shared/contract';
import { fmtDateTime, fmtMoney, fmtQty, plural } from '../ui/format';
import { PaperHead } from './PaperHead';

/** The note that travels with a transfer: from, to, lines, and two signatures. */
export function TransferNote({ t }: { t: TransferView }) {
  const units = t.lines.reduce((n, l) => n + l.qty, 0);
  const value = t.lines.reduce((n, l) => n + (l.unitCost ?? 0) * l.qty, 0);
  return (
    <div className="paper" data-testid="print-transfer">
      <PaperHead title="Transfer note"><div className="sku">No. {t.id}</div><div>{plural(t.lines.length, 'line')} · {plural(units, 'unit')}</div></PaperHead>
      <dl>
        <dt>From branch</dt><dd>{t.fromBranch}</dd>
        <dt>To branch</dt><dd>{t.toBranch}</dd>
        <dt>Sent</dt><dd>{fmtDateTime(t.sentAt)} by {t.actor}</dd>
        {t.receipt && <><dt>Received</dt><dd>{fmtDateTime(t.receipt.receivedAt)} by {t.receipt.actor}</dd></>}
      </dl>
      {t.note && <div className="note"><b>Note:</b> {t.note}</div>}
      <table>
        <thead><tr><th>#</th><th>SKU</th><th>Item</th><th className="n">Sent</th><th className="n">Unit cost</th><th className="n">Received</th></tr></thead>
        <tbody>
          {t.lines.map((l, i) => (
            <tr key={l.sku}>
              <td>{i + 1}</td><td className="sku">{l.sku}</td><td>{l.name ?? l.sku}</td><td className="n">{fmtQty(l.qty)}</td>
              <td className="n">{l.unitCost === null ? 'no cost' : fmtMoney(l.unitCost)}</td>
              <td className="n">{l.received === null ? <div className="box" /> : fmtQty(l.received)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colSpan={3}>Total</td><td className="n">{fmtQty(units)}</td><td className="n">{fmtMoney(value)}</td><td></td></tr></tfoot>
      </table>
      <div className="signatures"><div>Sent by ({t.fromBranch}) — name, signature, date</div><div>Received by ({t.toBranch}) — name, signature, date</div></div>
    </div>
  );
}
