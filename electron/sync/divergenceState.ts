import type { Database } from 'better-sqlite3';
import { prepared } from '../ledger/prepared';

/**
 * What this PC knows about its own chain having split from HQ's (DESIGN.md "Divergence"), in meta so
 * every process on the file sees it. Not history: bookkeeping about what HQ holds.
 */
export const DIVERGENCE_KEYS = {
  /** JSON Divergence while this PC must not push (cleared by sync.recover). */
  diverged: 'sync_diverged',
  /** JSON string[]: device ids whose rows in this file are not the ones HQ holds (retired by a recovery), and local-only chains. */
  localOnly: 'sync_local_only_devices',
  /** JSON string[]: device ids this ledger recorded under before (oldest first). */
  retired: 'sync_retired_devices',
  /** The device id a recovery in progress forks to (kept so a retry uses the same one). */
  forkTo: 'sync_recover_fork_to',
  /** The new device's token, chosen here and kept until the fork is answered (a retry sends the same). */
  forkToken: 'sync_recover_fork_token',
} as const;
type Key = (typeof DIVERGENCE_KEYS)[keyof typeof DIVERGENCE_KEYS];

export interface Divergence {
  detectedAt: string;
  /** Plain sentence for the manager. */
  message: string;
  hqSeq: number;
  localHead: number;
  /** The first sequence where the two chains differ (or the first row the PC lacks). */
  firstDifferentSeq: number | null;
}

const sql = (db: Database) => ({
  get: db.prepare(`SELECT value FROM meta WHERE key = ?`),
  set: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  del: db.prepare(`DELETE FROM meta WHERE key = ?`),
});

function getJson<T>(db: Database, key: Key): T | null {
  const v = (prepared(db, sql).get.get(key) as { value: string } | undefined)?.value;
  return v === undefined ? null : (JSON.parse(v) as T);
}

export function setDivergenceMeta(db: Database, key: Key, value: unknown): void {
  if (value === null) prepared(db, sql).del.run(key);
  else prepared(db, sql).set.run(key, JSON.stringify(value));
}

export function getDivergenceMeta<T>(db: Database, key: Key): T | null {
  return getJson<T>(db, key);
}

export function divergence(db: Database): Divergence | null {
  return getJson<Divergence>(db, DIVERGENCE_KEYS.diverged);
}

export function localOnlyDevices(db: Database): Set<string> {
  return new Set(getJson<string[]>(db, DIVERGENCE_KEYS.localOnly) ?? []);
}
