/** The shapes FIFO costing works with (rules in fifo.ts). Positions are (occurred_at, seq). */

/** What FIFO needs of a movement. `reversesSeq/At` locate the original when the row is a reversal. */
export interface CostMovement {
  seq: number;
  at: number;
  kind: string;
  onHandDelta: number;
  unitCost: number | null;
  reversesSeq: number | null;
  reversesAt: number | null;
}

export interface Layer { seq: number; at: number; remaining: number; value: number }
export interface Deficit { seq: number; at: number; qty: number }
export interface FifoState {
  /** Remaining layers, oldest first. Never non-empty together with `deficits`. */
  layers: Layer[];
  /** Units outflows took that no layer covered yet, oldest outflow first. */
  deficits: Deficit[];
  lastUnitCost: number | null;
  qty: number;
  value: number;
}

/**
 * One allocation record: `qty` units of `outflowSeq` taken from layer `layerSeq` (null = pending)
 * at `cost`. Negative qty undoes earlier records (back-fill clears pending, reversals give back).
 * `shownSeq/At` is the movement the record belongs to in reports (the outflow itself, or the
 * reversal that gave its units back); COGS is counted at `shownAt`.
 */
export interface AllocationRecord {
  madeSeq: number;
  madeAt: number;
  n: number;
  outflowSeq: number;
  shownSeq: number;
  shownAt: number;
  layerSeq: number | null;
  layerAt: number | null;
  qty: number;
  cost: number;
}

export type CostBasis = 'row' | 'current' | 'last' | 'unknown' | 'outflow' | 'restored' | 'cancelled';

/** One costed movement: its effect on quantity and inventory value, and the running totals after it. */
export interface CostRow {
  seq: number;
  at: number;
  qtyDelta: number;
  valueDelta: number;
  /** Value the row brought in (inflows), or took back (negative, reversal of an inflow). */
  inValue: number | null;
  basis: CostBasis;
  runningQty: number;
  runningValue: number;
}

/** Records made before the current run (the caller reads them from its tables). */
export interface AllocationHistory {
  shownUnder(seq: number, at: number): Array<{ layerSeq: number | null; layerAt: number | null; qty: number; cost: number }>;
  /**
   * Net per outflow of the layer made at (`at`, `seq`); `outflowAt` is the outflow's own time (from a
   * record shown under it). Records that took from it were all made at or after that position.
   */
  fromLayer(seq: number, at: number): Array<{ outflowSeq: number; outflowAt: number | null; qty: number; cost: number }>;
}
