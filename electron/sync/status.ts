import type { Database } from 'better-sqlite3';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';

const sql = (db: Database) => ({
  head: db.prepare(`SELECT coalesce(max(device_seq), 0) AS seq FROM movements WHERE device_id = ?`),
  meta: db.prepare(`SELECT value FROM meta WHERE key = ?`),
});

/**
 * What the status bar shows about replication. Until the device is enrolled with HQ every row this
 * device recorded is pending; the sync client keeps `sync_acked_seq` as HQ acknowledges rows.
 */
export function syncStatus(ledger: Ledger): { configured: boolean; online: boolean | null; pending: number; lastSuccessAt: string | null; lastError: string | null } {
  const s = prepared(ledger.db, sql);
  const head = (s.head.get(ledger.deviceId) as { seq: number }).seq;
  const acked = Number((s.meta.get('sync_acked_seq') as { value: string } | undefined)?.value ?? 0);
  const configured = Boolean(s.meta.get('sync_server_url'));
  return { configured, online: null, pending: head - acked, lastSuccessAt: null, lastError: null };
}
