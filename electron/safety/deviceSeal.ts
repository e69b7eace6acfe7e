import type { Database } from 'better-sqlite3';
import { sealHead, type DeviceSeal } from '../../shared/movements/chain';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { FileSecretStore, secretsPathFor, type DeviceSecrets, type SecretStore } from './secretStore';

/**
 * The ledger side of sealing. `meta.seal_from` says (publicly) that this file's device seals from that
 * sequence on; the key itself is only in the secret store. `meta.seal_head` is a keyed stamp of the
 * device's newest row, so verify notices the newest rows being removed, not only edited.
 */
const sql = (db: Database) => ({
  get: db.prepare(`SELECT value FROM meta WHERE key = ?`),
  set: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
});

const stores = new WeakMap<Database, SecretStore | null>();
const seals = new WeakMap<Database, DeviceSeal & { deviceId: string }>();

/** Which secret store a ledger uses (default: `<file>.secrets`; none for an in-memory ledger). */
export function useSecretStore(db: Database, store: SecretStore | null): void {
  stores.set(db, store);
  seals.delete(db);
}

export function secretStoreOf(ledger: Ledger): SecretStore | null {
  if (!stores.has(ledger.db)) stores.set(ledger.db, ledger.file === ':memory:' ? null : new FileSecretStore(secretsPathFor(ledger.file)));
  return stores.get(ledger.db)!;
}

export function readSecrets(ledger: Ledger): DeviceSecrets | null {
  const s = secretStoreOf(ledger)?.read() ?? null;
  return s && s.deviceId === ledger.deviceId ? s : null;
}

/** The seal this device appends with, or null before enrolment. Re-read when another process enrolled the file. */
export function currentSeal(ledger: Ledger): DeviceSeal | null {
  const cached = seals.get(ledger.db);
  if (cached && cached.deviceId === ledger.deviceId) return cached;
  const marker = prepared(ledger.db, sql).get.get('seal_from') as { value: string } | undefined;
  // The marker names the device chain it seals: a fresh chain (divergence recovery) is unsealed until it gets its own key.
  if (!marker || (JSON.parse(marker.value) as { deviceId: string }).deviceId !== ledger.deviceId) return null;
  const secrets = readSecrets(ledger);
  if (!secrets?.sealKey) {
    throw new Error(`This ledger seals its rows, but its device key (${secretStoreOf(ledger)?.where ?? 'no key store'}) is missing. Restore the key file from the backup, or connect the PC to HQ again.`);
  }
  const seal = { key: Buffer.from(secrets.sealKey, 'base64'), from: secrets.sealFrom, deviceId: ledger.deviceId };
  seals.set(ledger.db, seal);
  return seal;
}

/** Stores the key HQ issued and starts sealing at `sealFrom`; inside the enrolment's transaction. */
export function startSealing(ledger: Ledger, secrets: DeviceSecrets): void {
  secretStoreOf(ledger)?.write(secrets);
  if (secrets.sealKey) prepared(ledger.db, sql).set.run('seal_from', JSON.stringify({ deviceId: secrets.deviceId, from: secrets.sealFrom }));
  seals.delete(ledger.db);
}

/** After an append: stamps the device's new head with the key. */
export function stampHead(ledger: Ledger, seal: DeviceSeal, deviceSeq: number, hash: string): void {
  prepared(ledger.db, sql).set.run('seal_head', `${deviceSeq}:${sealHead(seal.key, ledger.deviceId, deviceSeq, hash)}`);
}

/** Whether the stored head stamp matches the device's actual newest row. */
export function headStampMatches(ledger: Ledger, seal: DeviceSeal, head: { deviceSeq: number; hash: string } | null): boolean {
  const stamp = prepared(ledger.db, sql).get.get('seal_head') as { value: string } | undefined;
  if (!stamp) return head === null || head.deviceSeq < seal.from;
  if (!head) return false;
  return stamp.value === `${head.deviceSeq}:${sealHead(seal.key, ledger.deviceId, head.deviceSeq, head.hash)}`;
}
