import { describe, expect, it } from 'vitest';
import { branchesResponse } from '../../shared/sync/protocol';
import { call, enroll, openTestStore, startHq, STORE_KINDS } from './helpers/hq';

describe.each(STORE_KINDS)('GET /v1/branches (%s)', (kind) => {
  it('lists HQ\'s other branches to an enrolled device, by code, and refuses anyone else', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    await store.addBranch({ code: 'POR-01', name: 'Porto · Santa Catarina' });
    await store.addBranch({ code: 'FAR-01', name: 'Faro' });
    const lisbon = await enroll(store, hq.url, 'LIS-01');
    const res = await call(hq.url, 'GET', '/v1/branches', { token: lisbon.token });
    expect(res.status).toBe(200);
    // The caller's own branch is left out: a transfer goes elsewhere.
    expect(branchesResponse.parse(res.body).branches).toEqual([{ code: 'FAR-01', name: 'Faro' }, { code: 'POR-01', name: 'Porto · Santa Catarina' }]);
    expect((await call(hq.url, 'GET', '/v1/branches')).status).toBe(401);
    expect((await call(hq.url, 'GET', '/v1/branches', { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await call(hq.url, 'GET', '/v1/branches?all=1', { token: lisbon.token })).status).toBe(400);
  });
});
