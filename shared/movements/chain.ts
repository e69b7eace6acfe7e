import { createHash } from 'node:crypto';
import type { Movement } from './row';

/** The first row of every device chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

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

export function hashMovement(m: Omit<Movement, 'hash'>): string {
  return createHash('sha256').update(canonicalMovement(m)).digest('hex');
}
