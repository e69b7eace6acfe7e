import { describe, expect, it } from 'vitest';
import { branchPc, STORE_KINDS, TestHq, type Pc } from './hqHarness';

const syncAll = async (...pcs: Pc[]) => {
  for (const pc of pcs) await pc.host.run('sync.now', {});
};
const onHand = async (pc: Pc, sku: string) => (await pc.host.run('stock.get', { sku })).onHand;
const hqOnHand = async (hq: TestHq, branch: string, sku: string) => (await hq.store.stock(sku)).find((b) => b.branch === branch)!.onHand;
/** Lower device id first: the conflict rule keeps that PC's action. */
const byDeviceId = (a: Pc, b: Pc): [Pc, Pc] => (a.host.ledger.deviceId < b.host.ledger.deviceId ? [a, b] : [b, a]);

describe.each(STORE_KINDS)('offline conflicts between two PCs of one branch (%s)', (kind) => {
  it('both reverse the same sale offline: nothing wedges, one reversal stands, the other is compensated the same way everywhere', async () => {
    const hq = await TestHq.start(kind);
    const till1 = await branchPc(hq, 'EAST', { skus: ['TEA'] });
    const till2 = await branchPc(hq, 'EAST');
    await till1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    const sale = await till1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await syncAll(till1, till2);
    expect(await onHand(till2, 'TEA')).toBe(7);

    // Offline, both tills reverse the same wrong sale.
    const saleId = sale.movements[0]!.id;
    await till1.host.run('movements.reverse', { movementId: saleId, reason: 'scanned twice', actor: 'ann' });
    await till2.host.run('movements.reverse', { movementId: saleId, reason: 'customer changed mind', actor: 'bob' });
    expect(await onHand(till1, 'TEA')).toBe(10);
    expect(await onHand(till2, 'TEA')).toBe(10);

    // Back online in any order: no round fails (the unique reversal index used to wedge every pull).
    await syncAll(till1, till2, till1, till2);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(10);
    expect(await onHand(till1, 'TEA')).toBe(10);
    expect(await onHand(till2, 'TEA')).toBe(10);

    // Both reversals are kept; the loser's compensation is the same row (id and hash) on every side.
    const [winner, loser] = byDeviceId(till1, till2);
    const reversals = await hq.store.movements({ branch: 'EAST' });
    const ofSale = reversals.filter((m) => m.reverses === saleId);
    expect(ofSale.map((m) => m.deviceId).sort()).toEqual([till1.host.ledger.deviceId, till2.host.ledger.deviceId].sort());
    const losing = ofSale.find((m) => m.deviceId === loser.host.ledger.deviceId)!;
    const compensation = reversals.find((m) => m.reverses === losing.id)!;
    expect(compensation).toMatchObject({ actor: 'system', kind: 'reversal', onHandDelta: -3, deviceSeq: 1 });
    expect(compensation.note).toContain(`was reversed on more than one PC`);
    for (const pc of [till1, till2]) {
      const local = pc.host.ledger.db.prepare(`SELECT id, hash FROM movements WHERE reverses = ?`).all(losing.id);
      expect(local).toEqual([{ id: compensation.id, hash: compensation.hash }]);
    }
    // The trail explains it: the sale points at the reversal that stands.
    const trail = await till2.host.run('stock.trail', { sku: 'TEA' });
    expect(trail.rows.find((r) => r.id === saleId)?.reversedBy).toBe(ofSale.find((m) => m.deviceId === winner.host.ledger.deviceId)!.id);
    // HQ flags it for review.
    const flagged = await hq.store.conflicts();
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ branch: 'EAST', sku: 'TEA', rule: 'reversal', compensationId: compensation.id, cancelled: { id: losing.id, deviceId: loser.host.ledger.deviceId, actor: losing.actor } });

    // Sync keeps flowing: a later sale on one till reaches the other.
    await till1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    await syncAll(till1, till2);
    expect(await onHand(till2, 'TEA')).toBe(9);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(9);
    for (const pc of [till1, till2]) {
      expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
      expect(await pc.host.run('ledger.check', {})).toMatchObject({ ok: true });
    }
    expect((await hq.store.verifyChains()).ok).toBe(true);
    // Every side holds the same rows: both reversals, one compensation, nothing twice.
    const count = (pc: Pc) => (pc.host.ledger.db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number }).n;
    expect(count(till1)).toBe((await hq.store.movements({ branch: 'EAST' })).length);
    expect(count(till2)).toBe(count(till1));
  });

  it('a transfer received on both PCs of the receiving branch counts once, and HQ flags it', async () => {
    const hq = await TestHq.start(kind);
    const a = await branchPc(hq, 'A', { skus: ['TEA', 'MUG'] });
    const b1 = await branchPc(hq, 'B');
    const b2 = await branchPc(hq, 'B');
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 20 }, { sku: 'MUG', qty: 5 }], actor: 'ann' });
    await a.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 10 }, { sku: 'MUG', qty: 2 }], id: 'TR-2', actor: 'ann' });
    await syncAll(a, b1, b2);

    // Both PCs of B confirm the same delivery while offline.
    await b1.host.run('transfers.receive', { transferId: 'TR-2', lines: [{ sku: 'TEA', received: 10 }, { sku: 'MUG', received: 2 }], actor: 'bea' });
    await b2.host.run('transfers.receive', { transferId: 'TR-2', lines: [{ sku: 'TEA', received: 10 }, { sku: 'MUG', received: 2 }], actor: 'bob' });
    await syncAll(b1, b2, b1, b2, a);

    for (const pc of [b1, b2]) {
      expect(await onHand(pc, 'TEA')).toBe(10);
      expect(await onHand(pc, 'MUG')).toBe(2);
    }
    expect(await hqOnHand(hq, 'B', 'TEA')).toBe(10);
    expect(await hqOnHand(hq, 'B', 'MUG')).toBe(2);
    expect(await hqOnHand(hq, 'A', 'TEA')).toBe(10);
    const [, loser] = byDeviceId(b1, b2);
    const flagged = await hq.store.conflicts();
    expect(flagged.map((c) => [c.rule, c.branch, c.sku, c.cancelled.deviceId]).sort()).toEqual([
      ['receipt', 'B', 'MUG', loser.host.ledger.deviceId],
      ['receipt', 'B', 'TEA', loser.host.ledger.deviceId],
    ]);
    expect(flagged[0]!.message).toContain('transfer TR-2 was received on more than one PC');
    expect((await hq.store.transfers()).find((t) => t.id === 'TR-2')).toMatchObject({ status: 'received', receivedTwice: true });
    for (const pc of [b1, b2]) expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
    expect((await hq.store.verifyChains()).ok).toBe(true);
  });
  it('two PCs count the same item in stock takes offline: the shortage is subtracted once; a later recount builds on the first', async () => {
    const hq = await TestHq.start(kind);
    const till1 = await branchPc(hq, 'EAST', { skus: ['TEA', 'JAM'] });
    const till2 = await branchPc(hq, 'EAST');
    await till1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }, { sku: 'JAM', qty: 4 }], actor: 'ann' });
    await syncAll(till1, till2);
    const count = async (pc: Pc, sku: string, qty: number, actor: string) => {
      const s = await pc.host.run('stocktake.start', { scope: { kind: 'skus', skus: [sku] }, actor });
      await pc.host.run('stocktake.count', { sessionId: s.id, sku, qty, mode: 'set', actor });
      return pc.host.run('stocktake.commit', { sessionId: s.id, uncounted: 'leave', actor });
    };
    // Offline, both tills count the tea shelf: 8 (two missing).
    await count(till1, 'TEA', 8, 'ann');
    await count(till2, 'TEA', 8, 'bob');
    await syncAll(till1, till2, till1);
    for (const pc of [till1, till2]) expect(await onHand(pc, 'TEA')).toBe(8);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(8);
    const [, loser] = byDeviceId(till1, till2);
    expect((await hq.store.conflicts()).map((c) => [c.rule, c.sku, c.cancelled.deviceId])).toEqual([['recount', 'TEA', loser.host.ledger.deviceId]]);

    // A recount made after learning of the first one is not a conflict: it corrects what is there.
    await count(till2, 'TEA', 7, 'bob');
    await count(till2, 'JAM', 3, 'bob');
    await syncAll(till2, till1);
    expect(await onHand(till1, 'TEA')).toBe(7);
    expect(await onHand(till1, 'JAM')).toBe(3);
    expect(await hqOnHand(hq, 'EAST', 'TEA')).toBe(7);
    expect(await hq.store.conflicts()).toHaveLength(1);
    for (const pc of [till1, till2]) expect(await pc.host.run('ledger.check', {})).toMatchObject({ ok: true });
  });
});
