import { createHmac, hash as oneShot } from 'node:crypto';
import type { Movement } from './row';

/** The first row of every device chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** Marks a link keyed with the device's secret (HMAC-SHA-256), as opposed to a plain SHA-256 link. */
export const SEAL_PREFIX = 'k1:';

/**
 * The hashed content of a row, in a fixed field order, so the branch and HQ compute the same hash.
 * Pure computation; used by the ledger, by `verify`, and by HQ when it checks a pushed chain.
 */
export function canonicalMovement(m: Omit<Movement, 'hash'>): string {
  return JSON.stringify([
    m.id, m.deviceId, m.deviceSeq, m.branch, m.sku, m.kind, m.qty, m.onHandDelta, m.reservedDelta,
    m.unitCost, m.docType, m.docId, m.docLine, m.reverses, m.note, m.actor, m.occurredAt,
    m.recordedAt, m.prevHash,
  ]);
}

/** The plain SHA-256 link: rows recorded before the device was enrolled (no secret yet). */
export function hashMovement(m: Omit<Movement, 'hash'>): string {
  // The one-shot digest: no Hash object per row (a third of the cost of sealing a row on a bulk import).
  return oneShot('sha256', canonicalMovement(m), 'hex');
}

/**
 * A row's link: keyed with the device's secret once it has one (HMAC, so someone who edits a row with
 * the sqlite3 shell cannot compute a matching link), plain SHA-256 before. The key is a parameter, so a
 * fresh device chain (divergence recovery) seals with its own key.
 */
export function sealMovement(m: Omit<Movement, 'hash'>, key: Uint8Array | null): string {
  if (!key) return hashMovement(m);
  return SEAL_PREFIX + createHmac('sha256', key).update(canonicalMovement(m)).digest('hex');
}

export interface DeviceSeal {
  key: Uint8Array;
  /** The device sequence from which every row must be sealed (the first row after enrolment). */
  from: number;
}

/**
 * Checks a row's stored link against its content. With the device's seal known, rows from `seal.from`
 * on must carry the keyed link (a plain hash there is a forgery); rows before must carry the plain one.
 * Without it (another device's rows on a branch PC), a keyed link cannot be checked: 'unverifiable'.
 */
export function checkLink(m: Omit<Movement, 'hash'>, stored: string, seal: DeviceSeal | null): 'ok' | 'bad' | 'unverifiable' {
  return checkLinkOf(canonicalMovement(m), m.deviceSeq, stored, seal);
}

/**
 * checkLink from a row's canonical text (canonicalMovement's output, however it was built): verify
 * builds the text straight from the raw row and hashes it with the one-shot digest.
 */
export function checkLinkOf(canonical: string, deviceSeq: number, stored: string, seal: DeviceSeal | null): 'ok' | 'bad' | 'unverifiable' {
  if (seal && deviceSeq >= seal.from) return stored === SEAL_PREFIX + createHmac('sha256', seal.key).update(canonical).digest('hex') ? 'ok' : 'bad';
  if (stored.startsWith(SEAL_PREFIX)) return seal ? 'bad' : 'unverifiable';
  return stored === oneShot('sha256', canonical, 'hex') ? 'ok' : 'bad';
}

/** A keyed stamp of a device's head (sequence and link), so removing the newest rows is noticed too. */
export function sealHead(key: Uint8Array, deviceId: string, deviceSeq: number, hash: string): string {
  return createHmac('sha256', key).update(JSON.stringify(['head', deviceId, deviceSeq, hash])).digest('hex');
}
