/**
 * Reading FIFO results: the cost of each outflow from its allocation records, and costing a whole
 * item from nothing (the pure tests; the ledger side does the same through electron/costs/recost.ts).
 */
import { comparePos, FifoRun, type AllocationRecord, type CostMovement } from './fifo';

/** Costs a whole item from nothing (the rebuild path and the pure tests). */
export function costFromScratch(movements: CostMovement[]): FifoRun {
  const run = new FifoRun();
  for (const m of [...movements].sort(comparePos)) run.apply(m);
  return run;
}

/** The cost of one outflow (or of a reversal that gave an outflow's units back), from its records. */
export interface OutflowCost {
  seq: number;
  at: number;
  /** Units priced (net), their cost, and units still waiting for an inflow. */
  pricedQty: number;
  cost: number;
  pendingQty: number;
  /** Net units and cost per layer; `retroactive` when priced by an inflow recorded after the outflow. */
  parts: Array<{ layerSeq: number; layerAt: number; qty: number; cost: number; retroactive: boolean }>;
}

export function outflowCosts(records: Iterable<AllocationRecord>): Map<number, OutflowCost> {
  const out = new Map<number, OutflowCost>();
  const parts = new Map<string, OutflowCost['parts'][number]>();
  for (const r of records) {
    let o = out.get(r.shownSeq);
    if (!o) out.set(r.shownSeq, (o = { seq: r.shownSeq, at: r.shownAt, pricedQty: 0, cost: 0, pendingQty: 0, parts: [] }));
    o.cost += r.cost;
    if (r.layerSeq === null) { o.pendingQty += r.qty; continue; }
    o.pricedQty += r.qty;
    const key = `${r.shownSeq}:${r.layerSeq}`;
    let p = parts.get(key);
    if (!p) { parts.set(key, (p = { layerSeq: r.layerSeq, layerAt: r.layerAt ?? 0, qty: 0, cost: 0, retroactive: false })); o.parts.push(p); }
    p.qty += r.qty;
    p.cost += r.cost;
    if (r.madeSeq !== r.shownSeq && r.qty > 0) p.retroactive = true;
  }
  for (const o of out.values()) o.parts = o.parts.filter((p) => p.qty !== 0 || p.cost !== 0);
  return out;
}
