import { describe, expect, it } from 'vitest';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS } from './helpers/hq';
import { snapshot } from './helpers/seed';

/** Each refusal: the right status, a code and a sentence, and HQ's data exactly as before. */
describe.each(STORE_KINDS)('HQ refuses bad requests (%s)', (kind) => {
  async function setup(options: Parameters<typeof startHq>[1] = {}) {
    const store = await openTestStore(kind);
    const hq = await startHq(store, options);
    const north = await enroll(store, hq.url, 'NORTH');
    const device = new FakeDevice(north.deviceId, 'NORTH');
    const first = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: device.many(2) } });
    expect(first.status).toBe(200);
    const before = await snapshot(store);
    const unchanged = async () => expect(await snapshot(store)).toBe(before);
    return { store, hq, north, device, unchanged };
  }
  const refused = (res: { status: number; body: any }, status: number, code: string, message: RegExp) => {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.message).toMatch(/\.$/); // a sentence
  };

  it('refuses a push without a token (401)', async () => {
    const { hq, north, device, unchanged } = await setup();
    refused(await call(hq.url, 'POST', '/v1/push', { body: { deviceId: north.deviceId, movements: [device.next()] } }), 401, 'UNAUTHORIZED', /device token/);
    refused(await call(hq.url, 'GET', '/v1/pull'), 401, 'UNAUTHORIZED', /enroll the PC/);
    refused(await call(hq.url, 'POST', '/v1/push', { token: 'not-a-token-of-this-hq', body: { deviceId: north.deviceId, movements: [] } }), 401, 'UNAUTHORIZED', /does not recognise/);
    await unchanged();
  });

  it('refuses a revoked token at once (401)', async () => {
    const { store, hq, north, device } = await setup();
    await store.revokeDevice(north.deviceId);
    const before = await snapshot(store);
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: [device.next()] } }), 401, 'UNAUTHORIZED', /revoked/);
    refused(await call(hq.url, 'GET', '/v1/sync/state', { token: north.token }), 401, 'UNAUTHORIZED', /revoked/);
    expect(await snapshot(store)).toBe(before);
  });

  it('refuses rows of another branch, or of another device (403)', async () => {
    const { hq, north, device, unchanged } = await setup();
    const foreign = device.next({ branch: 'SOUTH' });
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: [foreign] } }), 403, 'FORBIDDEN', /cannot send rows of branch SOUTH/);
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: 'someone-else', movements: [] } }), 403, 'FORBIDDEN', /cannot push for device someone-else/);
    await unchanged();
  });

  it('refuses a gap in the sequence with the sequence it expects (409)', async () => {
    const { hq, north, device, unchanged } = await setup();
    const rows = device.many(3);
    const res = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: rows.slice(1) } });
    refused(res, 409, 'SEQUENCE_GAP', /expected row 3/);
    expect(res.body.error.details.expectedSeq).toBe(3);
    await unchanged();
  });

  it('refuses the same id with a different payload (409)', async () => {
    const { store, hq, north, unchanged } = await setup();
    const [stored] = await store.movements();
    const res = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: [{ ...stored, serverSeq: undefined, receivedAt: undefined, note: 'edited' }] } });
    refused(res, 409, 'CONFLICT', /differs from the row HQ already holds/);
    expect(res.body.error.details.id).toBe(stored!.id);
    await unchanged();
  });

  it('refuses an unknown protocol version with "update the app" (426)', async () => {
    const { hq, north, device, unchanged } = await setup();
    const res = await call(hq.url, 'POST', '/v1/push', { token: north.token, protocol: '2', body: { deviceId: north.deviceId, movements: [device.next()] } });
    refused(res, 426, 'UNSUPPORTED_PROTOCOL', /Update the app/);
    expect(res.body.error.details).toEqual({ supported: [1], got: '2' });
    refused(await call(hq.url, 'GET', '/v1/pull', { token: north.token, protocol: null }), 426, 'UNSUPPORTED_PROTOCOL', /Update the app/);
    refused(await call(hq.url, 'GET', '/v1/health', { protocol: '0' }), 426, 'UNSUPPORTED_PROTOCOL', /Update the app/);
    expect((await call(hq.url, 'GET', '/v1/health', { protocol: null })).status).toBe(200);
    await unchanged();
  });

  it('refuses malformed JSON and bodies that do not match the schema (400)', async () => {
    const { hq, north, unchanged } = await setup();
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, raw: `{"deviceId": "${north.deviceId}", "movements": [` }), 400, 'VALIDATION', /not valid JSON/);
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: 'all of them' } }), 400, 'VALIDATION', /body\.movements must be array/);
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, raw: '<push/>', headers: { 'content-type': 'application/xml' } }), 415, 'VALIDATION', /only accepts JSON/);
    refused(await call(hq.url, 'POST', '/v1/push', { token: north.token, raw: 'deviceId=x', headers: { 'content-type': 'text/plain' } }), 400, 'VALIDATION', /body must be object/);
    refused(await call(hq.url, 'GET', '/v1/pull?cursor=minus-one', { token: north.token }), 400, 'VALIDATION', /querystring\.cursor/);
    refused(await call(hq.url, 'GET', '/v1/nothing-here'), 404, 'NOT_FOUND', /no GET \/v1\/nothing-here/);
    await unchanged();
  });

  it('refuses a body over the size limit (413) as JSON', async () => {
    const { hq, north, device, unchanged } = await setup({ bodyLimit: 64 * 1024 });
    const rows = device.many(400, () => ({ note: 'x'.repeat(200) }));
    const res = await call(hq.url, 'POST', '/v1/push', { token: north.token, body: { deviceId: north.deviceId, movements: rows } });
    refused(res, 413, 'PAYLOAD_TOO_LARGE', /send fewer rows per batch/);
    expect(res.body.error.details.limit).toBe(64 * 1024);
    await unchanged();
  });

  it('rate-limits enrollment per client address (429 with Retry-After)', async () => {
    const { store, hq } = await setup({ enrollRateLimit: { burst: 3, perMinute: 2 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(hq.url, 'POST', '/v1/enroll', { body: { code: 'WRONG-CODE-0000', deviceId: `pc-${i}` } }));
    expect(answers.slice(0, 2).map((a) => a.status)).toEqual([401, 401]); // setup's enrollment took the first token
    refused(answers[2]!, 429, 'RATE_LIMITED', /Too many enrollment attempts/);
    expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(answers[2]!.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect((await store.listDevices()).map((d) => d.deviceId)).toHaveLength(1);
  });

  it('guards the admin routes with the admin token, and a branch status with the branch\'s own devices', async () => {
    const { store, hq, north } = await setup({ adminToken: 'admin-secret-1234' });
    const south = await enroll(store, hq.url, 'SOUTH');
    refused(await call(hq.url, 'GET', '/v1/stock/SKU-1'), 401, 'UNAUTHORIZED', /admin token/);
    refused(await call(hq.url, 'GET', '/v1/stock/SKU-1', { token: 'wrong' }), 401, 'UNAUTHORIZED', /admin token is wrong/);
    refused(await call(hq.url, 'GET', '/v1/stock/SKU-1', { token: north.token }), 401, 'UNAUTHORIZED', /admin token is wrong/);
    const stock = await call(hq.url, 'GET', '/v1/stock/SKU-1', { token: 'admin-secret-1234' });
    expect(stock.status).toBe(200);
    expect(stock.body.branches).toEqual([
      { branch: 'NORTH', name: 'Branch NORTH', onHand: 2, reserved: 0, available: 2, inTransit: 0, inTransitOut: 0 },
      { branch: 'SOUTH', name: 'Branch SOUTH', onHand: 0, reserved: 0, available: 0, inTransit: 0, inTransitOut: 0 },
    ]);
    expect((await call(hq.url, 'GET', '/v1/branches/NORTH/status', { token: north.token })).body).toMatchObject({ movements: 2, devices: { active: 1 } });
    refused(await call(hq.url, 'GET', '/v1/branches/NORTH/status', { token: south.token }), 403, 'FORBIDDEN', /cannot read branch NORTH/);
    expect((await call(hq.url, 'GET', '/v1/branches/SOUTH/status', { token: 'admin-secret-1234' })).status).toBe(200);
    const off = await startHq(store, { adminToken: '' });
    refused(await call(off.url, 'GET', '/v1/stock/SKU-1', { token: 'anything' }), 403, 'FORBIDDEN', /admin API is switched off/);
  });
});
