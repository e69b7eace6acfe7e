import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * What a device keeps out of the ledger file: the sealing key HQ issued at enrolment (HQ keeps a copy
 * to verify), the sequence sealing starts at, and the sync token. A ledger file sent to support, or
 * read with the sqlite3 shell, carries neither.
 */
export interface DeviceSecrets {
  deviceId: string;
  /** Base64 of the HMAC key; null for a file connected to an HQ from before sealing. */
  sealKey: string | null;
  sealFrom: number;
  token: string | null;
}

/** Where secrets live: a file readable by its owner only, or the OS keychain on the desktop. */
export interface SecretStore {
  read(): DeviceSecrets | null;
  write(secrets: DeviceSecrets): void;
  /** Where it is, for messages (never the content). */
  readonly where: string;
}

/** Wraps and unwraps bytes with a platform secret (Electron safeStorage); the file holds only the wrapped form. */
export interface Sealer {
  encrypt(plain: string): Buffer;
  decrypt(wrapped: Buffer): string;
}

/**
 * Secrets in a file next to the ledger (`<ledger>.secrets`), mode 0600, replaced atomically. With a
 * Sealer (the desktop's safeStorage adapter) the file holds the OS-keychain-encrypted form instead of JSON.
 */
export class FileSecretStore implements SecretStore {
  constructor(readonly where: string, private readonly sealer: Sealer | null = null) {}

  read(): DeviceSecrets | null {
    if (!existsSync(this.where)) return null;
    const raw = readFileSync(this.where);
    if (!this.sealer) {
      if (raw.subarray(0, 4).toString('latin1') === 'SLK1') throw new Error(`The device secrets (${this.where}) are sealed by the desktop app's OS keychain; run this from the desktop app, or connect the PC to HQ again.`);
      return JSON.parse(raw.toString('utf8')) as DeviceSecrets;
    }
    // A plain file from before the keychain was used (or when it was unavailable) is sealed on first read.
    if (raw[0] === 0x7b /* { */) {
      const plain = JSON.parse(raw.toString('utf8')) as DeviceSecrets;
      this.write(plain);
      return plain;
    }
    return JSON.parse(this.sealer.decrypt(raw)) as DeviceSecrets;
  }

  write(secrets: DeviceSecrets): void {
    const text = JSON.stringify(secrets);
    const tmp = `${this.where}.tmp-${process.pid}`;
    writeFileSync(tmp, this.sealer ? this.sealer.encrypt(text) : text, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.where);
  }
}

export function secretsPathFor(ledgerFile: string): string {
  return `${ledgerFile}.secrets`;
}
