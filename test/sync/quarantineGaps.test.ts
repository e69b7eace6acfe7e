import { describe, expect, it } from 'vitest';
import { makePushTx } from '../../server/store/common/pushTx';
import { call, enroll, FakeDevice } from '../server/helpers/hq';
import { plantAtHq } from './plant';
import { branchPc, STORE_KINDS, TestHq, type Pc } from './hqHarness';

const DAY = 86_400_000;

/**
 * Issue 12, failure 7: one quarantined row (a PC clock two days ahead) is not "rows removed" on the
 * branch's other PCs, and quarantine has a way out at HQ that every PC follows.
 */
describe.each(STORE_KINDS)('a quarantined row and the way out of quarantine (%s)', (kind) => {
  async function setup() {
    // HQ's clock can be moved: a row recorded "now" on the PC is then two days ahead of HQ.
    let skew = 0;
    const hq = await TestHq.start(kind, { now: () => Date.now() + skew });
    const a1 = await branchPc(hq, 'A', { skus: ['TEA'] });
    const a2 = await branchPc(hq, 'A', { skus: ['TEA'] });
    await a1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    await a1.host.run('sync.now', {});
    skew = -2 * DAY;
    await a1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 4 }], actor: 'ann' });
    const q = await a1.host.run('sync.now', {});
    expect(q.quarantined).toBe(1);
    skew = 0;
    await a1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    await a1.host.run('sync.now', {});
    await a2.host.run('sync.now', {});
    return { hq, a1, a2 };
  }
  const onHand = async (pc: Pc) => (await pc.host.run('stock.get', { sku: 'TEA' })).onHand;
  const hqOnHand = async (hq: TestHq) => (await hq.store.stock('TEA')).find((b) => b.branch === 'A')!.onHand;

  it('the other PC verifies across the gap HQ made (no "rows removed"), and knows why it is there', async () => {
    const { hq, a1, a2 } = await setup();
    // A2 holds A1's rows 1 and 3; row 2 is quarantined at HQ.
    const v = await a2.host.run('ledger.verify', {});
    expect(v.firstBad).toBeNull();
    expect(v).toMatchObject({ ok: true, movements: 2 });
    expect(await onHand(a2)).toBe(9);
    expect(await hqOnHand(hq)).toBe(9);
    expect(await onHand(a1)).toBe(5);
    // A1 sees its own row set aside, still open.
    expect((await a1.host.run('sync.parked', {})).quarantined).toEqual([expect.objectContaining({ deviceSeq: 2, status: 'open', reason: expect.stringMatching(/ahead of HQ's clock/) })]);
    // A gap HQ did NOT announce is still caught: verify is not switched off for gaps.
    a2.host.ledger.db.prepare(`DELETE FROM sync_hq_gaps`).run();
    expect(await a2.host.run('ledger.verify', {})).toMatchObject({ ok: false, firstBad: { problem: expect.stringMatching(/removed/) } });
  }, 60_000);

  it('accept: the row joins HQ and reaches the other PC; every side ends equal and verified', async () => {
    const { hq, a1, a2 } = await setup();
    const [entry] = await hq.store.quarantine();
    const r = await hq.store.resolveQuarantine({ id: entry!.id, decision: 'accepted', note: 'PC clock was two days ahead; the sale was real', actor: 'olga' });
    expect(r).toMatchObject({ decision: 'accepted', movementId: entry!.movementId, reversalId: null });
    await expect(hq.store.resolveQuarantine({ id: entry!.id, decision: 'rejected', note: 'again', actor: 'olga' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await a2.host.run('sync.now', {});
    await a1.host.run('sync.now', {});
    for (const v of [await onHand(a1), await onHand(a2), await hqOnHand(hq)]) expect(v).toBe(5);
    for (const pc of [a1, a2]) expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true, movements: 3 });
    expect(await hq.store.verifyChains()).toMatchObject({ ok: true });
    expect((await a1.host.run('sync.parked', {})).quarantined).toEqual([expect.objectContaining({ deviceSeq: 2, status: 'accepted', note: expect.stringMatching(/clock/) })]);
    expect((await hq.store.quarantine())[0]!.resolution).toMatchObject({ decision: 'accepted', actor: 'olga' });
  }, 60_000);

  it('reject: HQ appends the row with its own attributed reversal; the recording PC and its sibling follow', async () => {
    const { hq, a1, a2 } = await setup();
    const [entry] = await hq.store.quarantine();
    const r = await hq.store.resolveQuarantine({ id: entry!.id, decision: 'rejected', note: 'test sale on the wrong till', actor: 'olga' });
    expect(r.reversalId).toEqual(expect.any(String));
    await a1.host.run('sync.now', {});
    await a2.host.run('sync.now', {});
    for (const v of [await onHand(a1), await onHand(a2), await hqOnHand(hq)]) expect(v).toBe(9);
    for (const pc of [a1, a2]) expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
    expect(await hq.store.verifyChains()).toMatchObject({ ok: true });
    // The trail explains it: the sale, and HQ's reversal with who and why.
    const trail = await a2.host.run('stock.trail', { sku: 'TEA' });
    const reversal = trail.rows.find((m: { kind: string }) => m.kind === 'reversal');
    expect(reversal).toMatchObject({ actor: 'olga', note: expect.stringMatching(/Rejected at HQ: test sale/) });
    // A rejected row is never counted twice: a later round changes nothing.
    await a1.host.run('sync.now', {});
    await a2.host.run('sync.now', {});
    expect(await onHand(a2)).toBe(9);
  }, 60_000);
});

describe.each(STORE_KINDS)('time strings the branch cannot reproduce (%s)', (kind) => {
  it('are quarantined at HQ; one an older HQ still serves is parked by the PC, whose verify stays ok', async () => {
    const hq = await TestHq.start(kind);
    const a1 = await branchPc(hq, 'A', { skus: ['TEA'] });
    const { token, deviceId } = await enroll(hq.store, hq.url, 'A');
    const dev = new FakeDevice(deviceId, 'A');
    const rows = [dev.next({ sku: 'TEA', occurredAt: '2026-03-14T10:00:00Z' }), dev.next({ sku: 'TEA', recordedAt: '2026-03-14T10:00:00.000+00:00' }), dev.next({ sku: 'TEA' })];
    const res = await call(hq.url, 'POST', '/v1/push', { token, body: { deviceId, movements: rows } });
    expect(res.body.quarantined.map((q: { deviceSeq: number }) => q.deviceSeq)).toEqual([1, 2]);
    // What an older HQ accepted: a row with a time without milliseconds (its hash covers that string).
    const old = new FakeDevice('old-pc', 'A');
    const legacy = old.next({ sku: 'TEA', occurredAt: '2026-03-14T10:00:00Z' });
    await plantAtHq(hq.store, (c) => makePushTx(c).insertMovements([legacy], new Date().toISOString()));
    await a1.host.run('sync.now', {});
    expect((await a1.host.run('stock.get', { sku: 'TEA' })).onHand).toBe(1);
    expect((await a1.host.run('sync.parked', {})).rows).toEqual([expect.objectContaining({ kind: 'movement', key: legacy.id, reason: expect.stringMatching(/occurredAt/) })]);
    expect(await a1.host.run('ledger.verify', {})).toMatchObject({ ok: true });
  }, 60_000);
});
