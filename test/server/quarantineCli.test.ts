import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open';
import { dropPgSchema, STORE_KINDS, tempDir } from './helpers/hq';
import { storeDevice } from './helpers/seed';
import { useHqCliBundle } from '../helpers/hqCli';

/**
 * `stock-ledger-hq items add` refuses what no branch could store (issue 12, failure 1), and
 * `stock-ledger-hq quarantine resolve` is the way out of quarantine (failure 7), run as an operator runs them.
 */
const hqBin = useHqCliBundle('hq-qcli');

describe.each(STORE_KINDS)('stock-ledger-hq catalogue and quarantine decisions (%s)', (kind) => {
  it('refuses a 240-character item name; resolves quarantined rows by appended decisions only', async () => {
    const data = tempDir();
    const env: Record<string, string> = {};
    if (kind === 'postgres') {
      env.DATABASE_URL = process.env.TEST_DATABASE_URL!;
      env.HQ_DB_SCHEMA = `hq_test_qcli_${Math.random().toString(36).slice(2, 10)}`;
    }
    const hq = (...args: string[]) => {
      const r = spawnSync(process.execPath, [hqBin(), '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
      let json: any = null;
      try { json = JSON.parse(r.stdout); } catch { /* human output */ }
      return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
    };
    const store = await openStore(kind === 'postgres' ? { databaseUrl: env.DATABASE_URL, pgSchema: env.HQ_DB_SCHEMA } : { dataDir: data });
    try {
      const long = hq('items', 'add', 'TEA-01', '--name', 'N'.repeat(240));
      expect(long.status).toBe(2);
      expect(long.json.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/name/) });
      expect(hq('items', 'add', 'T'.repeat(65), '--name', 'ok').json.error.code).toBe('VALIDATION');
      expect(hq('items', 'list', '--json').json).toEqual([]);
      expect(hq('items', 'add', 'TEA-01', '--name', 'Green tea').status).toBe(0);

      const till = await storeDevice(store, 'NORTH');
      const receive = till.next({ sku: 'TEA-01', qty: 10 });
      const ahead = till.next({ sku: 'TEA-01', kind: 'sale', qty: 4, onHandDelta: -4, occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
      const broken = till.next({ sku: 'TEA-01', kind: 'sale', qty: -50, onHandDelta: 50 });
      const r = await till.push({ movements: [receive, ahead, broken, till.next({ sku: 'TEA-01', qty: 1 })] });
      expect(r.quarantined.map((q) => q.deviceSeq)).toEqual([2, 3]);
      const [qAhead, qBroken] = hq('quarantine', '--json').json;
      expect(qAhead).toMatchObject({ deviceSeq: 2, resolution: null });

      // Accept needs a note; a malformed row cannot be accepted, only rejected.
      expect(hq('quarantine', 'resolve', String(qAhead.id), '--accept').status).toBe(1);
      expect(hq('quarantine', 'resolve', String(qAhead.id), '--accept', '--reject', '--note', 'x').status).toBe(1);
      const cannot = hq('quarantine', 'resolve', String(qBroken.id), '--accept', '--note', 'looks fine', '--json');
      expect(cannot.status).toBe(2);
      expect(cannot.json.error.message).toMatch(/cannot be accepted as sent: qty -50 is negative/);

      const accepted = hq('quarantine', 'resolve', String(qAhead.id), '--accept', '--note', 'clock was ahead; the sale was real', '--by', 'olga');
      expect(accepted.status).toBe(0);
      expect(accepted.stdout).toMatch(/accepted: movement .* joined the branch's ledger/);
      const rejected = hq('quarantine', 'resolve', String(qBroken.id), '--reject', '--note', 'garbage from an old till', '--by', 'olga', '--json');
      expect(rejected.json).toMatchObject({ decision: 'rejected', movementId: null, reversalId: null });
      expect(hq('quarantine', 'resolve', String(qBroken.id), '--reject', '--note', 'again').json.error.code).toBe('CONFLICT');
      expect(hq('quarantine', 'resolve', '999', '--reject', '--note', 'x').json.error.code).toBe('NOT_FOUND');

      const list = hq('quarantine', '--json').json;
      expect(list.map((q: { resolution: { decision: string; actor: string } }) => [q.resolution.decision, q.resolution.actor])).toEqual([['accepted', 'olga'], ['rejected', 'olga']]);
      expect(hq('quarantine').stdout).toMatch(/accepted: clock was ahead/);
      // The accepted sale counts now; the rejected row never does.
      expect(hq('stock', 'TEA-01', '--json').json.branches[0]).toMatchObject({ branch: 'NORTH', onHand: 7 });
      expect(hq('verify').status).toBe(0);
      expect(hq('parked', '--json').json).toEqual([]);
    } finally {
      await store.close();
      if (env.HQ_DB_SCHEMA) await dropPgSchema(env.DATABASE_URL!, env.HQ_DB_SCHEMA);
    }
  }, 120_000);
});
