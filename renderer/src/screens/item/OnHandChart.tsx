import type { TrailRow } from '../../../../shared/contract';
import { fmtDateTime, fmtDay, fmtQty } from '../../ui/format';

const W = 280;
const H = 130;
const PAD = { left: 34, right: 6, top: 8, bottom: 18 };

/**
 * On-hand over time as a step line by business time (when it happened): a receipt of 27 November
 * recorded on the 30th is drawn on the 27th. The balance at the page's end is the same in any order,
 * so the line is folded forward from the start balance in business order.
 */
export function OnHandChart({ rows, timeZone }: { rows: TrailRow[]; timeZone: string }) {
  if (rows.length === 0) return <div className="muted">No movements yet.</div>;
  const ordered = [...rows].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.seq - b.seq);
  const times = ordered.map((r) => Date.parse(r.occurredAt));
  const t0 = times[0]!;
  const t1 = Math.max(times[times.length - 1]!, t0 + 1);
  const end = rows[rows.length - 1]!.onHandAfter;
  const startBalance = end - rows.reduce((n, r) => n + r.onHandDelta, 0);
  let running = startBalance;
  const after = ordered.map((r) => (running += r.onHandDelta));
  const values = [startBalance, ...after];
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  let d = `M${x(t0).toFixed(1)},${y(startBalance).toFixed(1)}`;
  ordered.forEach((_, i) => {
    const xi = x(times[i]!).toFixed(1);
    d += ` H${xi} V${y(after[i]!).toFixed(1)}`;
  });
  // One day on the axis: label the times, not the same date twice.
  const sameDay = fmtDay(new Date(t0).toISOString(), timeZone) === fmtDay(new Date(t1).toISOString(), timeZone);
  const label = (t: number) => (sameDay ? fmtDateTime(new Date(t).toISOString()) : fmtDay(new Date(t).toISOString(), timeZone));
  d += ` H${(W - PAD.right).toFixed(1)}`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="On hand over time" data-testid="onhand-chart">
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#c0c6d0" strokeDasharray="3 3" />
      <text x={PAD.left - 4} y={y(hi) + 4} fontSize="10" textAnchor="end" fill="#667085">{fmtQty(hi)}</text>
      <text x={PAD.left - 4} y={y(lo) + 4} fontSize="10" textAnchor="end" fill="#667085">{fmtQty(lo)}</text>
      <path d={d} fill="none" stroke="#1f5fbf" strokeWidth="1.6" />
      <text x={PAD.left} y={H - 4} fontSize="10" fill="#667085" data-testid="chart-from">{label(t0)}</text>
      <text x={W - PAD.right} y={H - 4} fontSize="10" textAnchor="end" fill="#667085" data-testid="chart-to">{label(t1)}</text>
    </svg>
  );
}
