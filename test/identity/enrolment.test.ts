import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { syncEngineFor } from '../../electron/sync/registry';
import { issueEnrollmentCode } from '../../server/auth';
import { call } from '../server/helpers/hq';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { branchPc, STORE_KINDS, TestHq } from '../sync/hqHarness';

const FAST = { timeoutMs: 5000 };

async function code(hq: TestHq, branch: string, options: { name?: string; timeZone?: string } = {}): Promise<string> {
  if (!(await hq.store.listBranches()).some((b) => b.code === branch)) await hq.store.addBranch({ code: branch, name: options.name ?? `Branch ${branch}`, timeZone: options.timeZone ?? null });
  return (await issueEnrollmentCode(hq.store, branch)).code;
}

describe.each(STORE_KINDS)('branch identity and enrolment (%s)', (kind) => {
  it('a ledger with movements and no branch joins the branch of its first code; HQ files every earlier row there', async () => {
    const hq = await TestHq.start(kind);
    const pc = tempHost();
    syncEngineFor(pc.ledger, FAST);
    await seedItems(pc, ['TEA']);
    // A CLI user records before anyone set the branch up.
    await pc.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' });
    expect((await pc.run('app.status', {})).branchCode).toBeNull();
    expect((await pc.run('setup.status', {})).needed).toBe(true);
    const labels = pc.ledger.db.prepare(`SELECT DISTINCT branch FROM movements`).pluck().all();
    expect(labels).toEqual(['UNASSIGNED']);

    const enrolled = await pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: await code(hq, 'BER-01', { name: 'Berlin Mitte', timeZone: 'Europe/Berlin' }) });
    expect(enrolled.branch).toEqual({ code: 'BER-01', name: 'Berlin Mitte', timeZone: 'Europe/Berlin' });
    expect(await pc.run('settings.get', {})).toMatchObject({ branchCode: 'BER-01', branchName: 'Berlin Mitte', timeZone: 'Europe/Berlin' });
    expect(await pc.run('sync.now', {})).toMatchObject({ pushed: 2, quarantined: 0, pending: 0 });
    expect((await hq.store.movements({ branch: 'BER-01' })).map((m) => m.branch)).toEqual(['UNASSIGNED', 'UNASSIGNED']);
    expect((await hq.store.stock('TEA')).find((b) => b.branch === 'BER-01')).toMatchObject({ onHand: 8 });
    expect(await hq.store.verifyChains()).toMatchObject({ ok: true, rows: 2 });
    expect(await pc.run('ledger.verify', {})).toMatchObject({ ok: true });

    // New rows carry the branch; and a second PC of the branch pulls the early ones.
    await pc.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    expect(await pc.run('sync.now', {})).toMatchObject({ pushed: 1, pending: 0 });
    const other = await branchPc(hq, 'BER-01', { skus: ['TEA'] });
    await other.host.run('sync.now', {});
    expect(await other.host.run('stock.get', { sku: 'TEA' })).toMatchObject({ onHand: 7 });
    expect(await other.host.run('ledger.verify', {})).toMatchObject({ ok: true });

    // Assigned now: a different branch code is refused with what to do instead.
    const refused = await pc.call('settings.set', { branchCode: 'MAIN' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('an old file that silently became MAIN joins the branch it enrols into, without any row being rewritten (the reported case)', async () => {
    const hq = await TestHq.start(kind);
    const pc = tempHost();
    await seedItems(pc, ['TEA']);
    // Before this change: the default branch MAIN was written into the settings and onto every row.
    pc.ledger.db.prepare(`INSERT INTO meta (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(JSON.stringify({ branchCode: 'MAIN', branchName: 'Main branch', timeZone: 'UTC', allowNegativeStock: false }));
    await pc.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 5 }], actor: 'ann' });
    expect(pc.ledger.db.prepare(`SELECT branch FROM movements`).pluck().all()).toEqual(['MAIN']);
    const hashes = pc.ledger.db.prepare(`SELECT hash FROM movements`).pluck().all();
    pc.ledger.db.prepare(`DELETE FROM schema_migrations WHERE version = 61`).run();
    const file = pc.file;
    pc.close();
    const reopened = new LedgerHost(file);
    try {
      syncEngineFor(reopened.ledger, FAST);
      expect((await reopened.run('settings.get', {})).branchCode).toBeNull();
      // The clerk sets the real branch: allowed once, and the MAIN row belongs to it.
      await reopened.run('settings.set', { branchCode: 'BER-01', branchName: 'Berlin' });
      // A code for another branch is refused before it is used...
      const wrongCode = await code(hq, 'MAIN');
      const wrong = await reopened.call('sync.configure', { serverUrl: hq.url, enrollmentCode: wrongCode });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!wrong.ok && wrong.error.message).toMatch(/set up as branch BER-01, but the code is for branch MAIN\. Ask HQ for a code for BER-01/);
      // ...so it still works for a PC of MAIN.
      const mainPc = tempHost();
      syncEngineFor(mainPc.ledger, FAST);
      expect(await mainPc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: wrongCode })).toMatchObject({ branch: { code: 'MAIN' } });
      // The right code joins BER-01 and the MAIN-labelled row goes there, hash untouched.
      await reopened.run('sync.configure', { serverUrl: hq.url, enrollmentCode: await code(hq, 'BER-01') });
      expect(await reopened.run('sync.now', {})).toMatchObject({ pushed: 1, quarantined: 0 });
      expect((await hq.store.movements({ branch: 'BER-01' })).map((m) => [m.branch, m.hash])).toEqual([['MAIN', hashes[0]]]);
      expect(await hq.store.movements({ branch: 'MAIN' })).toEqual([]);
      const log = await hq.store.listEnrollments({ refusedOnly: true });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ outcome: 'refused', branch: 'MAIN', deviceId: reopened.ledger.deviceId });
      expect(log[0]!.reason).toMatch(/set up as branch BER-01/);
    } finally {
      reopened.close();
    }
  });

  it('answers a retried enrolment (same code, same device key) with the same token, and never lets another PC take a device id over', async () => {
    const hq = await TestHq.start(kind);
    const branchCode = await code(hq, 'NORTH');
    const body = { code: branchCode, deviceId: 'till-1', deviceKey: 'k'.repeat(43), deviceName: 'Till 1' };
    const first = await call(hq.url, 'POST', '/v1/enroll', { body });
    const retry = await call(hq.url, 'POST', '/v1/enroll', { body }); // the first answer was lost on the way
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.token).toBe(first.body.token);
    expect((await call(hq.url, 'GET', '/v1/sync/state', { token: first.body.token })).status).toBe(200);

    // Another PC of the branch with a fresh code cannot take till-1 over; the code stays usable.
    const fresh = await code(hq, 'NORTH');
    const stolen = await call(hq.url, 'POST', '/v1/enroll', { body: { code: fresh, deviceId: 'till-1', deviceKey: 'x'.repeat(43) } });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.message).toMatch(/already enrolled by another PC/);
    const sameCodeOtherKey = await call(hq.url, 'POST', '/v1/enroll', { body: { ...body, deviceKey: 'x'.repeat(43) } });
    expect(sameCodeOtherKey.status).toBe(401);
    expect((await call(hq.url, 'GET', '/v1/sync/state', { token: first.body.token })).status).toBe(200);
    const own = await call(hq.url, 'POST', '/v1/enroll', { body: { code: fresh, deviceId: 'till-2', deviceKey: 'y'.repeat(43) } });
    expect(own.status).toBe(200);
    expect((await hq.store.listEnrollments()).map((e) => e.outcome)).toEqual(['enrolled', 'refused', 'refused', 'retried', 'enrolled']);
  });

  it('a PC retrying sync.configure with the same code after a lost answer is connected, not refused', async () => {
    const hq = await TestHq.start(kind);
    const pc = tempHost();
    syncEngineFor(pc.ledger, FAST);
    const c = await code(hq, 'NORTH');
    await pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: c });
    const again = await pc.run('sync.configure', { serverUrl: hq.url, enrollmentCode: c });
    expect(again.branch.code).toBe('NORTH');
    expect(await pc.run('sync.now', {})).toMatchObject({ pending: 0 });
  });

  it('never puts database text in an enrolment error body; the request id links to HQ\'s log', async () => {
    const hq = await TestHq.start(kind);
    const c = await code(hq, 'NORTH');
    const original = hq.store.enrollDevice.bind(hq.store);
    hq.store.enrollDevice = async () => { throw Object.assign(new Error('SQLITE_CORRUPT: database disk image is malformed (table devices)'), { code: 'SQLITE_CORRUPT' }); };
    const answer = await call(hq.url, 'POST', '/v1/enroll', { body: { code: c, deviceId: 'till-9', deviceKey: 'z'.repeat(43) } });
    hq.store.enrollDevice = original;
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toMatch(/SQLITE|malformed|devices/);
    expect(answer.body.error.details.requestId).toEqual(expect.any(String));
    expect(answer.body.error.message).toContain(answer.body.error.details.requestId);
    // The code was not used: the PC can simply try again.
    expect((await call(hq.url, 'POST', '/v1/enroll', { body: { code: c, deviceId: 'till-9', deviceKey: 'z'.repeat(43) } })).status).toBe(200);
  });
});

describe('enrolment code validity (--ttl)', () => {
  it('accepts 1 minute to 90 days and refuses the rest with a sentence', async () => {
    const { parseCodeTtl } = await import('../../server/auth');
    expect(parseCodeTtl('30m')).toBe(1_800_000);
    expect(parseCodeTtl('12')).toBe(12 * 3_600_000);
    expect(parseCodeTtl('90d')).toBe(90 * 86_400_000);
    for (const bad of ['abc', '1e9', '0', '91d', '30s', '-5', '']) expect(() => parseCodeTtl(bad)).toThrow(/from 1 minute to 90 days/);
  });
});
