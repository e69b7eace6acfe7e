import type { Database } from 'better-sqlite3';
import { isoOf } from '../../shared/domain/time';
import type { SyncErrorEntry } from '../../shared/contract/sync';
import { prepared } from '../ledger/prepared';
import type { Ledger } from '../ledger/open';
import { readSecrets, secretStoreOf } from '../safety/deviceSeal';
import { deviceCodeSql } from '../ledger/leanRows';

/**
 * The sync client's persistent state, in `meta` so that every process on the file (the app's worker,
 * the CLI) sees the same configuration, cursors and last outcome.
 */
export const KEYS = {
  serverUrl: 'sync_server_url',
  token: 'sync_token',
  branch: 'sync_branch',
  epoch: 'sync_epoch',
  ackedSeq: 'sync_acked_seq',
  pullCursor: 'sync_pull_cursor',
  lastSuccessAt: 'sync_last_success_at',
  lastAttemptAt: 'sync_last_attempt_at',
  lastError: 'sync_last_error',
  online: 'sync_online',
  skewMs: 'sync_clock_skew_ms',
  /** This PC's secret device key (minted at its first enrolment): HQ binds the device id to it. */
  deviceKey: 'sync_device_key',
  /** HQ's other branches as last fetched (JSON {at, branches}): the transfer form's list, offline too. */
  hqBranches: 'sync_hq_branches',
} as const;
type Key = (typeof KEYS)[keyof typeof KEYS];

const sql = (db: Database) => ({
  get: db.prepare(`SELECT value FROM meta WHERE key = ?`),
  set: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  del: db.prepare(`DELETE FROM meta WHERE key = ?`),
  head: db.prepare(`SELECT coalesce(max(device_seq), 0) AS seq FROM movement_rows WHERE device = ${deviceCodeSql}`),
  addError: db.prepare(`INSERT INTO sync_errors (at, code, message) VALUES (?, ?, ?)`),
  trimErrors: db.prepare(`DELETE FROM sync_errors WHERE id <= (SELECT max(id) FROM sync_errors) - 50`),
  recentErrors: db.prepare(`SELECT at, code, message FROM sync_errors ORDER BY id DESC LIMIT ?`),
  quarantine: db.prepare(`INSERT INTO sync_quarantine (device_seq, id, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT(device_seq) DO UPDATE SET reason = excluded.reason, at = excluded.at`),
  quarantined: db.prepare(`SELECT device_seq, id, reason, at FROM sync_quarantine ORDER BY device_seq`),
  negative: db.prepare(`SELECT sku, on_hand AS onHand FROM balances WHERE on_hand < 0 ORDER BY sku LIMIT 100`),
});

export function getMeta(db: Database, key: Key): string | null {
  return (prepared(db, sql).get.get(key) as { value: string } | undefined)?.value ?? null;
}

export function setMeta(db: Database, key: Key, value: string | number | boolean | null): void {
  if (value === null) prepared(db, sql).del.run(key);
  else prepared(db, sql).set.run(key, String(value));
}

export function getNumber(db: Database, key: Key): number {
  const v = getMeta(db, key);
  return v === null ? 0 : Number(v);
}

export interface SyncConfig {
  serverUrl: string;
  token: string;
  branch: string | null;
}

/**
 * The connection to HQ. The token lives in the device's secret store, not in the ledger file; a file
 * from before that keeps it in meta until this moves it out (first read).
 */
export function readConfig(ledger: Ledger): SyncConfig | null {
  const { db } = ledger;
  const serverUrl = getMeta(db, KEYS.serverUrl);
  if (!serverUrl) return null;
  const inFile = getMeta(db, KEYS.token);
  if (inFile !== null) {
    const store = secretStoreOf(ledger);
    if (store) {
      const s = readSecrets(ledger);
      store.write({ deviceId: ledger.deviceId, sealKey: s?.sealKey ?? null, sealFrom: s?.sealFrom ?? 0, token: inFile });
      setMeta(db, KEYS.token, null);
    }
    return { serverUrl, token: inFile, branch: getMeta(db, KEYS.branch) };
  }
  const token = readSecrets(ledger)?.token ?? null;
  return token ? { serverUrl, token, branch: getMeta(db, KEYS.branch) } : null;
}

/** This device's last sequence number: what the outbox drains towards. */
export function headSeq(db: Database, deviceId: string): number {
  return (prepared(db, sql).head.get(deviceId) as { seq: number }).seq;
}

export function recordError(db: Database, at: number, code: string, message: string): void {
  const s = prepared(db, sql);
  s.addError.run(at, code, message);
  s.trimErrors.run();
}

export function recentErrors(db: Database, limit = 10): SyncErrorEntry[] {
  return (prepared(db, sql).recentErrors.all(limit) as Array<{ at: number; code: string; message: string }>)
    .map((e) => ({ at: isoOf(e.at), code: e.code, message: e.message }));
}

export function recordQuarantined(db: Database, rows: Array<{ deviceSeq: number; id: string | null; reason: string }>, at: number): void {
  for (const r of rows) prepared(db, sql).quarantine.run(r.deviceSeq, r.id, r.reason, at);
}

export function quarantinedRows(db: Database): Array<{ deviceSeq: number; id: string | null; reason: string; at: string }> {
  return (prepared(db, sql).quarantined.all() as Array<{ device_seq: number; id: string | null; reason: string; at: number }>)
    .map((r) => ({ deviceSeq: r.device_seq, id: r.id, reason: r.reason, at: isoOf(r.at) }));
}

export function negativeStock(db: Database): Array<{ sku: string; onHand: number }> {
  return prepared(db, sql).negative.all() as Array<{ sku: string; onHand: number }>;
}
