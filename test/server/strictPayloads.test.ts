import { describe, expect, it } from 'vitest';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from './helpers/hq';
import { snapshot } from './helpers/seed';

/** HQ's HTTP API refuses keys it does not know, naming the nearest known one, and stores nothing. */
describe.each(STORE_KINDS)('HQ refuses unknown keys (%s)', (kind) => {
  it('in a push body, at the top and inside nested objects', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const north = await enroll(store, hq.url, 'NORTH');
    const device = new FakeDevice(north.deviceId, 'NORTH');
    const before = await snapshot(store);
    const top = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: [device.next()], pendng: 3 } });
    expect(top.status).toBe(400);
    expect(top.body.error.code).toBe('VALIDATION');
    expect(top.body.error.message).toMatch(/unknown field "pendng" \(did you mean pending\?\)/);
    const nested = await call(hq.url, 'POST', '/v1/push', {
      token: north.token,
      body: { deviceId: north.deviceId, movements: [], transfers: [{ id: 't1', fromBranch: 'NORTH', toBranch: 'SOUTH', lines: [{ sku: 'A', qty: 1, unitCost: null, unitcost: 5 }], sentAt: '2026-01-01T00:00:00.000Z', actor: 'ann', note: null }] },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/unknown field "unitcost" \(did you mean unitCost\?\)/);
    expect(await snapshot(store)).toBe(before);
    const query = await call(hq.url, 'GET', '/v1/pull?cursr=0', { token: north.token });
    expect(query.status).toBe(400);
    expect(query.body.error.message).toMatch(/did you mean cursor\?/);
  });

  it('in an enrollment', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const res = await call(hq.url, 'POST', '/v1/enroll', { body: { code: 'AAAAA-BBBBB-CCCCC', deviceId: 'd1', devicName: 'till 2' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/did you mean deviceName\?/);
  });
});
