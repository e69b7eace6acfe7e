import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { call, tempDir } from '../server/helpers/hq';
import { buildHqServer } from '../../server/app';
import { openStore } from '../../server/store/open';
import { useHqCliBundle } from '../helpers/hqCli';

/** `stock-ledger-hq enroll --ttl` and `enrolments`, run as an operator runs them (a fresh bundle of server/cli.ts). */
const hqBin = useHqCliBundle('hq-enrol-cli');

describe('stock-ledger-hq enrolment codes and the enrolment log', () => {
  it('validates --ttl (1 minute to 90 days) with a sentence and no stack trace, and lists refused enrolments with the reason', async () => {
    const data = tempDir();
    const hq = (...args: string[]) => spawnSync(process.execPath, [hqBin(), '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, HQ_ADMIN_TOKEN: '' } });
    expect(hq('branch', 'add', 'BER-01', '--name', 'Berlin Mitte', '--zone', 'Europe/Berlin').status).toBe(0);
    expect(hq('branch', 'add', 'HAM-01', '--name', 'Hamburg', '--zone', 'Mars/Olympus').stderr).toMatch(/--zone must be an IANA time zone such as Europe\/Berlin/);
    for (const ttl of ['abc', '1e9', '0', '91d']) {
      const r = hq('enroll', 'BER-01', '--ttl', ttl);
      expect([ttl, r.status]).toEqual([ttl, 1]);
      expect(r.stderr).toContain(`--ttl must be from 1 minute to 90 days, written like 30m, 12h or 7d (a plain number is hours), not "${ttl}".`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const ok = hq('enroll', 'BER-01', '--ttl', '30m', '--json');
    expect(ok.status).toBe(0);
    const issued = JSON.parse(ok.stdout) as { code: string; expiresAt: string };
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);

    // A PC set up as another branch tries the code: refused, logged, and the code still works.
    const store = await openStore({ dataDir: data });
    const app = buildHqServer({ store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const refused = await call(url, 'POST', '/v1/enroll', { body: { code: issued.code, deviceId: 'till-7', deviceName: 'Till 7', deviceKey: 'q'.repeat(43), expectBranch: 'HAM-01' } });
      expect(refused.status).toBe(409);
      const enrolled = await call(url, 'POST', '/v1/enroll', { body: { code: issued.code, deviceId: 'till-8', deviceKey: 'r'.repeat(43) } });
      expect(enrolled.status).toBe(200);
      expect(enrolled.body.branch).toEqual({ code: 'BER-01', name: 'Berlin Mitte', timeZone: 'Europe/Berlin' });
    } finally {
      await app.close();
      await store.close();
    }
    const list = hq('enrolments', '--refused', '--json');
    expect(list.status).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'refused', branch: 'BER-01', deviceId: 'till-7', deviceName: 'Till 7' });
    expect(String(rows[0]!.reason)).toMatch(/set up as branch HAM-01, but the code is for branch BER-01/);
    const human = hq('enrolments');
    expect(human.stdout).toMatch(/enrolled\s+BER-01\s+till-8/);
  }, 120_000);
});
