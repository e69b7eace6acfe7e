import { useEffect, useState } from 'react';
import type { TrailRow } from '../../../../shared/contract';
import { useTimeZone } from '../../app/branch';
import { navigate, useScreenParam } from '../../app/navigation';
import { fmtQty } from '../../ui/format';
import { useItem } from './itemStore';
import { MovementDetails } from './MovementDetails';
import { OnHandChart } from './OnHandChart';
import { PointInTime } from './PointInTime';
import { ReverseDialog } from './ReverseDialog';
import { TrailTable } from './TrailTable';
import { ItemCostsPanel } from '../valuation/ItemCostsPanel';

function BigNumber({ label, value, className, testId }: { label: string; value: number; className: string; testId: string }) {
  return (
    <div className={`big-number ${className} ${value < 0 ? 'neg' : ''}`}>
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>{fmtQty(value)}</div>
    </div>
  );
}

/** One item: the three numbers, the trail that explains them, a chart, and stock on a past day. */
export function ItemScreen() {
  const sku = useScreenParam('sku');
  const timeZone = useTimeZone();
  const item = useItem((s) => s.item);
  const level = useItem((s) => s.level);
  const rows = useItem((s) => s.rows);
  const counts = useItem((s) => s.counts);
  const nextBefore = useItem((s) => s.nextBefore);
  const error = useItem((s) => s.error);
  const [selected, setSelected] = useState<string | null>(null);
  const [reversing, setReversing] = useState<TrailRow | null>(null);

  useEffect(() => { if (sku) void useItem.getState().open(sku); }, [sku]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !reversing) navigate('stock'); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reversing]);

  if (!sku) return <div className="muted">Pick an item on the stock list (F1).</div>;
  if (error) return <div className="error-box">{error}</div>;
  if (!item || !level || item.sku !== sku) return <div className="muted">Loading {sku}…</div>;

  return (
    <>
      <div className="item-head">
        <div className="item-title">
          <button type="button" className="link muted" onClick={() => navigate('stock')}>← Stock list <kbd>Esc</kbd></button>
          <h1 data-testid="item-name">{item.name}</h1>
          <div className="meta">SKU <b>{item.sku}</b>{item.barcodes.length > 0 && <> · {item.barcodes.length === 1 ? 'barcode' : 'barcodes'} <span data-testid="item-head-barcodes">{item.barcodes.join(', ')}</span></>}{item.category && <> · {item.category}</>}{item.brand && <> · {item.brand}</>} · unit {item.unit}</div>
        </div>
        <div className="big-numbers">
          <BigNumber label="On hand" value={level.onHand} className="" testId="item-onhand" />
          <BigNumber label="Reserved (buffer)" value={level.reserved} className="buffer" testId="item-reserved" />
          <BigNumber label="Available" value={level.available} className="avail" testId="item-available" />
        </div>
      </div>
      <div className="item-body">
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6, minHeight: 0 }}>
          {nextBefore !== null && <button type="button" className="btn" onClick={() => void useItem.getState().loadOlder()}>Load older movements</button>}
          <TrailTable rows={rows} counts={counts} timeZone={timeZone} selectedId={selected} onSelect={setSelected} onReverse={setReversing} />
          <div className="muted">{rows.length} movements · click a line (or ↑↓) to select it, R to reverse it · hover a date for when it was recorded</div>
        </div>
        <div className="side">
          <div className="panel chart"><h2>On hand over time</h2><OnHandChart rows={rows} timeZone={timeZone} /></div>
          <MovementDetails row={rows.find((r) => r.id === selected) ?? null} timeZone={timeZone} onSelect={setSelected} onReverse={setReversing} />
          <PointInTime sku={sku} />
          <ItemCostsPanel sku={sku} />
        </div>
      </div>
      {reversing && (
        <ReverseDialog row={reversing} itemName={item.name} sku={item.sku} onCancel={() => setReversing(null)}
          onDone={() => { setReversing(null); void useItem.getState().open(sku); }} />
      )}
    </>
  );
}
