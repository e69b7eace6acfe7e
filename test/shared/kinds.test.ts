import { describe, expect, it } from 'vitest';
import { deltasFor, MOVEMENT_KIND_NAMES, MOVEMENT_KINDS, reducesAvailable, reversalDeltas } from '../../shared/movements/kinds';

describe('movement kinds registry', () => {
  it('has every kind the design names', () => {
    for (const k of ['receive', 'sale', 'customer_return', 'complimentary', 'supplier_return', 'transfer_out', 'transfer_in', 'stocktake_adjustment', 'adjustment', 'write_off', 'reversal', 'reserve', 'release', 'fulfil']) {
      expect(MOVEMENT_KIND_NAMES).toContain(k);
    }
  });

  it('maps each kind to signed deltas', () => {
    expect(deltasFor('receive', 5)).toEqual({ onHand: 5, reserved: 0 });
    expect(deltasFor('sale', 5)).toEqual({ onHand: -5, reserved: 0 });
    expect(deltasFor('reserve', 2)).toEqual({ onHand: 0, reserved: 2 });
    expect(deltasFor('release', 2)).toEqual({ onHand: 0, reserved: -2 });
    expect(deltasFor('fulfil', 2)).toEqual({ onHand: -2, reserved: -2 });
    expect(deltasFor('adjustment', -3)).toEqual({ onHand: -3, reserved: 0 });
    expect(deltasFor('transfer_out', 4)).toEqual({ onHand: -4, reserved: 0 });
    expect(Object.is(deltasFor('receive', 1).reserved, 0)).toBe(true); // never -0 in a hashed row
  });

  it('a reversal negates exactly what its original did', () => {
    expect(reversalDeltas(deltasFor('fulfil', 3))).toEqual({ onHand: 3, reserved: 3 });
    expect(reversalDeltas(deltasFor('receive', 3))).toEqual({ onHand: -3, reserved: 0 });
  });

  it('knows which deltas take from available stock', () => {
    expect(reducesAvailable(deltasFor('sale', 1))).toBe(true);
    expect(reducesAvailable(deltasFor('reserve', 1))).toBe(true);
    expect(reducesAvailable(deltasFor('fulfil', 1))).toBe(false);
    expect(reducesAvailable(deltasFor('release', 1))).toBe(false);
  });

  it('requires a note for manual corrections', () => {
    expect(MOVEMENT_KINDS.adjustment.noteRequired).toBe(true);
    expect(MOVEMENT_KINDS.reversal.noteRequired).toBe(true);
    expect(MOVEMENT_KINDS.sale.noteRequired).toBe(false);
  });
});
