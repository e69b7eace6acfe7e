import { describe, expect, it } from 'vitest';
import { costDirection, type CostMovement, type FifoRun } from '../../shared/domain/fifo';
import { costFromScratch, outflowCosts } from '../../shared/domain/fifoOutflows';
import { averageUnitCost, shareOf } from '../../shared/domain/fifoMoney';
import { deltasFor, type MovementKind } from '../../shared/movements/kinds';

/** Worked examples of the FIFO rules. Days are small integers; seq is the order of recording. */
const DAY = 86_400_000;
let nextSeq = 1;
function mv(day: number, kind: MovementKind, qty: number, unitCost: number | null = null): CostMovement {
  return { seq: nextSeq++, at: day * DAY, kind, onHandDelta: deltasFor(kind, qty).onHand, unitCost, reversesSeq: null, reversesAt: null };
}
/** A reversal recorded now, taking effect at `day` (the app uses the original's business time). */
function reversal(of: CostMovement, day = of.at / DAY): CostMovement {
  return { seq: nextSeq++, at: day * DAY, kind: 'reversal', onHandDelta: -of.onHandDelta, unitCost: of.unitCost, reversesSeq: of.seq, reversesAt: of.at };
}
const costOf = (run: FifoRun, m: CostMovement) => outflowCosts(run.records).get(m.seq)!;
const layers = (run: FifoRun) => run.state.layers.map((l) => [l.seq, l.remaining, l.value]);
const cogs = (run: FifoRun) => run.records.reduce((s, r) => s + r.cost, 0);

/** Every unit of value that came in is either in a layer or in an outflow's cost, exactly. */
function expectReconciled(run: FifoRun): void {
  const external = run.rows.filter((r) => r.basis !== 'restored' && r.inValue !== null).reduce((s, r) => s + r.inValue!, 0);
  expect(cogs(run) + run.state.value).toBe(external);
  expect(run.state.value).toBe(run.state.layers.reduce((s, l) => s + l.value, 0));
  const layerQty = run.state.layers.reduce((s, l) => s + l.remaining, 0);
  const pending = run.state.deficits.reduce((s, d) => s + d.qty, 0);
  expect(run.state.qty).toBe(layerQty - pending);
  expect(layerQty === 0 || pending === 0).toBe(true);
}

describe('FIFO rules (pure)', () => {
  it('prices a sale from the oldest receipts first, splitting across layers', () => {
    const r1 = mv(1, 'receive', 10, 100), r2 = mv(2, 'receive', 10, 120), s = mv(3, 'sale', 15);
    const run = costFromScratch([r1, r2, s]);
    expect(costOf(run, s)).toMatchObject({ pricedQty: 15, cost: 10 * 100 + 5 * 120, pendingQty: 0 });
    expect(costOf(run, s).parts.map((p) => [p.layerSeq, p.qty, p.cost])).toEqual([[r1.seq, 10, 1000], [r2.seq, 5, 600]]);
    expect(layers(run)).toEqual([[r2.seq, 5, 600]]);
    expectReconciled(run);
  });

  it('leaves a partly consumed layer at its own unit cost', () => {
    const r1 = mv(1, 'receive', 10, 100), s = mv(2, 'sale', 3), r2 = mv(3, 'receive', 4, 130), s2 = mv(4, 'sale', 8);
    const run = costFromScratch([r1, s, r2, s2]);
    expect(costOf(run, s).cost).toBe(300);
    expect(costOf(run, s2).cost).toBe(7 * 100 + 1 * 130);
    expect(layers(run)).toEqual([[r2.seq, 3, 390]]);
    expectReconciled(run);
  });

  it('orders by business time, not by recording order', () => {
    const s = mv(5, 'sale', 2), r = mv(1, 'receive', 5, 100);
    const run = costFromScratch([s, r]);
    expect(costOf(run, s)).toMatchObject({ cost: 200, pendingQty: 0 });
    expect(costOf(run, s).parts[0]!.retroactive).toBe(false);
  });

  it('prices a sale made before any purchase as pending, then retroactively at the receipt cost', () => {
    const s = mv(1, 'sale', 4);
    const pending = costFromScratch([s]);
    expect(costOf(pending, s)).toMatchObject({ pricedQty: 0, cost: 0, pendingQty: 4 });
    expect(pending.state).toMatchObject({ qty: -4, value: 0 });
    const r = mv(2, 'receive', 10, 100);
    const priced = costFromScratch([s, r]);
    expect(costOf(priced, s)).toMatchObject({ pricedQty: 4, cost: 400, pendingQty: 0 });
    expect(costOf(priced, s).parts[0]!.retroactive).toBe(true);
    expect(layers(priced)).toEqual([[r.seq, 6, 600]]);
    expectReconciled(priced);
  });

  it('reprices a later sale when a cheaper receipt is recorded back-dated', () => {
    const r1 = mv(2, 'receive', 10, 100), s = mv(3, 'sale', 5);
    expect(costOf(costFromScratch([r1, s]), s).cost).toBe(500);
    const r0 = mv(1, 'receive', 10, 80);
    const run = costFromScratch([r1, s, r0]);
    expect(costOf(run, s).cost).toBe(400);
    expect(layers(run)).toEqual([[r0.seq, 5, 400], [r1.seq, 10, 1000]]);
    expectReconciled(run);
  });

  it('values stock that went negative at zero, reports the pending units, and prices them when stock recovers', () => {
    const r = mv(1, 'receive', 5, 100), s = mv(2, 'sale', 8);
    const negative = costFromScratch([r, s]);
    expect(negative.state).toMatchObject({ qty: -3, value: 0 });
    expect(costOf(negative, s)).toMatchObject({ pricedQty: 5, cost: 500, pendingQty: 3 });
    const r2 = mv(3, 'receive', 10, 110);
    const recovered = costFromScratch([r, s, r2]);
    expect(costOf(recovered, s)).toMatchObject({ pricedQty: 8, cost: 500 + 3 * 110, pendingQty: 0 });
    expect(layers(recovered)).toEqual([[r2.seq, 7, 770]]);
    expect(recovered.rows.map((x) => [x.runningQty, x.runningValue])).toEqual([[5, 500], [-3, 0], [7, 770]]);
    expectReconciled(recovered);
  });

  it('takes a customer return in at its original cost when the line carries it', () => {
    const r = mv(1, 'receive', 10, 100), r2 = mv(2, 'receive', 10, 150), s = mv(3, 'sale', 12), back = mv(4, 'customer_return', 1, 150);
    const run = costFromScratch([r, r2, s, back]);
    expect(run.rows.at(-1)).toMatchObject({ inValue: 150, basis: 'row' });
    expect(layers(run)).toEqual([[r2.seq, 8, 1200], [back.seq, 1, 150]]);
    expectReconciled(run);
  });

  it('takes a return without a known cost in at the current FIFO cost and splits it to the unit', () => {
    const r1 = mv(1, 'receive', 2, 100), r2 = mv(2, 'receive', 5, 110), back = mv(3, 'customer_return', 3);
    const s = mv(4, 'sale', 8), s2 = mv(5, 'sale', 2);
    const run = costFromScratch([r1, r2, back, s, s2]);
    // Three units as they would go out now: 2 at 100 and 1 at 110.
    expect(run.rows[2]).toMatchObject({ inValue: 310, basis: 'current' });
    // 310 over 3 units: the first unit out takes floor(310/3) = 103, the last two carry 207.
    expect(costOf(run, s).cost).toBe(200 + 550 + 103);
    expect(costOf(run, s2).cost).toBe(207);
    expect(run.state).toMatchObject({ qty: 0, value: 0 });
    expectReconciled(run);
  });

  it('uses the last known unit cost for an uncosted inflow when there are no layers, and 0 when none is known', () => {
    const first = mv(1, 'adjustment', 2);
    expect(costFromScratch([first]).rows[0]).toMatchObject({ inValue: 0, basis: 'unknown' });
    const r = mv(2, 'receive', 3, 90), s = mv(3, 'sale', 3), found = mv(4, 'stocktake_adjustment', 2);
    expect(costFromScratch([r, s, found]).rows.at(-1)).toMatchObject({ inValue: 180, basis: 'last' });
  });

  it('restores exactly the layers a reversed sale took, even after later sales used them up', () => {
    const r1 = mv(1, 'receive', 3, 100), r2 = mv(2, 'receive', 5, 120), s = mv(3, 'sale', 5), s2 = mv(4, 'sale', 2);
    const rev = reversal(s, 5);
    const run = costFromScratch([r1, r2, s, s2, rev]);
    expect(costOf(run, s2).cost).toBe(240);
    expect(costOf(run, rev)).toMatchObject({ pricedQty: -5, cost: -(300 + 240) });
    expect(layers(run)).toEqual([[r1.seq, 3, 300], [r2.seq, 1 + 2, 360]]);
    expectReconciled(run);
  });

  it('a reversal dated like its sale gives the units back before later sales, which then take them', () => {
    const r1 = mv(1, 'receive', 3, 100), r2 = mv(2, 'receive', 5, 120), s = mv(3, 'sale', 5), s2 = mv(4, 'sale', 2);
    const run = costFromScratch([r1, r2, s, s2, reversal(s)]);
    expect(costOf(run, s2).cost).toBe(200);
    expect(layers(run)).toEqual([[r1.seq, 1, 100], [r2.seq, 5, 600]]);
    expectReconciled(run);
  });

  it('cancels the pending part of a reversed sale instead of pricing it later', () => {
    const s = mv(1, 'sale', 4), rev = reversal(s), r = mv(2, 'receive', 5, 100);
    const run = costFromScratch([s, rev, r]);
    expect(costOf(run, s)).toMatchObject({ pendingQty: 4, cost: 0 });
    expect(costOf(run, rev)).toMatchObject({ pendingQty: -4, cost: 0 });
    expect(layers(run)).toEqual([[r.seq, 5, 500]]);
    expect(run.state.deficits).toEqual([]);
    expectReconciled(run);
  });

  it('reversing a partly consumed receipt re-costs later sales from the next receipt', () => {
    const r1 = mv(1, 'receive', 10, 100), r2 = mv(2, 'receive', 10, 120), s = mv(3, 'sale', 4);
    const run = costFromScratch([r1, r2, s, reversal(r1)]);
    expect(costOf(run, s).cost).toBe(4 * 120);
    expect(layers(run)).toEqual([[r2.seq, 6, 720]]);
    expectReconciled(run);
  });

  it('a receipt reversed after its units were sold takes them back from those sales, which are re-priced', () => {
    const r1 = mv(1, 'receive', 10, 100), r2 = mv(2, 'receive', 10, 120), s = mv(3, 'sale', 4);
    const rev = reversal(r1, 4); // recorded with a later business time (e.g. synced from a PC with other rules)
    const run = costFromScratch([r1, r2, s, rev]);
    expect(costOf(run, s)).toMatchObject({ pricedQty: 4, cost: 480, pendingQty: 0 });
    expect(run.rows.at(-1)).toMatchObject({ inValue: -1000, basis: 'cancelled', runningQty: 6, runningValue: 720 });
    expectReconciled(run);
  });

  it('a reversed receipt that had priced earlier pending sales leaves them pending for the correct receipt', () => {
    const s = mv(1, 'sale', 5), wrong = mv(2, 'receive', 10, 999);
    const fixed = mv(2, 'receive', 10, 100);
    const run = costFromScratch([s, wrong, reversal(wrong), fixed]);
    expect(costOf(run, s)).toMatchObject({ pricedQty: 5, cost: 500, pendingQty: 0 });
    expect(layers(run)).toEqual([[fixed.seq, 5, 500]]);
    expectReconciled(run);
  });

  it('transfers in at the sender cost on the row, and treats a fulfil as an outflow', () => {
    const t = mv(1, 'transfer_in', 4, 95), f = mv(2, 'fulfil', 1), hold = mv(2, 'reserve', 2);
    const run = costFromScratch([t, hold, f]);
    expect(run.rows.length).toBe(2);
    expect(costOf(run, f).cost).toBe(95);
  });

  it('takes direction from the kinds registry and the signed delta', () => {
    expect(costDirection({ kind: 'receive', onHandDelta: 3 })).toBe('in');
    expect(costDirection({ kind: 'adjustment', onHandDelta: -2 })).toBe('out');
    expect(costDirection({ kind: 'reserve', onHandDelta: 0 })).toBeNull();
    expect(costDirection({ kind: 'no-such-kind', onHandDelta: 5 })).toBeNull();
  });

  it('reconciles to the unit over a long mixed history', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const all: CostMovement[] = [];
    for (let i = 0; i < 3000; i++) {
      const day = rnd(400);
      const roll = rnd(10);
      if (roll < 3) all.push(mv(day, 'receive', 1 + rnd(40), 50 + rnd(200)));
      else if (roll < 7) all.push(mv(day, 'sale', 1 + rnd(15)));
      else if (roll < 8) all.push(mv(day, 'customer_return', 1 + rnd(3), rnd(2) ? 120 : null));
      else if (roll < 9) all.push(mv(day, 'stocktake_adjustment', rnd(2) ? 1 + rnd(5) : -(1 + rnd(5))));
      else if (all.length) {
        const target = all[rnd(all.length)]!;
        if (target.reversesSeq === null && !all.some((m) => m.reversesSeq === target.seq)) all.push(reversal(target));
      }
    }
    const run = costFromScratch(all);
    expectReconciled(run);
    const byOutflow = outflowCosts(run.records);
    const pending = [...byOutflow.values()].reduce((s, o) => s + o.pendingQty, 0);
    expect(pending).toBe(run.state.deficits.reduce((s, d) => s + d.qty, 0));
  });
});

describe('integer money', () => {
  it('splits a value that does not divide evenly so the last unit carries the remainder', () => {
    expect(shareOf(100, 1, 3)).toBe(33);
    expect(shareOf(100 - 33, 1, 2)).toBe(33);
    expect(shareOf(34, 1, 1)).toBe(34);
    expect(shareOf(9_000_000_000_000, 999_999, 1_000_000)).toBe(8_999_991_000_000);
  });

  it('rounds the display average half up and has none for empty or negative stock', () => {
    expect(averageUnitCost(310, 3)).toBe(103);
    expect(averageUnitCost(5, 2)).toBe(3);
    expect(averageUnitCost(0, 0)).toBeNull();
    expect(averageUnitCost(0, -3)).toBeNull();
  });
});
