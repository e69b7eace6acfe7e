import type { Database } from 'better-sqlite3';
import { isoOf } from '../../../shared/domain/time';
import type { QuarantineNotice } from '../../../shared/sync/protocol';
import { prepared } from '../../ledger/prepared';

/**
 * The PC's review list: what a pull delivered that this ledger could not store, with the reason. A
 * parked entry never stops the pull (the cursor moves past it) and is never dropped silently: it is
 * listed on the Sync screen and reported to HQ. Re-delivered later (fixed at HQ), an entry that then
 * applies is marked resolved.
 */
export type ParkedKind = 'item' | 'movement' | 'transfer' | 'receipt' | 'notice';

export interface ParkedEntry { id: number; kind: ParkedKind; key: string; reason: string; payload: string; at: string; reportedAt: string | null; appliedAt: string | null }
type ParkedRow = { id: number; kind: ParkedKind; key: string; reason: string; payload: string; at: number; reported_at: number | null; applied_at: number | null };

const sql = (db: Database) => ({
  park: db.prepare(`INSERT INTO sync_parked (kind, key, reason, payload, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (kind, key) DO UPDATE SET reason = excluded.reason, payload = excluded.payload, at = excluded.at, reported_at = NULL, applied_at = NULL`),
  anyOpen: db.prepare(`SELECT 1 FROM sync_parked WHERE kind = ? AND applied_at IS NULL LIMIT 1`),
  resolve: db.prepare(`UPDATE sync_parked SET applied_at = ?, reported_at = NULL WHERE kind = ? AND key = ? AND applied_at IS NULL`),
  list: db.prepare(`SELECT id, kind, key, reason, payload, at, reported_at, applied_at FROM sync_parked ORDER BY (applied_at IS NULL) DESC, id DESC LIMIT ?`),
  count: db.prepare(`SELECT count(*) AS n FROM sync_parked WHERE applied_at IS NULL`),
  unreported: db.prepare(`SELECT id, kind, key, reason, at, applied_at FROM sync_parked WHERE reported_at IS NULL ORDER BY id LIMIT 500`),
  reported: db.prepare(`UPDATE sync_parked SET reported_at = ? WHERE id = ? AND reported_at IS NULL`),
  gap: db.prepare(`INSERT INTO sync_hq_gaps (device_id, device_seq, hash, reason, status, note) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (device_id, device_seq) DO UPDATE SET hash = excluded.hash, reason = excluded.reason, status = excluded.status, note = excluded.note`),
  ownDecision: db.prepare(`UPDATE sync_quarantine SET status = ?, decision_note = ? WHERE device_seq = ?`),
});

/** Text a ledger column can hold and a screen can show: control characters and lone surrogates escaped. */
function printable(s: string, max: number): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function park(db: Database, kind: ParkedKind, key: string, reason: string, payload: unknown, now: number): void {
  // JSON.stringify escapes control characters and lone surrogates, so the payload is always storable text.
  prepared(db, sql).park.run(kind, printable(key, 120), printable(reason, 1900), (JSON.stringify(payload) ?? 'null').slice(0, 20_000), now);
}

/** Is any entry of this kind still parked? (Applying skips the unpark bookkeeping when none is.) */
export function anyParked(db: Database, kind: ParkedKind): boolean {
  return prepared(db, sql).anyOpen.get(kind) !== undefined;
}

/** An entry parked before that now applied (HQ corrected it): kept in the list, marked applied. */
export function unparked(db: Database, kind: ParkedKind, key: string, now: number): void {
  prepared(db, sql).resolve.run(now, kind, printable(key, 120));
}

const iso = (ms: number | null) => (ms === null ? null : isoOf(ms));

/** The review list, entries still parked first; `open` counts those. */
export function parkedEntries(db: Database, limit = 200): { open: number; rows: ParkedEntry[] } {
  const rows = prepared(db, sql).list.all(limit) as ParkedRow[];
  return {
    open: (prepared(db, sql).count.get() as { n: number }).n,
    rows: rows.map((r) => ({ id: r.id, kind: r.kind, key: r.key, reason: r.reason, payload: r.payload, at: isoOf(r.at), reportedAt: iso(r.reported_at), appliedAt: iso(r.applied_at) })),
  };
}

export function unreportedParked(db: Database): Array<{ id: number; kind: ParkedKind; key: string; reason: string; at: string; applied: boolean }> {
  return (prepared(db, sql).unreported.all() as ParkedRow[]).map((r) => ({ id: r.id, kind: r.kind, key: r.key, reason: r.reason, at: isoOf(r.at), applied: r.applied_at !== null }));
}

export function markReported(db: Database, ids: number[], now: number): void {
  for (const id of ids) prepared(db, sql).reported.run(now, id);
}

/** HQ set a row of this branch aside, or decided on one: remember it (gaps for verify, decisions for the screen). */
export function noteQuarantine(db: Database, n: QuarantineNotice, ownDeviceId: string): void {
  if (n.deviceId === ownDeviceId) prepared(db, sql).ownDecision.run(n.status, n.note, n.deviceSeq);
  else prepared(db, sql).gap.run(n.deviceId, n.deviceSeq, n.hash, n.reason, n.status, n.note);
}
