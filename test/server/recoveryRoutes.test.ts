import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from './helpers/hq';

describe.each(STORE_KINDS)('HQ recovery routes (%s)', (kind) => {
  it('serves a device its own rows, forks it once (a retry answers the same), and then refuses the old chain', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const pc = await enroll(store, hq.url, 'NORTH');
    const other = await enroll(store, hq.url, 'NORTH');
    const d = new FakeDevice(pc.deviceId, 'NORTH');
    const rows = d.many(3);
    expect((await call(hq.url, 'POST', '/v1/push', { token: pc.token, body: { deviceId: pc.deviceId, movements: rows } })).body).toMatchObject({ ackedSeq: 3, chainHead: { seq: 3, hash: rows[2]!.hash } });
    await call(hq.url, 'POST', '/v1/push', { token: other.token, body: { deviceId: other.deviceId, movements: new FakeDevice(other.deviceId, 'NORTH').many(1) } });

    const page = await call(hq.url, 'GET', '/v1/recover/rows?after=1&limit=1', { token: pc.token });
    expect(page.body).toMatchObject({ hasMore: true, movements: [{ id: rows[1]!.id }] });
    expect((await call(hq.url, 'GET', '/v1/recover/rows?after=0&limit=10', { token: pc.token })).body.movements.map((m: { id: string }) => m.id)).toEqual(rows.map((m) => m.id));

    const newDeviceId = uuidv7();
    const token = 'n'.repeat(43);
    const fork = () => call(hq.url, 'POST', '/v1/recover/fork', { token: pc.token, body: { newDeviceId, lastCommonSeq: 2, token } });
    const first = await fork();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ deviceId: newDeviceId, token, branch: { code: 'NORTH' } });
    expect((await fork()).body).toMatchObject({ deviceId: newDeviceId, token });
    expect((await call(hq.url, 'POST', '/v1/recover/fork', { token: pc.token, body: { newDeviceId: uuidv7(), lastCommonSeq: 2, token } })).status).toBe(409);
    expect(await store.forkState(pc.deviceId)).toEqual({ retiredInto: newDeviceId, forkedFrom: null });
    expect(await store.forkState(newDeviceId)).toEqual({ retiredInto: null, forkedFrom: pc.deviceId });

    // The old chain takes nothing more; the new one starts at 1 with the PC's token.
    const late = await call(hq.url, 'POST', '/v1/push', { token: pc.token, body: { deviceId: pc.deviceId, movements: [d.next()] } });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'DIVERGED' } } });
    expect((await call(hq.url, 'GET', '/v1/sync/state', { token: pc.token })).body).toMatchObject({ ackedSeq: 3, retiredInto: newDeviceId });
    const fresh = new FakeDevice(newDeviceId, 'NORTH');
    expect((await call(hq.url, 'POST', '/v1/push', { token, body: { deviceId: newDeviceId, movements: fresh.many(2) } })).body).toMatchObject({ ackedSeq: 2 });
    // A fork needs a new id, and refuses what is not a fork request.
    expect((await call(hq.url, 'POST', '/v1/recover/fork', { token, body: { newDeviceId, lastCommonSeq: 0, token } })).status).toBe(400);
    expect((await call(hq.url, 'POST', '/v1/recover/fork', { token, body: { newDeviceId: uuidv7(), lastCommonSeq: 0, token, extra: 1 } })).status).toBe(400);
    expect((await store.verifyChains()).ok).toBe(true);
  });
});
