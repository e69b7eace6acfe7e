import { describe, expect, it } from 'vitest';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from '../helpers/hq';
import { addOperators, ConsoleClient } from './session';

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (ok(v) || i > 50) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(STORE_KINDS)('HQ console: branches and PCs (%s)', (kind) => {
  it('shows each PC\'s last push and pull, backlog, app version and last error; revoking refuses its token', async () => {
    const store = await openTestStore(kind);
    await addOperators(store);
    const hq = await startHq(store);
    const pc = await enroll(store, hq.url, 'LIS-01');
    const dev = new FakeDevice(pc.deviceId, 'LIS-01');
    const headers = { 'x-stock-ledger-app-version': '0.9.3' };
    expect((await call(hq.url, 'POST', '/v1/push', { token: pc.token, headers, body: { deviceId: pc.deviceId, movements: dev.many(2), pending: 4 } })).status).toBe(200);
    expect((await call(hq.url, 'GET', '/v1/pull', { token: pc.token, headers })).status).toBe(200);
    const gap = dev.many(2)[1]!;
    expect((await call(hq.url, 'POST', '/v1/push', { token: pc.token, headers, body: { deviceId: pc.deviceId, movements: [gap] } })).status).toBe(409);

    const admin = new ConsoleClient(hq.url);
    await admin.login('ana');
    const device = await eventually(async () => (await admin.send('GET', '/branches')).body.branches[0].devices[0], (d) => Boolean(d?.lastError && d?.lastPullAt));
    expect(device).toMatchObject({ deviceId: pc.deviceId, backlog: 4, appVersion: '0.9.3', lastPullAt: expect.any(String), lastPushAt: expect.any(String) });
    expect(device.lastError).toMatch(/^409 SEQUENCE_GAP/);

    const viewer = new ConsoleClient(hq.url);
    await viewer.login('vera');
    expect((await viewer.write(`/devices/${pc.deviceId}/revoke`)).status).toBe(403);
    expect((await call(hq.url, 'GET', '/v1/sync/state', { token: pc.token })).status).toBe(200);
    expect((await admin.write(`/devices/${pc.deviceId}/revoke`)).status).toBe(200);
    expect((await call(hq.url, 'GET', '/v1/sync/state', { token: pc.token })).status).toBe(401);
    expect((await admin.write(`/devices/${pc.deviceId}/revoke`)).status).toBe(404);
  });
});
