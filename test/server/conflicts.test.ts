import { describe, expect, it } from 'vitest';
import { compensationFor } from '../../shared/sync/conflicts';
import { openTestStore, STORE_KINDS } from './helpers/hq';
import { storeDevice } from './helpers/seed';

describe.each(STORE_KINDS)('HQ settles offline conflicts (%s)', (kind) => {
  it('a hold fulfilled on two PCs: the lower device id\'s fulfil stands, the other is compensated once, however often it is pushed', async () => {
    const store = await openTestStore(kind);
    const a = await storeDevice(store, 'NORTH');
    const b = await storeDevice(store, 'NORTH');
    const [low, high] = a.deviceId < b.deviceId ? [a, b] : [b, a];
    const hold = { docType: 'reservation', docId: 'HOLD-7', sku: 'TEA' };
    const reserve = low.next({ ...hold, kind: 'reserve', qty: 2 });
    const fulfilLow = low.next({ ...hold, kind: 'fulfil', qty: 2, docLine: 1 });
    const fulfilHigh = high.next({ ...hold, kind: 'fulfil', qty: 2, docLine: 1 });
    await low.push({ movements: [reserve] });
    await high.push({ movements: [fulfilHigh] });
    expect(await store.conflicts()).toEqual([]);
    // The lower device's fulfil arrives later: the earlier one now loses.
    await low.push({ movements: [fulfilLow] });
    await high.push({ movements: [fulfilHigh] }); // a retry: acknowledged again, nothing added
    const rows = await store.movements({ branch: 'NORTH' });
    const expected = compensationFor(fulfilHigh);
    expect(rows.filter((m) => m.reverses === fulfilHigh.id)).toEqual([expect.objectContaining({ id: expected.id, hash: expected.hash, onHandDelta: 2, reservedDelta: 2, docId: 'HOLD-7' })]);
    const tea = (await store.stock('TEA')).find((s) => s.branch === 'NORTH')!;
    expect(tea).toMatchObject({ onHand: -2, reserved: 0 });
    expect(await store.conflicts()).toEqual([expect.objectContaining({ rule: 'close', sku: 'TEA', cancelled: expect.objectContaining({ id: fulfilHigh.id, deviceId: high.deviceId }) })]);
    expect((await store.verifyChains()).ok).toBe(true);
  });
});
