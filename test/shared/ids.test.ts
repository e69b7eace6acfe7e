import { describe, expect, it } from 'vitest';
import { uuidv7, UUID_PATTERN } from '../../shared/ids';
import { GENESIS_HASH, hashMovement } from '../../shared/movements/chain';

describe('ids and hashes', () => {
  it('uuidv7 ids are well-formed, unique, and increase within one process', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_780_000_000_000));
    expect(new Set(ids).size).toBe(5000);
    expect(ids.every((id) => UUID_PATTERN.test(id) && id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(1_780_000_000_000 + 86_400_000) > ids.at(-1)!).toBe(true);
  });

  it('the row hash covers every field of the movement', () => {
    const row = { id: 'x', deviceId: 'd', deviceSeq: 1, branch: 'B', sku: 'A', kind: 'sale', qty: 1, onHandDelta: -1, reservedDelta: 0, unitCost: null, docType: 'sale', docId: 'S', docLine: 0, reverses: null, note: null, actor: 'ann', occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH };
    const base = hashMovement(row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const [k, v] of Object.entries({ qty: 2, onHandDelta: -2, actor: 'bob', note: 'x', prevHash: 'f'.repeat(64), occurredAt: '2026-01-02T00:00:00.000Z', unitCost: 1 })) {
      expect(hashMovement({ ...row, [k]: v })).not.toBe(base);
    }
  });
});
