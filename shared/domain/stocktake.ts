/**
 * Stock-take rules, pure (no I/O): how an item's count events fold into one count and the ledger
 * position that count stands at, and how review rows are valued, sorted and totalled.
 *
 * THE POSITION RULE. Every count event records the ledger position (the movements `seq`) at the
 * moment it was made. An item's count stands at:
 *   - the position of its latest `set` (a set is a complete recount at that instant), or
 *   - when there is no set, the position of its FIRST `add` scan;
 * later `add` scans (another shelf, a second counter) add units to that same count.
 * Expected = stock at that position; the commit appends counted − expected. Every movement after the
 * position therefore stays in the ledger exactly once, on top of the count: a sale rung up after the
 * count (or a row that syncs in later) is neither double-counted nor overwritten.
 *
 * Why the first scan and not the last: counting goes shelf by shelf while the shop keeps selling from
 * shelves already counted, so a unit sold after the first scan was most often already scanned. A
 * movement recorded between the first and the last scan of an item is ambiguous (the counter may or
 * may not have seen that unit); review flags it as "moved while counting" so the reviewer can recount
 * the item with `set`, which moves its position to the recount.
 *
 * Undo is a compensating event (`undo`, naming the event it takes back): the fold ignores both, as if
 * the scan had never been made. An item whose every event is undone is uncounted again.
 */

export type CountMode = 'add' | 'set' | 'undo';

export interface CountEvent {
  id: string;
  /** Order of events in the file (their own sequence, not the ledger's). */
  seq: number;
  mode: CountMode;
  qty: number;
  /** For `undo`: the id of the event taken back. */
  undoes: string | null;
  /** Ledger position (movements seq) when the event was made. */
  position: number;
  actor: string;
  countedAt: number;
}

export interface ItemCount {
  counted: number;
  /** The position the count stands at (see the rule above). */
  position: number;
  /** When that position was taken: the business time of the count. */
  positionAt: number;
  /** Position of the latest effective event: movements in (position, lastPosition] happened while counting. */
  lastPosition: number;
  lastCountedAt: number;
  /** Effective events (undone ones and undos excluded). */
  events: number;
  actors: string[];
}

/** Folds one item's events (any order) into its count, or null when nothing effective remains. */
export function foldCount(events: readonly CountEvent[]): ItemCount | null {
  const undone = new Set(events.filter((e) => e.mode === 'undo' && e.undoes).map((e) => e.undoes!));
  const effective = events.filter((e) => e.mode !== 'undo' && !undone.has(e.id)).sort((a, b) => a.seq - b.seq);
  if (effective.length === 0) return null;
  let counted = 0;
  let position: number | null = null;
  let positionAt = 0;
  const actors = new Set<string>();
  for (const e of effective) {
    actors.add(e.actor);
    if (e.mode === 'set') {
      counted = e.qty;
      position = e.position;
      positionAt = e.countedAt;
    } else {
      counted += e.qty;
      if (position === null) {
        position = e.position;
        positionAt = e.countedAt;
      }
    }
  }
  const last = effective[effective.length - 1]!;
  return { counted, position: position!, positionAt, lastPosition: last.position, lastCountedAt: last.countedAt, events: effective.length, actors: [...actors] };
}

/** A movement after an item's count position was "while counting" when it precedes the last scan. */
export function movedWhileCounting(movementSeq: number, count: Pick<ItemCount, 'position' | 'lastPosition'>): boolean {
  return movementSeq > count.position && movementSeq <= count.lastPosition;
}

/** Difference in value, in minor units; null when the item has no known unit cost. */
export function differenceValue(difference: number, unitCost: number | null): number | null {
  return unitCost === null ? null : difference * unitCost;
}

export interface VarianceLike {
  sku: string;
  difference: number | null;
  differenceValue: number | null;
}

/**
 * Review order: largest absolute difference in value first; items without a known cost rank by
 * value 0 and then by absolute difference in units, so a big unpriced variance still sorts above
 * an exact match. Ties by SKU, so the order is stable across reviews.
 */
export function compareVariance(a: VarianceLike, b: VarianceLike): number {
  const av = Math.abs(a.differenceValue ?? 0);
  const bv = Math.abs(b.differenceValue ?? 0);
  if (av !== bv) return bv - av;
  const ad = Math.abs(a.difference ?? 0);
  const bd = Math.abs(b.difference ?? 0);
  if (ad !== bd) return bd - ad;
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}

export interface VarianceTotals {
  itemsCounted: number;
  itemsWithDifference: number;
  unitsCounted: number;
  unitsExpected: number | null;
  unitsOver: number | null;
  unitsShort: number | null;
  netUnits: number | null;
  valueOver: number | null;
  valueShort: number | null;
  netValue: number | null;
  /** Items with a difference but no known unit cost: their value is missing from the value totals. */
  itemsWithoutCost: number;
}

/** Totals over counted rows; with `hidden` (a blind count before commit) nothing expected is shown. */
export function varianceTotals(rows: ReadonlyArray<{ counted: number; expected: number | null; difference: number | null; differenceValue: number | null }>, hidden: boolean): VarianceTotals {
  let unitsCounted = 0, unitsExpected = 0, unitsOver = 0, unitsShort = 0, valueOver = 0, valueShort = 0, withDiff = 0, withoutCost = 0;
  for (const r of rows) {
    unitsCounted += r.counted;
    if (hidden || r.difference === null) continue;
    unitsExpected += r.expected ?? 0;
    if (r.difference !== 0) withDiff += 1;
    if (r.difference > 0) unitsOver += r.difference;
    else unitsShort += r.difference;
    if (r.differenceValue === null) {
      if (r.difference !== 0) withoutCost += 1;
    } else if (r.differenceValue > 0) valueOver += r.differenceValue;
    else valueShort += r.differenceValue;
  }
  if (hidden) {
    return { itemsCounted: rows.length, itemsWithDifference: 0, unitsCounted, unitsExpected: null, unitsOver: null, unitsShort: null, netUnits: null, valueOver: null, valueShort: null, netValue: null, itemsWithoutCost: 0 };
  }
  return {
    itemsCounted: rows.length, itemsWithDifference: withDiff, unitsCounted, unitsExpected, unitsOver, unitsShort,
    netUnits: unitsOver + unitsShort, valueOver, valueShort, netValue: valueOver + valueShort, itemsWithoutCost: withoutCost,
  };
}
