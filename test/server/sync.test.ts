import { describe, expect, it } from 'vitest';
import { enrollResponse, healthResponse, pullResponse, pushResponse, syncStateResponse } from '../../shared/sync/protocol';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from './helpers/hq';

describe.each(STORE_KINDS)('HQ replication over HTTP (%s)', (kind) => {
  it('answers health, enrollment and sync state in the protocol\'s shapes, all carrying the epoch', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const health = await call(hq.url, 'GET', '/v1/health');
    expect(healthResponse.parse(health.body)).toMatchObject({ ok: true, protocol: 1, epoch: store.epoch });
    await store.addBranch({ code: 'NORTH', name: 'North Street' });
    const { issueEnrollmentCode } = await import('../../server/auth');
    const { code } = await issueEnrollmentCode(store, 'NORTH');
    const enrolled = await call(hq.url, 'POST', '/v1/enroll', { body: { code: `  ${code.toLowerCase()} `, deviceId: 'till-1', deviceName: 'Till 1' } });
    expect(enrolled.status).toBe(200);
    expect(enrollResponse.parse(enrolled.body)).toMatchObject({ deviceId: 'till-1', branch: { code: 'NORTH', name: 'North Street' }, epoch: store.epoch });
    const again = await call(hq.url, 'POST', '/v1/enroll', { body: { code, deviceId: 'till-2' } });
    expect(again.status).toBe(401);
    const state = await call(hq.url, 'GET', '/v1/sync/state', { token: enrolled.body.token });
    expect(syncStateResponse.parse(state.body)).toMatchObject({ deviceId: 'till-1', branch: 'NORTH', ackedSeq: 0, epoch: store.epoch });
  });

  it('quarantines a malformed row and stores the rows behind it, acknowledging past it', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const north = await enroll(store, hq.url, 'NORTH');
    const device = new FakeDevice(north.deviceId, 'NORTH');
    const rows: unknown[] = device.many(4);
    rows[1] = { ...(rows[1] as object), qty: 'three' };
    const res = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: rows, pending: 7, deviceTime: new Date(Date.now() + 90_000).toISOString() } });
    expect(res.status).toBe(200);
    const body = pushResponse.parse(res.body);
    expect(body).toMatchObject({ ackedSeq: 4, accepted: 3, duplicates: 0, epoch: store.epoch });
    expect(body.quarantined).toEqual([{ deviceSeq: 2, id: (rows[1] as { id: string }).id, reason: expect.stringMatching(/Row 2 was quarantined: it is not a valid movement \(qty: /) }]);
    expect((await store.movements()).map((m) => m.deviceSeq)).toEqual([1, 3, 4]);
    const [info] = await store.listDevices();
    expect(info).toMatchObject({ lastSeq: 4, backlog: 7, movements: 3, quarantined: 1 });
    expect(info!.clockSkewMs).toBeGreaterThan(60_000);
    const state = await call(hq.url, 'GET', '/v1/sync/state', { token: north.token });
    expect(state.body.ackedSeq).toBe(4);
    // The next batch continues after the quarantined row's sequence.
    const next = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: device.many(2) } });
    expect(next.body).toMatchObject({ ackedSeq: 6, accepted: 2 });
  });

  it('pages a pull by cursor and limit: the other PC of the branch gets every row once, in order', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const a = await enroll(store, hq.url, 'NORTH');
    const b = await enroll(store, hq.url, 'NORTH');
    const south = await enroll(store, hq.url, 'SOUTH');
    const devA = new FakeDevice(a.deviceId, 'NORTH');
    const rows = devA.many(25, (i) => ({ sku: `S${i % 3}` }));
    await call(hq.url, 'POST', '/v1/push', { token: a.token, body: { deviceId: a.deviceId, movements: rows } });
    const got: string[] = [];
    let cursor = 0;
    let hasMore = true;
    let pages = 0;
    while (hasMore) {
      const res = await call(hq.url, 'GET', `/v1/pull?cursor=${cursor}&limit=10`, { token: b.token });
      expect(res.status).toBe(200);
      const page = pullResponse.parse(res.body);
      expect(page.epoch).toBe(store.epoch);
      got.push(...page.movements.map((m) => m.id), ...page.items.map((i) => `item:${i.sku}`));
      ({ cursor, hasMore } = page);
      pages++;
    }
    expect(pages).toBe(3);
    expect(got.filter((g) => !g.startsWith('item:'))).toEqual(rows.map((r) => r.id));
    expect(got.filter((g) => g.startsWith('item:')).sort()).toEqual(['item:S0', 'item:S1', 'item:S2']);
    const other = await call(hq.url, 'GET', '/v1/pull?cursor=0&limit=10', { token: south.token });
    expect(other.body.movements).toEqual([]);
    const tooMany = await call(hq.url, 'GET', '/v1/pull?cursor=0&limit=99999', { token: b.token });
    expect(tooMany.status).toBe(400);
  });
});
