import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { call, enroll, FakeDevice, openTestStore, startHq, STORE_KINDS, tempDir } from '../helpers/hq';

describe.each(STORE_KINDS)('HQ in production (%s)', (kind) => {
  it('/v1/health reports the database, its migrations and the epoch; 503 once the database is gone', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const ok = await call(hq.url, 'GET', '/v1/health', { protocol: null });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, epoch: store.epoch, database: { kind, reachable: true, migrations: { pending: [] } } });
    expect(ok.body.database.migrations.applied).toEqual(expect.arrayContaining([1, 170]));
    await store.close();
    const down = await call(hq.url, 'GET', '/v1/health', { protocol: null });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.body).toMatchObject({ ok: false, database: { reachable: false } });
  });

  it('/metrics: pushes and rows per branch, quarantine, device lag and backlog, request latency', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store);
    const pc = await enroll(store, hq.url, 'LIS-01');
    const dev = new FakeDevice(pc.deviceId, 'LIS-01');
    const rows = [...dev.many(2), dev.next({ hash: 'f'.repeat(64) })];
    const pushed = await call(hq.url, 'POST', '/v1/push', { token: pc.token, body: { deviceId: pc.deviceId, movements: rows, pending: 7 } });
    expect(pushed.body.quarantined).toHaveLength(1);
    const res = await fetch(`${hq.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('hq_push_requests_total{branch="LIS-01"} 1');
    expect(text).toContain('hq_push_rows_total{branch="LIS-01",result="accepted"} 2');
    expect(text).toContain('hq_push_rows_total{branch="LIS-01",result="quarantined"} 1');
    expect(text).toContain('hq_quarantined_rows{branch="LIS-01"} 1');
    expect(text).toContain(`hq_device_backlog_rows{branch="LIS-01",device="${pc.deviceId}"} 7`);
    expect(text).toMatch(new RegExp(`hq_device_lag_seconds\\{branch="LIS-01",device="${pc.deviceId}"\\} \\d+`));
    expect(text).toMatch(/hq_http_request_duration_seconds_count\{method="POST",route="\/v1\/push",status="2xx"\} 1/);
    expect(text).toContain('hq_review_open_entries{queue="quarantine"} 1');
    const [q] = await store.quarantine({});
    const { addReviewNote } = await import('../../../server/console/views');
    const { backendOf } = await import('../../../server/console/db');
    await addReviewNote(backendOf(store), { queue: 'quarantine', ref: String(q!.id), handled: true, note: 'asked the branch', operator: 'ana' }, Date.now());
    expect(await (await fetch(`${hq.url}/metrics`)).text()).toContain('hq_review_open_entries{queue="quarantine"} 0');
  });

  it('/metrics asks for the metrics token when one is set', async () => {
    const store = await openTestStore(kind);
    const hq = await startHq(store, { metricsToken: 'scrape-secret' });
    expect((await fetch(`${hq.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${hq.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })).status).toBe(200);
  });
});

describe('HQ served for the shops', () => {
  it('/openapi.json is generated from the route schemas, with the push/pull protocol described', async () => {
    const store = await openTestStore('sqlite');
    const hq = await startHq(store);
    const doc = (await call(hq.url, 'GET', '/openapi.json', { protocol: null })).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/push', '/v1/pull', '/v1/enroll', '/v1/health', '/console/api/login', '/console/api/items/import']));
    expect(doc.paths['/v1/push'].post.description).toMatch(/SEQUENCE_GAP/);
    expect(doc.paths['/v1/push'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('movements');
    expect(doc.paths['/v1/pull'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit']));
  });

  it('serves the app update feed from a folder, and the 426 "update the app" answer points there', async () => {
    const dir = join(tempDir(), 'updates');
    mkdirSync(dir);
    writeFileSync(join(dir, 'latest.yml'), 'version: 0.2.0\npath: Stock-Ledger-Setup-0.2.0.exe\n');
    writeFileSync(join(dir, 'Stock-Ledger-Setup-0.2.0.exe'), Buffer.alloc(4096, 7));
    const store = await openTestStore('sqlite');
    const hq = await startHq(store, { updatesDir: dir });
    const yml = await fetch(`${hq.url}/updates/latest.yml`);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('cache-control')).toBe('no-cache');
    expect(await yml.text()).toContain('version: 0.2.0');
    const part = await fetch(`${hq.url}/updates/Stock-Ledger-Setup-0.2.0.exe`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${hq.url}/updates/../package.json`)).status).toBe(404);
    const old = await call(hq.url, 'POST', '/v1/enroll', { protocol: '0', body: { code: 'X', deviceId: uuidv7() } });
    expect(old.status).toBe(426);
    expect(old.body.error.details.updateFeed).toBe('/updates/');
    expect(old.body.error.message).toMatch(/\/updates\//);
  });
});
