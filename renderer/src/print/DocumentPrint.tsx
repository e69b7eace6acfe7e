import type { CommandResult } from '../../../shared/contract';
import { fmtDateTime, fmtDelta, fmtMoney, plural } from '../ui/format';
import { PaperHead } from './PaperHead';

type Doc = CommandResult<'documents.get'>;

const SIGNATURES: Record<string, [string, string]> = {
  receive: ['Delivered by (driver)', 'Received and checked by'],
  supplier_return: ['Handed over by', 'Collected by (supplier)'],
  customer_return: ['Returned by (customer)', 'Accepted by'],
  write_off: ['Written off by', 'Approved by (manager)'],
  adjustment: ['Counted by', 'Approved by (manager)'],
};

/** A receipt, delivery note, return or any recorded document, as a manager files it. */
export function DocumentPrint({ doc }: { doc: Doc }) {
  const total = doc.lines.reduce((t, l) => t + (l.value ?? 0), 0);
  const qty = doc.lines.reduce((t, l) => t + l.onHandDelta, 0);
  const uncosted = doc.lines.filter((l) => l.value === null && l.onHandDelta !== 0).length;
  const reversed = doc.lines.filter((l) => l.reversedBy).length;
  const signatures = SIGNATURES[doc.type] ?? ['Recorded by', 'Checked by'];
  return (
    <div className="paper" data-testid="print-document">
      <PaperHead title={<>{doc.typeLabel} {doc.id}{reversed > 0 && <span className="stamp">{reversed === doc.lines.length ? 'REVERSED' : 'PARTLY REVERSED'}</span>}</>}>
        <div>{plural(doc.lines.length, 'line')}</div>
      </PaperHead>
      <dl>
        <dt>Date</dt><dd>{fmtDateTime(doc.occurredAt)}</dd>
        <dt>Clerk</dt><dd>{doc.actor}</dd>
        {doc.supplier && <><dt>Supplier</dt><dd>{doc.supplier}</dd></>}
        {doc.supplierRef && <><dt>Delivery note</dt><dd>{doc.supplierRef}</dd></>}
        {doc.recordedAt !== doc.occurredAt && <><dt>Recorded</dt><dd>{fmtDateTime(doc.recordedAt)}</dd></>}
      </dl>
      {doc.note && <div className="note"><b>Note:</b> {doc.note}</div>}
      <table>
        <thead><tr><th>#</th><th>SKU</th><th>Item</th><th className="n">Quantity</th><th className="n">Unit cost</th><th className="n">Value</th></tr></thead>
        <tbody>
          {doc.lines.map((l) => (
            <tr key={l.movementId}>
              <td>{l.line}</td><td className="sku">{l.sku}</td>
              <td>{l.name ?? l.sku}{l.reversedBy && <i> (reversed)</i>}</td>
              <td className="n">{fmtDelta(l.onHandDelta)} {l.unit ?? ''}</td>
              <td className="n">{l.unitCost === null ? 'no cost' : fmtMoney(l.unitCost)}</td>
              <td className="n">{l.value === null ? '—' : fmtMoney(l.value)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><td colSpan={3}>Total</td><td className="n">{fmtDelta(qty)}</td><td></td><td className="n" data-testid="print-total">{fmtMoney(total)}{uncosted ? ' *' : ''}</td></tr></tfoot>
      </table>
      {uncosted > 0 && <div className="foot">* {plural(uncosted, 'line')} without a cost yet are not in the total.</div>}
      <div className="signatures"><div>{signatures[0]}</div><div>{signatures[1]}</div></div>
      <div className="foot">Stock Ledger · {doc.typeLabel} {doc.id}</div>
    </div>
  );
}
