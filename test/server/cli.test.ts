import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, deviceSeals, dropPgSchema, FakeDevice, STORE_KINDS, tempDir } from './helpers/hq';
import { useHqCliBundle } from '../helpers/hqCli';

/**
 * The admin CLI run as a user runs it: `node bin/stock-ledger-hq.js …`. The bin file is copied next
 * to a fresh bundle of server/cli.ts (the same esbuild options as scripts/build.mjs) under .tmp/, so
 * the test exercises the current source without rewriting dist/ under other tests' feet.
 */
const hqBin = useHqCliBundle('hq-cli');

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) if (s.exitCode === null) s.kill('SIGKILL');
});

describe.each(STORE_KINDS)('stock-ledger-hq admin CLI (%s)', (kind) => {
  async function setup() {
    const data = tempDir();
    const env: Record<string, string> = {};
    if (kind === 'postgres') {
      env.DATABASE_URL = process.env.TEST_DATABASE_URL!;
      env.HQ_DB_SCHEMA = `hq_test_cli_${Math.random().toString(36).slice(2, 10)}`;
    }
    const hq = (...args: string[]) => {
      const r = spawnSync(process.execPath, [hqBin(), '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, ...env, HQ_ADMIN_TOKEN: '' } });
      let json: any = null;
      try { json = JSON.parse(r.stdout); } catch { /* human output */ }
      return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
    };
    const serve = async (): Promise<{ url: string; proc: ChildProcess }> => {
      const proc = spawn(process.execPath, [hqBin(), '--data', data, 'serve', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      servers.push(proc);
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout!.on('data', (d) => {
          out += d;
          const m = /HQ listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      return { url, proc };
    };
    return { hq, serve, cleanup: async () => { if (env.HQ_DB_SCHEMA) await dropPgSchema(env.DATABASE_URL!, env.HQ_DB_SCHEMA); } };
  }

  it('sets up a branch and catalogue, serves HQ, and reports stock, devices, transfers and quarantine', async () => {
    const { hq, serve, cleanup } = await setup();
    try {
      expect(hq('branch', 'add', 'NORTH', '--name', 'North Street').status).toBe(0);
      expect(hq('branch', 'add', 'SOUTH', '--name', 'South Road').status).toBe(0);
      const enroll = hq('enroll', 'NORTH');
      expect(enroll.status).toBe(0);
      const code = enroll.stdout.trim();
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(enroll.stderr).toMatch(/one-time enrollment code for branch NORTH, valid until/);
      expect(hq('items', 'add', 'TEA', '--name', 'Green tea', '--unit', 'box').status).toBe(0);
      // Several barcodes: --barcode repeated, the first the primary; one another item has is refused naming it.
      const coded = hq('items', 'add', 'CUP', '--name', 'Cup', '--barcode', '4006381333931', '--barcode', '5012345678900');
      expect(coded.status).toBe(0);
      expect(coded.stdout).toMatch(/barcodes 4006381333931, 5012345678900/);
      const clash = hq('items', 'add', 'MUG', '--name', 'Mug', '--barcode', '5012345678900');
      expect(clash.status).not.toBe(0);
      expect(clash.stdout + clash.stderr).toMatch(/Barcode 5012345678900 already belongs to CUP/);
      expect(hq('items', 'list', '--json').json.find((i: { sku: string }) => i.sku === 'CUP')).toMatchObject({ barcode: '4006381333931', barcodes: ['4006381333931', '5012345678900'] });

      const { url, proc } = await serve();
      const enrolled = await call(url, 'POST', '/v1/enroll', { body: { code, deviceId: 'till-1' } });
      expect(enrolled.status).toBe(200);
      deviceSeals.set('till-1', { key: Buffer.from(enrolled.body.seal.key, 'base64'), from: enrolled.body.seal.from });
      const device = new FakeDevice('till-1', 'NORTH');
      const transfer = { id: 'T-9', fromBranch: 'NORTH', toBranch: 'SOUTH', lines: [{ sku: 'TEA', qty: 2, unitCost: null }], sentAt: new Date().toISOString(), actor: 'ann', note: null };
      const rows: unknown[] = [device.next({ sku: 'TEA', qty: 5 }), device.next({ sku: 'TEA', kind: 'transfer_out', qty: 2 }), { ...device.next({ sku: 'MYSTERY' }), hash: 'f'.repeat(64) }];
      const push = await call(url, 'POST', '/v1/push', { token: enrolled.body.token, body: { deviceId: 'till-1', movements: rows, transfers: [transfer], pending: 12 } });
      expect(push.body).toMatchObject({ ackedSeq: 3, accepted: 2 });

      const stock = hq('stock', 'TEA', '--json');
      expect(stock.status).toBe(0);
      expect(stock.json).toMatchObject({ sku: 'TEA', item: { name: 'Green tea', unit: 'box' } });
      expect(stock.json.branches).toEqual([
        { branch: 'NORTH', name: 'North Street', onHand: 3, reserved: 0, available: 3, inTransit: 0, inTransitOut: 2 },
        { branch: 'SOUTH', name: 'South Road', onHand: 0, reserved: 0, available: 0, inTransit: 2, inTransitOut: 0 },
      ]);
      expect(hq('stock', 'TEA').stdout).toMatch(/NORTH\s+North Street\s+3\s+0\s+3\s+0\s+2/);
      expect(hq('transfers', '--json').json).toEqual([expect.objectContaining({ id: 'T-9', status: 'in_transit' })]);
      expect(hq('transfers', '--by-item', '--json').json).toEqual([{ sku: 'TEA', fromBranch: 'NORTH', toBranch: 'SOUTH', qty: 2, transfers: 1 }]);
      const q = hq('quarantine', '--json');
      expect(q.json).toEqual([expect.objectContaining({ deviceId: 'till-1', deviceSeq: 3, reason: expect.stringMatching(/hash does not match/) })]);
      expect(hq('quarantine').stdout).toMatch(/till-1\s+3/);
      expect(hq('sync-state', '--json').json).toEqual([expect.objectContaining({ deviceId: 'till-1', branch: 'NORTH', lastSeq: 3, backlog: 12, movements: 2, quarantined: 1 })]);
      expect(hq('status', 'NORTH', '--json').json).toMatchObject({ movements: 2, quarantined: 1, transfers: { inTransitOut: 1 } });
      expect(hq('items', 'list', '--review', '--json').json).toEqual([]); // MYSTERY's row was quarantined, so HQ did not learn it
      expect(hq('verify').stdout).toMatch(/^ok: 2 rows of 1 devices/);
      expect(hq('conflicts', '--json').json).toEqual([]);
      expect(hq('conflicts', '--branch', 'NORTH').stdout).toMatch(/no offline conflicts/);

      const revoke = hq('devices', 'revoke', 'till-1');
      expect(revoke.status).toBe(0);
      expect(hq('devices', 'list', '--json').json[0].revokedAt).not.toBeNull();
      const refused = await call(url, 'GET', '/v1/sync/state', { token: enrolled.body.token });
      expect(refused.status).toBe(401);

      proc.kill('SIGTERM');
      const exit = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
      expect(exit).toBe(0);
    } finally {
      await cleanup();
    }
  });

  it('refuses mistakes with exit code 2 and a JSON error, or 1 and the usage', async () => {
    const { hq, cleanup } = await setup();
    try {
      expect(hq('branch', 'add', 'NORTH', '--name', 'North').status).toBe(0);
      const twice = hq('branch', 'add', 'NORTH', '--name', 'Again');
      expect(twice.status).toBe(2);
      expect(twice.json.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already exists/) });
      const unknown = hq('enroll', 'NOWHERE');
      expect(unknown.status).toBe(2);
      expect(unknown.json.error.message).toMatch(/branch add NOWHERE/);
      expect(hq('devices', 'revoke', 'ghost').json.error.code).toBe('NOT_FOUND');
      const epoch = hq('epoch').stdout.trim();
      const renewed = hq('epoch', '--renew', '--json').json.epoch;
      expect(renewed).not.toBe(epoch);
      expect(hq('epoch').stdout.trim()).toBe(renewed);
      const usage = hq('frobnicate');
      expect(usage.status).toBe(1);
      expect(usage.stderr).toMatch(/Unknown command "frobnicate"/);
      expect(hq('branch', 'add', 'SOUTH').stderr).toMatch(/Missing --name NAME/);
    } finally {
      await cleanup();
    }
  });
});

describe('stock-ledger-hq backup and restore (SQLite)', () => {
  it('backs up the store without overwriting, and restores it with a new epoch so PCs re-send what HQ lost', async () => {
    const data = tempDir();
    const hq = (...args: string[]) => spawnSync(process.execPath, [hqBin(), '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(hq('branch', 'add', 'NORTH', '--name', 'North').status).toBe(0);
    const before = hq('epoch').stdout.trim();
    const backup = join(tempDir(), 'hq-backup.sqlite');
    expect(hq('backup', backup).stdout).toMatch(/backed up HQ/);
    expect(hq('backup', backup).status).toBe(2); // never overwrites a backup
    expect(hq('branch', 'add', 'SOUTH', '--name', 'South').status).toBe(0);
    const restored = hq('restore', backup, '--json');
    expect(restored.status).toBe(0);
    const epoch = JSON.parse(restored.stdout).epoch;
    expect(epoch).not.toBe(before);
    expect(hq('epoch').stdout.trim()).toBe(epoch);
    expect(JSON.parse(hq('branch', 'list', '--json').stdout).map((b: { code: string }) => b.code)).toEqual(['NORTH']);
    expect(hq('restore', join(data, 'nothing.sqlite')).status).toBe(2);
  });
});
