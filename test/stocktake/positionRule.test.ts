import { describe, expect, it } from 'vitest';
import { compareVariance, foldCount, movedWhileCounting, varianceTotals, type CountEvent } from '../../shared/domain/stocktake';

let seq = 0;
const ev = (mode: CountEvent['mode'], qty: number, position: number, extra: Partial<CountEvent> = {}): CountEvent =>
  ({ id: `e${++seq}`, seq, mode, qty, undoes: null, position, actor: 'ann', countedAt: 1000 + seq, ...extra });

describe('the count position rule', () => {
  it('adds scans up and stands at the position of the first scan', () => {
    const c = foldCount([ev('add', 1, 10), ev('add', 1, 12), ev('add', 3, 15)]);
    expect(c).toMatchObject({ counted: 5, position: 10, lastPosition: 15, events: 3 });
  });

  it('a set replaces the count and moves it to the set\'s own position; later adds build on it', () => {
    const c = foldCount([ev('add', 4, 10), ev('set', 7, 20), ev('add', 2, 25)]);
    expect(c).toMatchObject({ counted: 9, position: 20, lastPosition: 25 });
  });

  it('an undone scan is as if it was never made, and undoing every scan leaves the item uncounted', () => {
    const first = ev('add', 1, 10);
    const second = ev('add', 1, 11);
    expect(foldCount([first, second, ev('undo', -1, 12, { undoes: first.id })])).toMatchObject({ counted: 1, position: 11, events: 1 });
    expect(foldCount([first, ev('undo', -1, 12, { undoes: first.id })])).toBeNull();
  });

  it('undoing a set brings back the count before it', () => {
    const set = ev('set', 50, 30);
    expect(foldCount([ev('add', 3, 10), set, ev('undo', 0, 31, { undoes: set.id })])).toMatchObject({ counted: 3, position: 10 });
  });

  it('names every counter once', () => {
    expect(foldCount([ev('add', 1, 1, { actor: 'ann' }), ev('add', 1, 2, { actor: 'bob' }), ev('add', 1, 3, { actor: 'ann' })])!.actors).toEqual(['ann', 'bob']);
  });

  it('a movement between the first and the last scan is "while counting"; one after the last scan is not', () => {
    const c = { position: 10, lastPosition: 15 };
    expect(movedWhileCounting(10, c)).toBe(false);
    expect(movedWhileCounting(12, c)).toBe(true);
    expect(movedWhileCounting(15, c)).toBe(true);
    expect(movedWhileCounting(16, c)).toBe(false);
  });
});

describe('review order and totals', () => {
  it('sorts by absolute difference in value, then absolute units (so unpriced items still rank), then SKU', () => {
    const rows = [
      { sku: 'A', difference: -1, differenceValue: -100 },
      { sku: 'B', difference: 2, differenceValue: 900 },
      { sku: 'C', difference: -40, differenceValue: null },
      { sku: 'D', difference: 0, differenceValue: 0 },
      { sku: 'E', difference: -3, differenceValue: -900 },
    ];
    expect([...rows].sort(compareVariance).map((r) => r.sku)).toEqual(['E', 'B', 'A', 'C', 'D']);
  });

  it('totals over and short separately, and count unpriced differences apart', () => {
    const t = varianceTotals([
      { counted: 8, expected: 10, difference: -2, differenceValue: -700 },
      { counted: 5, expected: 4, difference: 1, differenceValue: 200 },
      { counted: 3, expected: 5, difference: -2, differenceValue: null },
      { counted: 6, expected: 6, difference: 0, differenceValue: 0 },
    ], false);
    expect(t).toEqual({ itemsCounted: 4, itemsWithDifference: 3, unitsCounted: 22, unitsExpected: 25, unitsOver: 1, unitsShort: -4, netUnits: -3, valueOver: 200, valueShort: -700, netValue: -500, itemsWithoutCost: 1 });
  });

  it('hidden totals give nothing expected away', () => {
    const t = varianceTotals([{ counted: 8, expected: null, difference: null, differenceValue: null }], true);
    expect(t.unitsCounted).toBe(8);
    expect([t.unitsExpected, t.netUnits, t.netValue]).toEqual([null, null, null]);
  });
});
