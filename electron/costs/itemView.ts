import type { Database } from 'better-sqlite3';
import type { CostLayerView, CostMovementRef, CostsItemResult, NegativePeriod, OutflowView } from '../../shared/contract/costs';
import type { AllocationRecord, FifoState } from '../../shared/domain/fifo';
import { outflowCosts } from '../../shared/domain/fifoOutflows';
import { averageUnitCost } from '../../shared/domain/fifoMoney';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { kindLabel } from '../../shared/movements/kinds';
import { findItem } from '../catalogue/items';
import { prepared } from '../ledger/prepared';
import { costSql, loadEndState, type CostItemRow } from './store';
import { stateAsOf } from './recost';

const sql = (db: Database) => ({
  movement: db.prepare(`SELECT seq, id, kind, on_hand_delta, doc_type, doc_id, occurred_at, reverses FROM movements WHERE seq = ?`),
  reversedBy: db.prepare(`SELECT id FROM movements WHERE reverses = ?`),
  inflowRow: db.prepare(`SELECT qty_delta, in_value, basis FROM cost_moves WHERE sku = ? AND occurred_at = ? AND seq = ?`),
  latestShown: db.prepare(`
    SELECT DISTINCT shown_at AS at, shown_seq AS seq FROM cost_allocations
    WHERE sku = ? AND shown_at <= ? ORDER BY shown_at DESC, shown_seq DESC LIMIT ?`),
  shownCount: db.prepare(`SELECT count(*) AS n FROM (SELECT DISTINCT shown_seq FROM cost_allocations WHERE sku = ? AND shown_at <= ?)`),
  recordsShownBetween: db.prepare(`
    SELECT made_seq AS madeSeq, made_at AS madeAt, n, outflow_seq AS outflowSeq, shown_seq AS shownSeq, shown_at AS shownAt,
      layer_seq AS layerSeq, layer_at AS layerAt, qty, cost
    FROM cost_allocations WHERE sku = ? AND shown_at >= ? AND shown_at <= ?`),
  // Where the running quantity crosses zero, plus each row while negative (for the lowest point).
  negativeRows: db.prepare(`
    SELECT at, qty, prev FROM (
      SELECT occurred_at AS at, running_qty AS qty, lag(running_qty, 1, 0) OVER (ORDER BY occurred_at, seq) AS prev
      FROM cost_moves WHERE sku = ? AND occurred_at <= ?)
    WHERE qty < 0 OR prev < 0`),
});

interface MovementInfo { seq: number; id: string; kind: string; on_hand_delta: number; doc_type: string; doc_id: string; occurred_at: number; reverses: string | null }

function movementRef(seq: number, m: MovementInfo, at: number): CostMovementRef {
  return { movementSeq: seq, movementId: m.id, kind: m.kind, kindLabel: kindLabel(m.kind), docType: m.doc_type, docId: m.doc_id, occurredAt: isoOf(at) };
}

/** An item's FIFO picture: remaining layers (at asOf), the cost of its latest outflows, negative periods. */
export function itemCosts(db: Database, sku: string, asOf: number | null, limit: number): CostsItemResult {
  const s = prepared(db, sql);
  const item = findItem(db, sku);
  const costed = prepared(db, costSql).item.get(sku) as CostItemRow | undefined;
  if (!item && !costed) throw new CommandError('NOT_FOUND', `No item with SKU ${sku}. Check the code or scan the barcode again.`, { sku });
  const until = asOf ?? Number.MAX_SAFE_INTEGER;
  let state: FifoState = { layers: [], deficits: [], lastUnitCost: null, qty: 0, value: 0 };
  if (costed) state = asOf === null || asOf >= costed.last_at ? loadEndState(db, costed) : stateAsOf(db, sku, asOf);

  const layers: CostLayerView[] = state.layers.map((l) => {
    const m = s.movement.get(l.seq) as MovementInfo;
    const inflow = s.inflowRow.get(sku, l.at, l.seq) as { qty_delta: number; in_value: number | null; basis: string } | undefined;
    return {
      ...movementRef(l.seq, m, l.at), qtyIn: inflow?.qty_delta ?? null, valueIn: inflow?.in_value ?? null,
      remaining: l.remaining, value: l.value, unitCost: averageUnitCost(l.value, l.remaining), basis: inflow?.basis ?? null,
    };
  });

  const shown = s.latestShown.all(sku, until, limit) as Array<{ at: number; seq: number }>;
  let outflows: OutflowView[] = [];
  if (shown.length > 0) {
    const wanted = new Set(shown.map((x) => x.seq));
    const records = (s.recordsShownBetween.all(sku, shown.at(-1)!.at, shown[0]!.at) as AllocationRecord[]).filter((r) => wanted.has(r.shownSeq));
    const costs = outflowCosts(records);
    outflows = shown.map(({ seq }) => {
      const c = costs.get(seq)!;
      const m = s.movement.get(seq) as MovementInfo;
      const qty = -m.on_hand_delta;
      const state: OutflowView['state'] = m.reverses !== null ? 'reversal' : c.pendingQty <= 0 ? 'priced' : c.pendingQty >= qty ? 'pending' : 'partly-pending';
      return {
        ...movementRef(seq, m, m.occurred_at), qty, pricedQty: c.pricedQty, pendingQty: c.pendingQty, cost: c.cost, state,
        reversedBy: (s.reversedBy.get(m.id) as { id: string } | undefined)?.id ?? null,
        parts: c.parts.map((p) => ({
          layerSeq: p.layerSeq, layerOccurredAt: isoOf(p.layerAt), qty: p.qty, cost: p.cost,
          unitCost: p.qty > 0 ? averageUnitCost(p.cost, p.qty) : p.qty < 0 ? averageUnitCost(-p.cost, -p.qty) : null, retroactive: p.retroactive,
        })),
      };
    });
  }

  const pendingQty = state.deficits.reduce((n, d) => n + d.qty, 0);
  return {
    sku, name: item?.name ?? null, asOf: asOf === null ? null : isoOf(asOf), qty: state.qty, value: state.value,
    avgUnitCost: averageUnitCost(state.value, state.qty), pendingQty, layers, outflows,
    outflowCount: (s.shownCount.get(sku, until) as { n: number }).n,
    negativePeriods: negativePeriods(s.negativeRows.all(sku, until) as Array<{ at: number; qty: number; prev: number }>),
  };
}

function negativePeriods(rows: Array<{ at: number; qty: number; prev: number }>): NegativePeriod[] {
  const periods: NegativePeriod[] = [];
  let open: NegativePeriod | null = null;
  for (const r of rows) {
    if (r.qty < 0 && r.prev >= 0) periods.push((open = { from: isoOf(r.at), to: null, lowestQty: r.qty }));
    else if (r.qty < 0 && open) open.lowestQty = Math.min(open.lowestQty, r.qty);
    else if (r.qty >= 0 && open) { open.to = isoOf(r.at); open = null; }
  }
  return periods;
}
