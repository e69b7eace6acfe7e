import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { keychainSecretsKey, wrappingKeyPath, wrappingSealer } from '../../electron/safety/keychain';
import { safeStorageSealer } from '../../electron/safety/safeStorageSealer';
import { FileSecretStore } from '../../electron/safety/secretStore';
import { bundleScript } from '../helpers/bundleScript';
import { tempDir } from '../helpers/tempLedger';
import { branchPc, TestHq } from '../sync/hqHarness';

/** Stands in for Electron's safeStorage (same interface): an OS-keychain secret this process holds. */
function fakeSafeStorage(available = true): SafeStorage {
  const secret = 0x5a;
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ secret));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.concat([Buffer.from('KEYCHAIN:'), flip(Buffer.from(plain, 'utf8'))]),
    decryptString: (wrapped: Buffer) => {
      if (!wrapped.subarray(0, 9).equals(Buffer.from('KEYCHAIN:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return flip(wrapped.subarray(9)).toString('utf8');
    },
  } as unknown as SafeStorage;
}

const quietLog = () => { const warnings: string[] = []; return { warnings, warn: (m: string) => void warnings.push(m) }; };
const secrets = { deviceId: 'dev-1', sealKey: Buffer.alloc(32, 7).toString('base64'), sealFrom: 4, token: 'tok_live_secret_123' };

describe('device secrets under the OS keychain (Electron safeStorage, here a stand-in)', () => {
  it('main keeps a wrapping key sealed by the keychain (0600, never in clear) and gets the same one back', () => {
    const ledger = join(tempDir(), 'branch.sqlite');
    const log = quietLog();
    const key = keychainSecretsKey(ledger, safeStorageSealer(fakeSafeStorage()), log)!;
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    const onDisk = readFileSync(wrappingKeyPath(ledger));
    expect(onDisk.includes(Buffer.from(key))).toBe(false);
    expect(statSync(wrappingKeyPath(ledger)).mode & 0o777).toBe(0o600);
    expect(keychainSecretsKey(ledger, safeStorageSealer(fakeSafeStorage()), log)).toBe(key);
    expect(log.warnings).toEqual([]);
  });

  it('without a keychain (or one that cannot unwrap) main passes no key: the worker uses the 0600 file, and says so in the log', () => {
    const ledger = join(tempDir(), 'branch.sqlite');
    const log = quietLog();
    expect(safeStorageSealer(fakeSafeStorage(false))).toBeNull();
    expect(keychainSecretsKey(ledger, safeStorageSealer(fakeSafeStorage(false)), log)).toBeUndefined();
    writeFileSync(wrappingKeyPath(ledger), 'not sealed by this keychain');
    expect(keychainSecretsKey(ledger, safeStorageSealer(fakeSafeStorage()), log)).toBeUndefined();
    expect(log.warnings).toHaveLength(2);
  });

  it('the secrets file is sealed with the wrapping key: no token or key in clear; a plain file is sealed on first read; other keys and the plain reader are refused clearly', () => {
    const where = join(tempDir(), 'branch.sqlite.secrets');
    const key = Buffer.alloc(32, 1).toString('base64');
    writeFileSync(where, JSON.stringify(secrets), { mode: 0o600 }); // from before the keychain
    const sealed = new FileSecretStore(where, wrappingSealer(key));
    expect(sealed.read()).toEqual(secrets);
    const bytes = readFileSync(where);
    expect(bytes.subarray(0, 4).toString()).toBe('SLK1');
    expect(bytes.includes(Buffer.from(secrets.token))).toBe(false);
    expect(bytes.includes(Buffer.from(secrets.sealKey))).toBe(false);
    expect(statSync(where).mode & 0o777).toBe(0o600);
    expect(sealed.read()).toEqual(secrets);
    expect(() => new FileSecretStore(where, wrappingSealer(Buffer.alloc(32, 2).toString('base64'))).read()).toThrow(/cannot be opened with this PC's keychain/);
    expect(() => new FileSecretStore(where).read()).toThrow(/sealed by the desktop app's OS keychain/);
  });

  it('the ledger worker given the key seals an enrolled PC\'s secrets, keeps sealing rows (verify ok) and syncing with the token', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    const file = pc.host.file;
    const { token } = JSON.parse(readFileSync(`${file}.secrets`, 'utf8')) as { token: string };
    pc.host.close();
    const key = keychainSecretsKey(file, safeStorageSealer(fakeSafeStorage()), quietLog())!;
    const host = new WorkerHost(bundleScript('electron/worker/ledgerWorker.ts'), file, { workerData: { secretsKey: key } });
    try {
      await host.ready;
      expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 2 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await host.call('ledger.verify', {})).toMatchObject({ ok: true, result: { ok: true, movements: 2 } });
      expect(await host.call('sync.now', {})).toMatchObject({ ok: true });
      expect(await host.call('sync.status', {})).toMatchObject({ ok: true, result: { pending: 0 } });
      const bytes = readFileSync(`${file}.secrets`);
      expect(bytes.subarray(0, 4).toString()).toBe('SLK1');
      expect(bytes.includes(Buffer.from(token))).toBe(false);
    } finally {
      await host.close();
    }
    expect((await hq.store.verifyChains()).ok).toBe(true);
  }, 60_000);
});
