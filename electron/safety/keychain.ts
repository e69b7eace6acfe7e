import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Sealer } from './secretStore';

/**
 * The desktop's secrets under the OS keychain, usable from the ledger worker. Electron's safeStorage
 * only works on the main thread, while the worker must read and write the device key and token
 * synchronously (inside the enrolment's transaction). So main keeps a random wrapping key sealed by
 * safeStorage in `<ledger>.secrets.key` and hands it to the worker in memory; the worker seals
 * `<ledger>.secrets` with it (AES-256-GCM). Without the keychain both files are useless; with
 * safeStorage unavailable (some Linux sessions) there is no wrapping key and the 0600 file is used alone.
 */
export const wrappingKeyPath = (ledgerFile: string) => `${ledgerFile}.secrets.key`;

/** Main process: the wrapping key (base64), created on first use; null when there is no keychain. */
export function loadWrappingKey(ledgerFile: string, keychain: Sealer | null): string | null {
  if (!keychain) return null;
  const path = wrappingKeyPath(ledgerFile);
  if (existsSync(path)) return keychain.decrypt(readFileSync(path));
  const key = randomBytes(32).toString('base64');
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, keychain.encrypt(key), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return key;
}

const MAGIC = Buffer.from('SLK1');

/** Worker: a Sealer over AES-256-GCM with the wrapping key (file = magic, 12-byte nonce, 16-byte tag, ciphertext). */
export function wrappingSealer(keyBase64: string): Sealer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('The keychain wrapping key is damaged (not 32 bytes). Restore the .secrets.key file or connect the PC to HQ again.');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
    },
    decrypt(wrapped) {
      if (!wrapped.subarray(0, 4).equals(MAGIC)) throw new Error('The device secrets file is not sealed by this PC\'s keychain.');
      const d = createDecipheriv('aes-256-gcm', key, wrapped.subarray(4, 16));
      d.setAuthTag(wrapped.subarray(16, 32));
      try {
        return Buffer.concat([d.update(wrapped.subarray(32)), d.final()]).toString('utf8');
      } catch {
        throw new Error('The device secrets file cannot be opened with this PC\'s keychain (another PC or user sealed it). Connect the PC to HQ again.');
      }
    },
  };
}

/**
 * What main passes to the worker: the wrapping key, or undefined (plain 0600 file) when there is no
 * keychain or it fails (a keychain that will not open must not stop the till from selling; sealing then
 * reports the missing key itself if the file was sealed before).
 */
export function keychainSecretsKey(ledgerFile: string, keychain: Sealer | null, log: { warn(message: string, fields?: Record<string, unknown>): void }): string | undefined {
  if (!keychain) { log.warn('no OS keychain (safeStorage unavailable): the device secrets stay in a file readable by this user only'); return undefined; }
  try {
    return loadWrappingKey(ledgerFile, keychain) ?? undefined;
  } catch (err) {
    log.warn('the OS keychain could not unwrap the device secrets key', { message: (err as Error).message });
    return undefined;
  }
}
