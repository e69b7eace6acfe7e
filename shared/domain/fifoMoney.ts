/**
 * Integer money arithmetic for FIFO costing. Everything is in minor units (cents); nothing here ever
 * produces a fraction, so every total reconciles to the unit.
 */

/**
 * The value of `k` units out of `r` units worth `value` together.
 *
 * Rule for a value that does not divide evenly: the units taken get the floor of their proportional
 * share and the units left keep the remainder, so the LAST unit out of a layer carries the leftover
 * minor units. Taking all `r` units always gives exactly `value`, so a layer's allocations plus what
 * is left of it always add up to what it came in at. (Layers whose value is `qty x unitCost` divide
 * evenly, so this only rounds for inflows priced at a mix of layers, e.g. a return at current cost.)
 */
export function shareOf(value: number, k: number, r: number): number {
  if (k === r) return value;
  if (k === 0 || value === 0) return 0;
  if (r <= 0 || k > r || k < 0 || value < 0) throw new Error(`shareOf: cannot take ${k} of ${r} units`);
  const product = value * k;
  if (Number.isSafeInteger(product)) {
    let q = Math.floor(product / r);
    // Float division is correctly rounded but its floor can still be one off near an integer.
    while (q * r > product) q -= 1;
    while ((q + 1) * r <= product) q += 1;
    return q;
  }
  // Values and counts are never negative here, so BigInt's truncating division is the floor.
  return Number((BigInt(value) * BigInt(k)) / BigInt(r));
}

/** A display average (value / qty) rounded half away from zero to whole minor units; null when qty <= 0. */
export function averageUnitCost(value: number, qty: number): number | null {
  if (qty <= 0) return null;
  const q = Math.floor(value / qty);
  const rest = value - q * qty;
  return rest * 2 >= qty ? q + 1 : q;
}
