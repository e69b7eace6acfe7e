/**
 * FIFO costing rules, pure (no I/O). The ledger is never touched: costs are a projection computed
 * from an item's movements in business order (occurred_at, then ledger seq).
 *
 * Which movements take part, and in which direction, comes from the kinds registry (`costed`) and
 * the row's signed on-hand delta: a costed row with a positive delta brings units in, a negative one
 * takes units out. No kind is named here. A row that points at another (`reverses`) undoes it.
 *
 * Rules (each pinned by a worked example in test/costs/fifo.test.ts):
 * - An inflow creates a layer: at the row's unitCost when it has one (receipts, a customer return
 *   whose original cost is known, a transfer in at the sender's cost, a costed adjustment); else at
 *   the current FIFO cost, i.e. what the same units would carry if they went out now (peeking the
 *   oldest layers), the rest at the last known unit cost; with no cost known at all, at 0 ('unknown').
 * - An outflow takes the oldest layers first. Units it cannot find are PENDING (a deficit): stock is
 *   negative. The next inflow first fills pending deficits, oldest outflow first, at its own cost:
 *   the outflow is priced retroactively. While stock is negative there are no layers, so its value is
 *   0 (never a negative asset): the pending units are reported, not guessed.
 * - A reversal of an outflow restores exactly what the original took: the same units go back into the
 *   same layers (revived at their original position if they were used up) at the same cost, and any
 *   part still pending is cancelled.
 * - A reversal of an inflow cancels the inflow: whatever is left of its layer is removed, and every
 *   unit of that layer that outflows had already taken (consumed, or priced retroactively) is taken
 *   back from them: those outflows become pending again and are re-priced from the oldest remaining
 *   layers (or stay pending until the next inflow). Reversals take effect at the original's business
 *   time, so the result is as if the mistaken inflow had never been recorded.
 * - Allocation records are only ever added, at the position of the movement that made them (an
 *   outflow, a back-filling inflow, a reversal), so re-costing from a position replays from a
 *   checkpoint and rewrites only records made after it.
 */
import { MOVEMENT_KINDS, type KindRule } from '../movements/kinds';
import { shareOf } from './fifoMoney';
import type { AllocationHistory, AllocationRecord, CostBasis, CostMovement, CostRow, Deficit, FifoState, Layer } from './fifoTypes';

/** A position in business order. */
export interface Pos { at: number; seq: number }
export const comparePos = (a: Pos, b: Pos): number => a.at - b.at || a.seq - b.seq;

export type { AllocationHistory, AllocationRecord, CostBasis, CostMovement, CostRow, Deficit, FifoState, Layer } from './fifoTypes';

export const NO_HISTORY: AllocationHistory = { shownUnder: () => [], fromLayer: () => [] };

export const emptyState = (): FifoState => ({ layers: [], deficits: [], lastUnitCost: null, qty: 0, value: 0 });

/** 'in', 'out', or null when the row does not move on-hand stock or its kind is not costed. */
export function costDirection(m: { kind: string; onHandDelta: number }): 'in' | 'out' | null {
  const rule = (MOVEMENT_KINDS as Record<string, KindRule>)[m.kind];
  if (!rule || rule.costed === 'none' || m.onHandDelta === 0) return null;
  return m.onHandDelta > 0 ? 'in' : 'out';
}

function insertSorted<T extends Pos>(list: T[], item: T): void {
  let i = list.length;
  while (i > 0 && comparePos(list[i - 1]!, item) > 0) i -= 1;
  list.splice(i, 0, item);
}

/**
 * Costs movements one at a time, in business order, from a starting state. Everything it decides
 * is appended to `records` and `rows`; the state is updated in place.
 */
export class FifoRun {
  readonly records: AllocationRecord[] = [];
  readonly rows: CostRow[] = [];
  /** Layers changed, added or removed by this run (seq -> position), so a caller can save only those. */
  readonly touchedLayers = new Map<number, number>();
  private readonly byShown = new Map<number, AllocationRecord[]>();
  private readonly byLayer = new Map<number, AllocationRecord[]>();
  private m!: CostMovement;
  private n = 0;

  constructor(readonly state: FifoState = emptyState(), private readonly history: AllocationHistory = NO_HISTORY) {}

  apply(m: CostMovement): CostRow | null {
    const dir = costDirection(m);
    if (dir === null) return null;
    this.m = m;
    this.n = 0;
    const valueBefore = this.state.value;
    let inValue: number | null = null;
    let basis: CostBasis;
    if (m.reversesSeq !== null && dir === 'in') {
      inValue = this.restoreOutflow(m.reversesSeq, m.reversesAt!, m.onHandDelta);
      basis = 'restored';
    } else if (m.reversesSeq !== null && dir === 'out') {
      inValue = -this.cancelInflow(m.reversesSeq, -m.onHandDelta);
      basis = 'cancelled';
    } else if (dir === 'in') {
      const priced = this.valueFor(m.onHandDelta, m.unitCost);
      this.inflow(m.onHandDelta, priced.value, priced.basis);
      inValue = priced.value;
      basis = priced.basis;
    } else {
      this.outflow(-m.onHandDelta);
      basis = 'outflow';
    }
    this.state.qty += m.onHandDelta;
    const row: CostRow = { seq: m.seq, at: m.at, qtyDelta: m.onHandDelta, valueDelta: this.state.value - valueBefore, inValue, basis, runningQty: this.state.qty, runningValue: this.state.value };
    this.rows.push(row);
    return row;
  }

  /** Units brought in at `value`: they fill pending deficits first, the rest becomes a layer. */
  private inflow(qty: number, value: number, basis: CostBasis): void {
    this.putLayer({ seq: this.m.seq, at: this.m.at, remaining: qty, value });
    if (basis !== 'unknown') this.state.lastUnitCost = Math.round(value / qty);
  }

  /** Units taken out: oldest layers first, the rest pending. */
  private outflow(qty: number): void {
    const left = this.take(this.m.seq, this.m.seq, this.m.at, qty);
    if (left > 0) {
      this.record(this.m.seq, this.m.seq, this.m.at, null, null, left, 0);
      this.addDeficit({ seq: this.m.seq, at: this.m.at, qty: left });
    }
  }

  /** The value of `qty` incoming units: the row's unit cost, else the current FIFO cost. */
  valueFor(qty: number, unitCost: number | null): { value: number; basis: CostBasis } {
    if (unitCost !== null) return { value: qty * unitCost, basis: 'row' };
    let value = 0;
    let need = qty;
    for (const l of this.state.layers) {
      if (need === 0) break;
      const k = Math.min(need, l.remaining);
      value += shareOf(l.value, k, l.remaining);
      need -= k;
    }
    if (need === 0) return { value, basis: 'current' };
    if (this.state.lastUnitCost === null) return { value, basis: need === qty ? 'unknown' : 'current' };
    return { value: value + need * this.state.lastUnitCost, basis: need === qty ? 'last' : 'current' };
  }

  /** Takes up to `qty` units from the oldest layers for an outflow; returns how many it could not find. */
  private take(outflowSeq: number, shownSeq: number, shownAt: number, qty: number): number {
    const layers = this.state.layers;
    while (qty > 0 && layers.length > 0) {
      const l = layers[0]!;
      const k = Math.min(qty, l.remaining);
      const cost = shareOf(l.value, k, l.remaining);
      l.remaining -= k;
      l.value -= cost;
      this.touchedLayers.set(l.seq, l.at);
      this.state.value -= cost;
      qty -= k;
      if (l.remaining === 0) layers.shift();
      this.record(outflowSeq, shownSeq, shownAt, l.seq, l.at, k, cost);
    }
    return qty;
  }

  /** Adds units to a layer (new, or revived by a reversal), then lets them fill pending deficits. */
  private putLayer(add: Layer): void {
    this.touchedLayers.set(add.seq, add.at);
    const existing = this.state.layers.find((l) => l.seq === add.seq);
    if (existing) {
      existing.remaining += add.remaining;
      existing.value += add.value;
    } else {
      insertSorted(this.state.layers, { ...add });
    }
    this.state.value += add.value;
    this.serveDeficits();
  }

  private addDeficit(d: Deficit): void {
    const existing = this.state.deficits.find((x) => x.seq === d.seq);
    if (existing) existing.qty += d.qty;
    else insertSorted(this.state.deficits, { ...d });
  }

  /** Pending outflows, oldest first, take units from the oldest layers: priced retroactively. */
  private serveDeficits(): void {
    const deficits = this.state.deficits;
    while (deficits.length > 0 && this.state.layers.length > 0) {
      const d = deficits[0]!;
      const before = d.qty;
      const left = this.take(d.seq, d.seq, d.at, d.qty);
      if (before > left) this.record(d.seq, d.seq, d.at, null, null, -(before - left), 0);
      d.qty = left;
      if (left === 0) deficits.shift();
    }
  }

  /** Reversal of outflow `o`: its units go back where they came from. Returns the value restored. */
  private restoreOutflow(oSeq: number, oAt: number, want: number): number {
    const nets = this.netShownUnder(oSeq, oAt);
    let restored = 0;
    let value = 0;
    // Cancel what is still pending first: restored units must not fill the outflow's own deficit.
    const pending = nets.get(null);
    if (pending && pending.qty > 0) {
      const d = this.state.deficits.find((x) => x.seq === oSeq);
      const k = Math.min(pending.qty, d?.qty ?? 0, want);
      if (k > 0) {
        d!.qty -= k;
        if (d!.qty === 0) this.state.deficits.splice(this.state.deficits.indexOf(d!), 1);
        this.record(oSeq, this.m.seq, this.m.at, null, null, -k, 0);
        restored += k;
      }
    }
    const layers = [...nets.values()].filter((x) => x.layerSeq !== null && x.qty > 0)
      .sort((a, b) => comparePos({ at: a.layerAt!, seq: a.layerSeq! }, { at: b.layerAt!, seq: b.layerSeq! }));
    for (const x of layers) {
      const k = Math.min(x.qty, want - restored);
      if (k <= 0) break;
      const cost = shareOf(x.cost, k, x.qty);
      this.record(oSeq, this.m.seq, this.m.at, x.layerSeq, x.layerAt, -k, -cost);
      this.putLayer({ seq: x.layerSeq!, at: x.layerAt!, remaining: k, value: cost });
      restored += k;
      value += cost;
    }
    const leftover = want - restored;
    if (leftover > 0) {
      // The original is not (yet) costed, e.g. it synced in after its reversal: an ordinary inflow.
      const priced = this.valueFor(leftover, this.m.unitCost);
      this.putLayer({ seq: this.m.seq, at: this.m.at, remaining: leftover, value: priced.value });
      value += priced.value;
    }
    return value;
  }

  /** Reversal of inflow `i`: the layer goes, and every unit of it outflows took goes back to pending. */
  private cancelInflow(iSeq: number, want: number): number {
    let removed = 0;
    let value = 0;
    const idx = this.state.layers.findIndex((l) => l.seq === iSeq);
    if (idx >= 0) {
      const l = this.state.layers[idx]!;
      this.state.layers.splice(idx, 1);
      this.touchedLayers.set(l.seq, l.at);
      this.state.value -= l.value;
      removed += l.remaining;
      value += l.value;
    }
    const iAt = this.m.reversesAt!;
    const takers = [...this.netFromLayer(iSeq, iAt).values()].filter((x) => x.qty > 0)
      .map((x) => ({ ...x, outflowAt: x.outflowAt ?? iAt }))
      .sort((a, b) => comparePos({ at: a.outflowAt, seq: a.outflowSeq }, { at: b.outflowAt, seq: b.outflowSeq }));
    for (const t of takers) {
      this.record(t.outflowSeq, t.outflowSeq, t.outflowAt, iSeq, iAt, -t.qty, -t.cost);
      this.record(t.outflowSeq, t.outflowSeq, t.outflowAt, null, null, t.qty, 0);
      this.addDeficit({ seq: t.outflowSeq, at: t.outflowAt, qty: t.qty });
      removed += t.qty;
      value += t.cost;
    }
    this.serveDeficits();
    const leftover = want - removed;
    if (leftover > 0) this.outflow(leftover);
    if (leftover < 0) {
      const priced = this.valueFor(-leftover, null);
      this.putLayer({ seq: this.m.seq, at: this.m.at, remaining: -leftover, value: priced.value });
    }
    return value;
  }

  private netShownUnder(seq: number, at: number): Map<number | null, { layerSeq: number | null; layerAt: number | null; qty: number; cost: number }> {
    const nets = new Map<number | null, { layerSeq: number | null; layerAt: number | null; qty: number; cost: number }>();
    const add = (r: { layerSeq: number | null; layerAt: number | null; qty: number; cost: number }) => {
      const x = nets.get(r.layerSeq);
      if (x) { x.qty += r.qty; x.cost += r.cost; x.layerAt ??= r.layerAt; } else nets.set(r.layerSeq, { ...r });
    };
    for (const r of this.history.shownUnder(seq, at)) add(r);
    for (const r of this.byShown.get(seq) ?? []) add(r);
    return nets;
  }

  private netFromLayer(layerSeq: number, layerAt: number): Map<number, { outflowSeq: number; outflowAt: number | null; qty: number; cost: number }> {
    const nets = new Map<number, { outflowSeq: number; outflowAt: number | null; qty: number; cost: number }>();
    const add = (r: { outflowSeq: number; outflowAt: number | null; qty: number; cost: number }) => {
      const x = nets.get(r.outflowSeq);
      if (x) { x.qty += r.qty; x.cost += r.cost; x.outflowAt ??= r.outflowAt; } else nets.set(r.outflowSeq, { ...r });
    };
    for (const r of this.history.fromLayer(layerSeq, layerAt)) add(r);
    // A record shown under the outflow itself carries the outflow's time; one shown under a reversal does not.
    for (const r of this.byLayer.get(layerSeq) ?? []) add({ outflowSeq: r.outflowSeq, outflowAt: r.shownSeq === r.outflowSeq ? r.shownAt : null, qty: r.qty, cost: r.cost });
    return nets;
  }

  private record(outflowSeq: number, shownSeq: number, shownAt: number, layerSeq: number | null, layerAt: number | null, qty: number, cost: number): void {
    const rec: AllocationRecord = { madeSeq: this.m.seq, madeAt: this.m.at, n: this.n++, outflowSeq, shownSeq, shownAt, layerSeq, layerAt, qty, cost };
    this.records.push(rec);
    let list = this.byShown.get(shownSeq);
    if (!list) this.byShown.set(shownSeq, (list = []));
    list.push(rec);
    if (layerSeq !== null) {
      let byL = this.byLayer.get(layerSeq);
      if (!byL) this.byLayer.set(layerSeq, (byL = []));
      byL.push(rec);
    }
  }
}

