import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from '../../electron/support/zip';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';

const TOKEN = 'tok-SECRET-8c1f2e9d';
const unzip = (file: string, flag: string, ...names: string[]) => execFileSync('unzip', [flag, file, ...names], { encoding: 'utf8' });

async function shop() {
  const logFolder = join(tempDir(), 'logs');
  mkdirSync(logFolder, { recursive: true });
  writeFileSync(join(logFolder, 'ledger.log'), '{"level":"info","message":"ledger opened"}\n');
  writeFileSync(join(logFolder, 'main.1.log'), '{"level":"error","message":"renderer gone"}\n');
  const host = tempHost({ environment: { appVersion: '1.2.3', logFolder } });
  await host.run('settings.set', { branchCode: 'MAIN' });
  await seedItems(host, ['A']);
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 4, unitCost: 100 }], actor: 'ann' });
  // Enrolled with HQ: the address belongs in the bundle, the device token never does.
  host.ledger.db.prepare(`INSERT INTO meta (key, value) VALUES ('sync_server_url', 'https://hq.example:8443'), ('sync_token', ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(TOKEN);
  return { host, logFolder };
}

describe('support.about', () => {
  it('answers what support asks on the phone', async () => {
    const { host, logFolder } = await shop();
    const about = await host.run('support.about', {});
    expect(about).toMatchObject({ appVersion: '1.2.3', dataFolder: dirname(host.file), ledgerFile: host.file, deviceId: host.ledger.deviceId,
      branchCode: 'MAIN', hqAddress: 'https://hq.example:8443', lastSyncAt: null, logFolder });
    expect(about.fileBytes).toBeGreaterThanOrEqual(statSync(host.file).size);
  });
});

describe('support.bundle', () => {
  it('writes a zip with the logs, the check and verify reports and the settings, and never the device token', async () => {
    const { host } = await shop();
    const result = await host.run('support.bundle', {});
    expect(dirname(result.file)).toBe(join(dirname(host.file), 'support'));
    expect(statSync(result.file).size).toBe(result.bytes);
    expect(result).toMatchObject({ checkOk: true, verifyOk: true });
    const listed = unzip(result.file, '-Z1').trim().split('\n').sort();
    expect(listed).toEqual(['about.json', 'ledger-check.json', 'ledger-verify.json', 'logs/ledger.log', 'logs/main.1.log', 'settings.json']);
    expect(unzip(result.file, '-t')).toMatch(/No errors detected/);
    const read = (name: string) => unzip(result.file, '-p', name);
    expect(JSON.parse(read('ledger-verify.json'))).toMatchObject({ ok: true, movements: 1 });
    expect(JSON.parse(read('ledger-check.json'))).toEqual(await host.run('ledger.check', {}));
    expect(JSON.parse(read('about.json'))).toMatchObject({ appVersion: '1.2.3', deviceId: host.ledger.deviceId });
    expect(JSON.parse(read('settings.json'))).toMatchObject({ settings: { branchCode: 'MAIN' }, sync: { serverUrl: 'https://hq.example:8443' } });
    expect(read('logs/main.1.log')).toContain('renderer gone');
    for (const name of listed) expect(read(name), name).not.toContain(TOKEN);
  });

  it('refuses a payload naming somewhere else to write, and writes nothing', async () => {
    const { host } = await shop();
    expect(await host.call('support.bundle', { to: '/tmp/elsewhere.zip' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(existsSync(join(dirname(host.file), 'support'))).toBe(false);
    expect(readdirSync(dirname(host.file)).filter((f) => f.endsWith('.zip'))).toEqual([]);
  });
});

describe('the zip writer', () => {
  it('writes archives a standard unzip reads back byte for byte', () => {
    const file = join(tempDir(), 't.zip');
    const big = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    writeFileSync(file, zip([{ name: 'a.txt', data: 'héllo\n' }, { name: 'dir/big.bin', data: big }, { name: 'empty', data: '' }]));
    expect(unzip(file, '-t')).toMatch(/No errors detected in compressed data/);
    expect(unzip(file, '-p', 'a.txt')).toBe('héllo\n');
    expect(execFileSync('unzip', ['-p', file, 'dir/big.bin']).equals(big)).toBe(true);
  });
});
