import { HqError } from '../errors';
import { MOVEMENT_SELECT, toMovement } from '../store/common/rows';
import { num, str, type Backend } from '../store/sql';
import type { StoredMovement } from '../store/store';
import { iso } from './db';

/** The console's read-side queries that HQ's store does not already answer. */

const SUM = (col: string) => `CAST(COALESCE(SUM(${col}), 0) AS BIGINT)`;
const NOT_RECEIVED = `NOT EXISTS (SELECT 1 FROM transfer_receipts r WHERE r.transfer_id = t.id)`;

export interface DeviceActivity { deviceId: string; lastPullAt: string | null; lastPushAt: string | null; pushes: number; appVersion: string | null; lastError: string | null; lastErrorAt: string | null }

export async function deviceActivity(db: Backend): Promise<Map<string, DeviceActivity>> {
  const rows = await db.read((c) => c.all(`SELECT * FROM device_activity`));
  return new Map(rows.map((r) => [String(r.device_id), {
    deviceId: String(r.device_id), lastPullAt: str(r.last_pull_at), lastPushAt: str(r.last_push_at), pushes: num(r.pushes),
    appVersion: str(r.app_version), lastError: str(r.last_error), lastErrorAt: str(r.last_error_at),
  }]));
}

export interface BranchStockRow { sku: string; name: string | null; onHand: number; reserved: number; available: number; inTransit: number }

/** A branch's stock from its ledger rows (not the balance cache), with what is on its way to it. */
export async function branchStock(db: Backend, branch: string, search: string, limit = 500): Promise<BranchStockRow[]> {
  const like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.read(async (c) => {
    if (!(await c.all(`SELECT code FROM branches WHERE code = ?`, [branch])).length) throw new HqError(404, 'NOT_FOUND', `There is no branch ${branch} at HQ.`);
    const rows = await c.all(`SELECT s.sku, i.name, s.on_hand, s.reserved, COALESCE(t.qty, 0) AS in_transit FROM
        (SELECT sku, ${SUM('on_hand_delta')} AS on_hand, ${SUM('reserved_delta')} AS reserved FROM movements WHERE branch = ? GROUP BY sku) s
        LEFT JOIN items i ON i.sku = s.sku
        LEFT JOIN (SELECT l.sku, ${SUM('l.qty')} AS qty FROM transfer_lines l JOIN transfers t ON t.id = l.transfer_id WHERE t.to_branch = ? AND ${NOT_RECEIVED} GROUP BY l.sku) t ON t.sku = s.sku
      WHERE LOWER(s.sku) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(i.name, '')) LIKE ? ESCAPE '\\'
      ORDER BY s.sku LIMIT ?`, [branch, branch, like, like, limit]);
    return rows.map((r) => ({ sku: String(r.sku), name: str(r.name), onHand: num(r.on_hand), reserved: num(r.reserved), available: num(r.on_hand) - num(r.reserved), inTransit: num(r.in_transit) }));
  });
}

export interface TrailEntry extends StoredMovement { balanceAfter: number }

/** An item's movements across every branch, newest first, with each branch's on-hand after the row. */
export async function itemTrail(db: Backend, sku: string, limit = 200): Promise<TrailEntry[]> {
  return db.read(async (c) => {
    const rows = await c.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE sku = ? ORDER BY server_seq`, [sku]);
    const running = new Map<string, number>();
    const out: TrailEntry[] = [];
    for (const r of rows) {
      const m = toMovement(r);
      const after = (running.get(m.branch) ?? 0) + m.onHandDelta;
      running.set(m.branch, after);
      out.push({ ...m, serverSeq: num(r.server_seq), receivedAt: String(r.received_at), balanceAfter: after });
    }
    return out.reverse().slice(0, limit);
  });
}

export type Queue = 'quarantine' | 'negative' | 'unknown_sku';
export interface ReviewNote { id: number; queue: Queue; ref: string; handled: boolean; note: string; operator: string; createdAt: string }

export async function reviewNotes(db: Backend, queue: Queue): Promise<Map<string, ReviewNote[]>> {
  const rows = await db.read((c) => c.all(`SELECT * FROM review_notes WHERE queue = ? ORDER BY id`, [queue]));
  const out = new Map<string, ReviewNote[]>();
  for (const r of rows) {
    const n: ReviewNote = { id: num(r.id), queue, ref: String(r.ref), handled: num(r.handled) === 1, note: String(r.note), operator: String(r.operator), createdAt: String(r.created_at) };
    out.set(n.ref, [...(out.get(n.ref) ?? []), n]);
  }
  return out;
}

/** Appends a note; the newest note of an entry says whether it is handled. */
export async function addReviewNote(db: Backend, n: { queue: Queue; ref: string; handled: boolean; note: string; operator: string }, now: number): Promise<ReviewNote> {
  const createdAt = iso(now);
  const [r] = await db.write((c) => c.all(`INSERT INTO review_notes (queue, ref, handled, note, operator, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    [n.queue, n.ref, n.handled ? 1 : 0, n.note, n.operator, createdAt]), { exclusive: false });
  return { id: num(r?.id), ...n, createdAt };
}
