import { describe, expect, it } from 'vitest';
import { hashMovement } from '../../shared/movements/chain';
import type { Movement } from '../../shared/movements/row';
import { isCanonicalTime, movementProblem } from '../../shared/movements/validate';
import { textProblem } from '../../shared/text/safeText';

const at = '2026-03-14T10:30:00.000Z';
function row(over: Partial<Movement> = {}): Movement {
  const base = {
    id: '0190a0a0-0000-7000-8000-000000000001', deviceId: 'dev-1', deviceSeq: 1, branch: 'NORTH', sku: 'TEA-01', kind: 'sale', qty: 2,
    onHandDelta: -2, reservedDelta: 0, unitCost: null, docType: 'sale', docId: 'S-1', docLine: 0, reverses: null, note: null,
    actor: 'ann', occurredAt: at, recordedAt: at, prevHash: '0'.repeat(64), ...over,
  } as Omit<Movement, 'hash'>;
  return { ...base, hash: hashMovement(base) } as Movement;
}

describe('the shared movement validator', () => {
  it('accepts what the branch writes', () => {
    expect(movementProblem(row())).toBeNull();
    expect(movementProblem(row({ kind: 'adjustment', qty: -3, onHandDelta: -3, note: 'broken\nin transit' }))).toBeNull();
  });

  it('holds every row to the kind registry: signs, zero, notes, deltas, and reverses only on reversals', () => {
    expect(movementProblem(row({ qty: -50, onHandDelta: 50 }))).toMatch(/negative/);
    expect(movementProblem(row({ qty: 0, onHandDelta: 0 }))).toMatch(/qty is 0/);
    expect(movementProblem(row({ kind: 'adjustment', qty: 4, onHandDelta: 4 }))).toMatch(/needs a note/);
    expect(movementProblem(row({ kind: 'receive', qty: 1, onHandDelta: 1_000_000 }))).toMatch(/contradict/);
    expect(movementProblem(row({ kind: 'receive', qty: 1, onHandDelta: 1_000_000, reverses: 'x' }))).toMatch(/only a reversal/);
  });

  it('a reversal must exactly negate an existing row of its own branch', () => {
    const original = row();
    const rev = (over: Partial<Movement> = {}) => row({ id: 'r-1', kind: 'reversal', qty: -2, onHandDelta: 2, reservedDelta: 0, reverses: original.id, note: 'wrong', ...over });
    expect(movementProblem(rev(), { reversed: original })).toBeNull();
    expect(movementProblem(rev(), { reversed: null })).toMatch(/does not hold/);
    expect(movementProblem(rev(), { reversed: { ...original, branch: 'SOUTH' } })).toMatch(/branch SOUTH/);
    expect(movementProblem(rev({ onHandDelta: 1000 }), { reversed: original })).toMatch(/exactly negate/);
    expect(movementProblem(rev({ note: null }), { reversed: original })).toMatch(/needs a note/);
  });

  it('keeps integers in safe ranges and strings within the branch contract', () => {
    expect(movementProblem(row({ qty: 9e15, onHandDelta: -9e15 }))).toMatch(/qty .* outside/);
    expect(movementProblem(row({ qty: 1.5 }))).toMatch(/whole number/);
    expect(movementProblem(row({ unitCost: 1e13 }))).toMatch(/unitCost/);
    expect(movementProblem(row({ sku: 'X'.repeat(65) }))).toMatch(/sku is 65 characters/);
    expect(movementProblem(row({ sku: 'X'.repeat(100_000) }))).toMatch(/sku is 100,000 characters/);
    expect(movementProblem(row({ sku: ' TEA-01' }))).toMatch(/starts or ends with a space/);
    expect(movementProblem(row({ note: 'n'.repeat(1_500_000) }))).toMatch(/note is 1,500,000 characters/);
  });

  it('refuses control characters and lone surrogates in any text, and times the branch would not write', () => {
    expect(movementProblem(row({ note: 'bad\u0000note' }))).toMatch(/note contains the control character U\+0000/);
    expect(movementProblem(row({ actor: 'an\u0007n' }))).toMatch(/actor contains the control character U\+0007/);
    expect(movementProblem(row({ note: 'half \ud83d pair' }))).toMatch(/unpaired UTF-16 surrogate/);
    expect(movementProblem(row({ note: 'emoji 😀 is fine' }))).toBeNull();
    for (const t of ['2026-03-14T10:30:00Z', '2026-03-14T10:30:00.000+00:00', '2026-02-30T10:30:00.000Z', '2026-03-14 10:30:00.000Z']) {
      expect(isCanonicalTime(t)).toBe(false);
      expect(movementProblem(row({ occurredAt: t }))).toMatch(/occurredAt/);
    }
    expect(textProblem('tab\tand\nline', true)).toBeNull();
    expect(textProblem('tab\tin a name')).toMatch(/U\+0009/);
  });
});
