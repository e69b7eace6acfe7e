import { useState } from 'react';
import type { CommandResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { fmtQty } from '../../ui/format';

/**
 * "What was the stock on this day?" by business time, and optionally "as we believed then": only what
 * the ledger had learned by the end of that day. The ledger answers; nothing is summed here.
 */
export function PointInTime({ sku }: { sku: string }) {
  const [day, setDay] = useState('');
  const [believed, setBelieved] = useState(false);
  const [answer, setAnswer] = useState<CommandResult<'stock.get'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ask = async (d: string, b: boolean) => {
    setDay(d);
    setBelieved(b);
    if (!d) { setAnswer(null); return; }
    try {
      setAnswer(await call('stock.get', b ? { sku, asOf: d, believedAt: d } : { sku, asOf: d }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
      setAnswer(null);
    }
  };

  return (
    <div className="panel" data-testid="point-in-time">
      <h2>Stock on a past day</h2>
      <div className="toolbar">
        <input type="date" data-testid="pit-date" value={day} onChange={(e) => void ask(e.target.value, believed)} />
        <label><input type="checkbox" data-testid="pit-believed" checked={believed} onChange={(e) => void ask(day, e.target.checked)} /> as we believed then</label>
      </div>
      {error && <div className="field-error">{error}</div>}
      {answer && (
        <div data-testid="pit-answer" style={{ marginTop: 6 }}>
          End of {day}{believed ? ', as the ledger knew it that day' : ''}:<br />
          On hand <b data-testid="pit-onhand">{fmtQty(answer.onHand)}</b> · reserved <b className="q-buffer">{fmtQty(answer.reserved)}</b> · available <b className="q-avail">{fmtQty(answer.available)}</b>
        </div>
      )}
      {!answer && !error && <div className="muted" style={{ marginTop: 6 }}>Pick a day to see the stock at its end.</div>}
    </div>
  );
}
