import { describe, expect, it } from 'vitest';
import type { Movement } from '../../shared/movements/row';
import { issueEnrollmentCode } from '../../server/auth';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from './helpers/hq';
import { storeDevice } from './helpers/seed';

/**
 * Issue 12, failures 5 and 6: HQ accepts exactly the rows a branch could have written (the shared
 * validator), quarantines the rest with the reason, and keeps taking the rows behind them.
 */
describe.each(STORE_KINDS)('HQ validates every pushed row like the branch (%s)', (kind) => {
  it('quarantines what the branch would refuse, stores the good rows behind each, and its stock report survives', async () => {
    const store = await openTestStore(kind);
    const dev = await storeDevice(store, 'NORTH');
    const other = await storeDevice(store, 'SOUTH');
    const southRow = other.next({ kind: 'receive', qty: 5 });
    expect((await other.push({ movements: [southRow] })).accepted).toBe(1);

    const good = () => dev.next({ kind: 'receive', qty: 1 });
    const first = dev.next({ kind: 'receive', qty: 10 });
    const rev = (over: Partial<Movement>) => dev.next({ kind: 'reversal', note: 'wrong', ...over });
    const makers: Array<() => Movement> = [
      () => dev.next({ kind: 'receive', qty: 1, onHandDelta: 1_000_000, reverses: first.id }),
      () => rev({ qty: -1, onHandDelta: 1, reverses: 'no-such-row' }),
      () => rev({ qty: -5, onHandDelta: -5, reverses: southRow.id }),
      () => rev({ qty: -10, onHandDelta: -1000, reverses: first.id }),
      () => dev.next({ kind: 'sale', qty: -50, onHandDelta: 50 }),
      () => dev.next({ kind: 'sale', qty: 0, onHandDelta: 0 }),
      () => dev.next({ kind: 'sale', qty: 9e15, onHandDelta: -9e15 }),
      () => dev.next({ kind: 'adjustment', qty: 3, onHandDelta: 3, note: null }),
      () => dev.next({ sku: 'S'.repeat(100_000) }),
      () => dev.next({ sku: ' SKU-1' }),
      () => dev.next({ note: 'n'.repeat(1_500_000) }),
      () => dev.next({ note: 'box\u0000 damaged' }),
      () => dev.next({ note: 'half \ud83d pair' }),
      () => dev.next({ occurredAt: '2026-03-14T10:00:00Z' }),
      () => dev.next({ occurredAt: '2026-03-14T10:00:00.000+00:00' }),
    ];
    // Each poisoned row with a good row right behind it, in device order.
    const rows: Movement[] = [first];
    const poison: Movement[] = [];
    for (const make of makers) {
      const p = make();
      poison.push(p);
      rows.push(p, good());
    }
    // One push per row keeps every request under the body limit and lets each be checked alone.
    const quarantined: Array<{ deviceSeq: number; reason: string }> = [];
    for (const m of rows) quarantined.push(...(await dev.push({ movements: [m] })).quarantined);

    expect(quarantined.map((q) => q.deviceSeq)).toEqual(poison.map((p) => p.deviceSeq));
    const reasons = quarantined.map((q) => q.reason);
    expect(reasons[0]).toMatch(/only a reversal/);
    expect(reasons[1]).toMatch(/does not hold/);
    expect(reasons[2]).toMatch(/branch SOUTH/);
    expect(reasons[3]).toMatch(/exactly negate/);
    expect(reasons[4]).toMatch(/negative/);
    expect(reasons[5]).toMatch(/qty is 0/);
    expect(reasons[6]).toMatch(/outside/);
    expect(reasons[7]).toMatch(/needs a note/);
    expect(reasons[8]).toMatch(/sku is 100,000 characters/);
    expect(reasons[9]).toMatch(/space/);
    expect(reasons[10]).toMatch(/note is 1,500,000 characters/);
    expect(reasons[11]).toMatch(/U\+0000/);
    expect(reasons[12]).toMatch(/surrogate/);
    expect(reasons[13]).toMatch(/occurredAt "2026-03-14T10:00:00Z"/);
    expect(reasons[14]).toMatch(/occurredAt/);
    for (const r of reasons) expect(r).not.toMatch(/\u0000/);

    // Every good row went in; the device's cursor is past everything; nothing poisoned is a movement.
    const stored = await store.movements({ branch: 'NORTH' });
    expect(stored.map((m) => m.deviceSeq)).toEqual(rows.filter((m) => !poison.includes(m)).map((m) => m.deviceSeq));
    expect(await store.deviceAckedSeq(dev.deviceId)).toBe(dev.seq);
    expect((await store.quarantine({ deviceId: dev.deviceId })).length).toBe(poison.length);
    // The poisoned SKUs never reached the catalogue PCs pull.
    expect((await store.listItems()).map((i) => i.sku).sort()).toEqual(['SKU-1']);
    // stock sums without overflow and shows the truth: 10 + one per good row.
    expect((await store.stock('SKU-1')).find((b) => b.branch === 'NORTH')!.onHand).toBe(10 + poison.length);
    expect((await store.verifyChains()).ok).toBe(true);
  }, 60_000);

  it('a NUL in a note is quarantined over HTTP (never 503), the rows around it are stored, and no error body carries database text', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const { token, deviceId } = await enroll(store, hq.url, 'NORTH');
    const dev = new FakeDevice(deviceId, 'NORTH');
    const rows = [dev.next(), dev.next({ note: 'nul \u0000 here' }), dev.next()];
    const res = await call(hq.url, 'POST', '/v1/push', { token, body: { deviceId, movements: rows } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ackedSeq: 3, accepted: 2 });
    expect(res.body.quarantined).toEqual([expect.objectContaining({ deviceSeq: 2, reason: expect.stringMatching(/U\+0000/) })]);
    expect((await store.movements()).map((m) => m.deviceSeq)).toEqual([1, 3]);

    // A database failure (here: the store closed under HQ) answers 503 with a reference, not the database's words.
    const close = store.close.bind(store);
    await close();
    store.close = async () => {}; // closed already; the test's cleanup must not close it twice
    const broken = await call(hq.url, 'POST', '/v1/push', { token, body: { deviceId, movements: [dev.next()] } });
    expect(broken.status).toBe(503);
    expect(broken.body.error.code).toBe('SERVER_ERROR');
    expect(broken.body.error.details.requestId).toEqual(expect.any(String));
    expect(broken.body.error.message).toContain(broken.body.error.details.requestId);
    expect(JSON.stringify(broken.body)).not.toMatch(/database|connection|pool|sqlite|postgres|not open|ended/i);
  }, 60_000);

  it('no other request brings U+0000 or a lone surrogate to the database: 400 at the door, nothing stored', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    await store.addBranch({ code: 'NORTH', name: 'North' });
    const { code } = await issueEnrollmentCode(store, 'NORTH');
    for (const deviceName of ['till\u0000one', 'till \ud800']) {
      const res = await call(hq.url, 'POST', '/v1/enroll', { body: { code, deviceId: 'till-1', deviceName } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION', details: { path: 'body.deviceName' } });
    }
    expect(await store.listDevices()).toEqual([]);
    // The code was not used up by the refusals.
    expect((await call(hq.url, 'POST', '/v1/enroll', { body: { code, deviceId: 'till-1', deviceName: 'till one' } })).status).toBe(200);
  }, 60_000);
});
