import type { Database } from 'better-sqlite3';
import { sealHead, type DeviceSeal } from '../../shared/movements/chain';
import { CommandError } from '../../shared/errors';
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

/**
 * Enrolment in flight. The PC asks HQ for a key that seals from `head + 1`; until the key is stored, a
 * row appended at that sequence would carry a plain hash where HQ and verify expect a sealed one. So the
 * boundary is fixed in a transaction with a public marker: in this process commands wait for the
 * enrolment (`enrolmentSettled`); another process (the CLI) is refused with "try again" while the marker
 * is fresh. The marker expires, so a crashed enrolment never stops the till for long.
 */
const PENDING_KEY = 'seal_pending';
const PENDING_MS = 120_000;
const enrolments = new WeakMap<Database, Promise<unknown>>();

/**
 * Inside a write transaction: the sequence sealing will start at, marked as pending. A device that
 * already seals keeps (and proposes) its own start: HQ must never move it under rows sealed already.
 */
export function beginEnrolment(ledger: Ledger, headSeq: number, now: number): number {
  const marker = prepared(ledger.db, sql).get.get('seal_from') as { value: string } | undefined;
  const sealing = marker ? (JSON.parse(marker.value) as { deviceId: string; from: number }) : null;
  if (sealing && sealing.deviceId === ledger.deviceId) return sealing.from;
  const from = headSeq + 1;
  prepared(ledger.db, sql).set.run(PENDING_KEY, JSON.stringify({ deviceId: ledger.deviceId, from, until: now + PENDING_MS }));
  return from;
}

export function endEnrolment(ledger: Ledger): void {
  ledger.db.prepare(`DELETE FROM meta WHERE key = ?`).run(PENDING_KEY);
}

/** Called by the append path when it has no key: refuses while this device's enrolment is in flight. */
export function refuseWhileEnrolling(ledger: Ledger, now = Date.now()): void {
  const row = prepared(ledger.db, sql).get.get(PENDING_KEY) as { value: string } | undefined;
  if (!row) return;
  const p = JSON.parse(row.value) as { deviceId: string; until: number };
  if (p.deviceId !== ledger.deviceId || now > p.until) return;
  throw new CommandError('CONFLICT', 'This PC is being connected to HQ right now; nothing was recorded. Try again in a few seconds.');
}

/** The enrolment running in this process, so commands wait for it instead of racing the key. */
export function trackEnrolment(db: Database, running: Promise<unknown>): void {
  const settled = running.then(() => undefined, () => undefined);
  enrolments.set(db, settled);
  void settled.then(() => { if (enrolments.get(db) === settled) enrolments.delete(db); });
}

export function enrolmentSettled(db: Database): Promise<void> | undefined {
  return enrolments.get(db) as Promise<void> | undefined;
}

/** Whether this device already seals from `from` (a re-enrolment to the same HQ gets its first key back). */
export function sealedAlready(ledger: Ledger, from: number): boolean {
  const marker = prepared(ledger.db, sql).get.get('seal_from') as { value: string } | undefined;
  if (!marker) return false;
  const m = JSON.parse(marker.value) as { deviceId: string; from: number };
  return m.deviceId === ledger.deviceId && m.from === from;
}
