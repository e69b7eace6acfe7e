import type { Movement } from '../../shared/movements/row';
import type { Pc } from './hqHarness';

/**
 * What a PC holds, in HQ's terms, after any recovery (electron/sync/recover.ts): its rows, minus the
 * originals a recovery set aside (their re-sent copies count), plus the HQ rows it restored as
 * local copies (named by id in their note). Rows of the local-only `restored:` chain are not HQ's.
 */
export function heldAsHq(pc: Pc): Map<string, string | null> {
  const rows = pc.host.ledger.db.prepare(`SELECT id, device_id, kind, reverses, note, hash FROM movements`).all() as Array<Pick<Movement, 'id' | 'kind' | 'reverses' | 'note' | 'hash'> & { device_id: string }>;
  const setAside = new Set<string>();
  const held = new Map<string, string | null>();
  for (const r of rows) {
    if (!r.device_id.startsWith('restored:')) continue;
    if (r.note?.startsWith('Recovery:')) setAside.add(r.reverses!);
    else held.set(/restored from HQ after recovery: row \d+ of device \S+, id ([0-9a-f-]{36})/.exec(r.note ?? '')![1]!, null);
  }
  for (const r of rows) if (!r.device_id.startsWith('restored:') && !setAside.has(r.id)) held.set(r.id, r.hash);
  return held;
}

/** Equal to HQ's rows of the branch: same ids, and the same hash wherever the PC holds the row itself. */
export function sameAsHq(held: Map<string, string | null>, hqRows: Array<Pick<Movement, 'id' | 'hash'>>): boolean {
  if (held.size !== hqRows.length) return false;
  return hqRows.every((m) => held.has(m.id) && (held.get(m.id) === null || held.get(m.id) === m.hash));
}
