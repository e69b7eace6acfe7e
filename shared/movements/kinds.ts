/**
 * The one registry that maps a movement kind to its signed deltas (DESIGN.md invariant 2).
 * No query, SQL or TypeScript, branches on kind anywhere else: callers ask `deltasFor` and store the
 * result on the row. Adding a kind is one entry here.
 *
 * `onHand` / `reserved` are multipliers applied to the quantity of the line. Kinds whose direction
 * is carried by the quantity itself (adjustments) use +1 and accept a signed quantity.
 */
export interface KindRule {
  label: string;
  onHand: -1 | 0 | 1;
  reserved: -1 | 0 | 1;
  /** True when the line quantity is signed (adjustments); otherwise it must be positive. */
  signedQty: boolean;
  /** A note is mandatory (manual corrections must say why). */
  noteRequired: boolean;
  /** Is this an inflow that creates a cost layer when it carries a unit cost? */
  costed: 'inflow' | 'outflow' | 'signed' | 'none';
}

export const MOVEMENT_KINDS = {
  receive: { label: 'Purchase receipt', onHand: 1, reserved: 0, signedQty: false, noteRequired: false, costed: 'inflow' },
  sale: { label: 'Sale', onHand: -1, reserved: 0, signedQty: false, noteRequired: false, costed: 'outflow' },
  customer_return: { label: 'Customer return', onHand: 1, reserved: 0, signedQty: false, noteRequired: false, costed: 'inflow' },
  complimentary: { label: 'Complimentary', onHand: -1, reserved: 0, signedQty: false, noteRequired: false, costed: 'outflow' },
  supplier_return: { label: 'Return to supplier', onHand: -1, reserved: 0, signedQty: false, noteRequired: false, costed: 'outflow' },
  write_off: { label: 'Write-off', onHand: -1, reserved: 0, signedQty: false, noteRequired: false, costed: 'outflow' },
  adjustment: { label: 'Manual adjustment', onHand: 1, reserved: 0, signedQty: true, noteRequired: true, costed: 'signed' },
  stocktake_adjustment: { label: 'Stock-take difference', onHand: 1, reserved: 0, signedQty: true, noteRequired: false, costed: 'signed' },
  transfer_out: { label: 'Transfer out', onHand: -1, reserved: 0, signedQty: false, noteRequired: false, costed: 'outflow' },
  transfer_in: { label: 'Transfer in', onHand: 1, reserved: 0, signedQty: false, noteRequired: false, costed: 'inflow' },
  reserve: { label: 'Reserve', onHand: 0, reserved: 1, signedQty: false, noteRequired: false, costed: 'none' },
  release: { label: 'Release', onHand: 0, reserved: -1, signedQty: false, noteRequired: false, costed: 'none' },
  fulfil: { label: 'Fulfil (hand over)', onHand: -1, reserved: -1, signedQty: false, noteRequired: false, costed: 'outflow' },
  // A reversal's deltas are the negation of the row it compensates; see `reversalDeltas`.
  reversal: { label: 'Reversal', onHand: 1, reserved: 1, signedQty: true, noteRequired: true, costed: 'signed' },
} as const satisfies Record<string, KindRule>;

export type MovementKind = keyof typeof MOVEMENT_KINDS;
export const MOVEMENT_KIND_NAMES = Object.keys(MOVEMENT_KINDS) as MovementKind[];

export interface Deltas {
  onHand: number;
  reserved: number;
}

/** Signed deltas for `qty` units of `kind`. */
export function deltasFor(kind: MovementKind, qty: number): Deltas {
  const rule: KindRule = MOVEMENT_KINDS[kind];
  // `+ 0` turns -0 into 0 so stored rows and hashes never carry negative zero.
  return { onHand: rule.onHand * qty + 0, reserved: rule.reserved * qty + 0 };
}

/** A reversal compensates exactly what the original row did. */
export function reversalDeltas(original: Deltas): Deltas {
  return { onHand: -original.onHand + 0, reserved: -original.reserved + 0 };
}

/** Does this row take stock out of what is available (and so needs an availability check)? */
export function reducesAvailable(d: Deltas): boolean {
  return d.onHand - d.reserved < 0;
}

export function kindLabel(kind: string): string {
  return (MOVEMENT_KINDS as Record<string, KindRule>)[kind]?.label ?? kind;
}
