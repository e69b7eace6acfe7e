import { describe, expect, it } from 'vitest';
import { tempHost } from '../helpers/tempLedger';
import { STORE_KINDS, TestHq } from './hqHarness';

describe.each(STORE_KINDS)('recent problems on the sync screen (%s)', (kind) => {
  it('lists refused enrolments and an unreachable HQ, newest first; a refused code changes nothing else', async () => {
    const hq = await TestHq.start(kind);
    await hq.enrollmentCode('LIS-01');
    const host = tempHost();
    for (const code of ['WRONG-1', 'WRONG-2', 'WRONG-3']) {
      const refused = await host.call('sync.configure', { serverUrl: hq.url, enrollmentCode: code });
      expect(refused.ok).toBe(false);
    }
    const status = await host.run('sync.status', {});
    expect(status.configured).toBe(false);
    expect(status.recentErrors).toHaveLength(3);
    expect(status.recentErrors.every((e) => e.message.startsWith('HQ did not accept the enrollment code'))).toBe(true);
    await hq.stop();
    const offline = await host.call('sync.configure', { serverUrl: hq.url, enrollmentCode: 'ABCDE-ABCDE-ABCDE' });
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    const after = await host.run('sync.status', {});
    expect(after.recentErrors).toHaveLength(4);
    expect(after.recentErrors[0]).toMatchObject({ code: 'OFFLINE', message: expect.stringContaining('cannot be reached') });
  });
});
