import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import type { TrailCount, TrailRow } from '../../../../shared/contract';
import { fmtDateTime, fmtDelta, fmtMoney, fmtQty, shortId } from '../../ui/format';

/** A colour for the kind badge, from the row's own deltas (what it did), not from its kind name. */
function badgeClass(r: TrailRow): string {
  if (r.reverses) return 'fix';
  if (r.onHandDelta === 0) return 'hold';
  return r.onHandDelta > 0 ? 'in' : 'out';
}

interface Props {
  rows: TrailRow[];
  counts?: TrailCount[];
  timeZone: string;
  selectedId: string | null;
  onSelect(id: string): void;
  onReverse(row: TrailRow): void;
}

/**
 * The bank statement: every movement in ledger order with the running on-hand after it, its document,
 * who and when, the note, and links between a movement and its reversal.
 */
export function TrailTable({ rows, counts = [], timeZone, selectedId, onSelect, onReverse }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // A statement is read from the bottom: the newest line is where the current balance is.
  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [rows.length, counts.length]);
  // Each matched count goes after the last movement at or before its position (before the first row if none).
  const countsAfter = new Map<number, TrailCount[]>();
  for (const c of counts) {
    let at = -1;
    for (let i = 0; i < rows.length && rows[i]!.seq <= c.position; i++) at = i;
    countsAfter.set(at, [...(countsAfter.get(at) ?? []), c]);
  }
  useEffect(() => {
    if (selectedId) scrollRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: 'center' });
  }, [selectedId]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = rows.findIndex((r) => r.id === selectedId);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[Math.max(0, Math.min(rows.length - 1, (i < 0 ? rows.length : i) + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) onSelect(next.id);
    } else if ((e.key === 'r' || e.key === 'R') && i >= 0) {
      e.preventDefault();
      onReverse(rows[i]!);
    }
  };

  return (
    <div className="trail" ref={scrollRef} tabIndex={0} onKeyDown={onKey} data-testid="trail">
      <table className="grid">
        <colgroup>
          <col style={{ width: 140 }} /><col style={{ width: 140 }} /><col style={{ width: 64 }} /><col style={{ width: 72 }} />
          <col style={{ width: 64 }} /><col style={{ width: 108 }} /><col style={{ width: 110 }} /><col /><col style={{ width: 136 }} />
        </colgroup>
        <thead>
          <tr>
            <th>When</th><th>Movement</th><th className="n">On hand</th><th className="n col-buffer">Reserved</th>
            <th className="n">Balance</th><th>Document</th><th>Who</th><th>Note</th><th>Reversal</th>
          </tr>
        </thead>
        <tbody>
          {countsAfter.get(-1)?.map((c) => <CountLine key={c.sessionId} c={c} timeZone={timeZone} />)}
          {rows.map((r, i) => (
            <Fragment key={r.id}>
            <tr data-id={r.id} data-testid="trail-row" onClick={() => onSelect(r.id)}
              className={`${r.id === selectedId ? 'selected' : ''} ${r.reversedBy ? 'reversed' : ''} ${r.reverses ? 'is-reversal' : ''}`}>
              <td title={`Happened ${fmtDateTime(r.occurredAt, timeZone)}; recorded ${fmtDateTime(r.recordedAt, timeZone)}`}>
                {fmtDateTime(r.occurredAt, timeZone)}
              </td>
              <td><span className={`kind ${badgeClass(r)}`}>{r.kindLabel}</span></td>
              <td className="n">{r.onHandDelta ? fmtDelta(r.onHandDelta) : ''}</td>
              <td className="n q-buffer">{r.reservedDelta ? fmtDelta(r.reservedDelta) : ''}</td>
              <td className="n keep" data-testid="trail-balance"><b>{fmtQty(r.onHandAfter)}</b></td>
              <td title={`${r.docType} ${r.docId}, line ${r.docLine + 1}${r.unitCost !== null ? `, unit cost ${fmtMoney(r.unitCost)}` : ''}`}>{shortId(r.docId)}</td>
              <td>{r.actor}</td>
              <td title={r.note ?? ''}>{r.note}</td>
              <td className="keep">
                {r.reversedBy && <button type="button" className="link" title={`Reversed by movement ${r.reversedBy}`} onClick={(e) => { e.stopPropagation(); onSelect(r.reversedBy!); }}>reversed by ↓</button>}
                {r.reverses && <button type="button" className="link" title={`Reverses movement ${r.reverses}`} onClick={(e) => { e.stopPropagation(); onSelect(r.reverses!); }}>reverses ↑</button>}
                {!r.reversedBy && r.id === selectedId && (
                  <button type="button" className="btn danger" style={{ padding: '0 6px' }} data-testid="reverse-button" onClick={(e) => { e.stopPropagation(); onReverse(r); }}>
                    Reverse… <kbd>R</kbd>
                  </button>
                )}
              </td>
            </tr>
            {countsAfter.get(i)?.map((c) => <CountLine key={c.sessionId} c={c} timeZone={timeZone} />)}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A stock take that found the item as the ledger said: not a movement (nothing changed), but it was counted. */
function CountLine({ c, timeZone }: { c: TrailCount; timeZone: string }) {
  return (
    <tr className="count-line" data-testid="trail-count">
      <td title={`Counted ${fmtDateTime(c.countedAt, timeZone)}; committed ${fmtDateTime(c.committedAt, timeZone)}`}>{fmtDateTime(c.committedAt, timeZone)}</td>
      <td><span className="kind count">Stock take</span></td>
      <td className="n" />
      <td className="n q-buffer" />
      <td className="n keep muted" title="A matched count changes nothing">—</td>
      <td title={`stocktake ${c.sessionId}`}>{shortId(c.sessionId)}</td>
      <td>{c.committedBy}</td>
      <td colSpan={2} data-testid="trail-count-text" title={`Counted by ${c.countedBy.join(', ')}; no difference, so nothing was recorded in the ledger`}>
        <b>Counted {fmtQty(c.counted)}, matched</b> <span className="muted">(not a movement)</span>
      </td>
    </tr>
  );
}
