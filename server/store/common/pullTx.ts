import type { PullTx } from '../../sync/runPull';
import { num, str, type SqlConn } from '../sql';
import { barcodesOf } from './itemBarcodes';
import { MOVEMENT_SELECT, toMovement, toReceipt, toTransfers, TRANSFER_SELECT } from './rows';

/** The pull's queries, each bounded by the cursor and the limit, answered from one snapshot. */
export function makePullTx(conn: SqlConn): PullTx {
  return {
    async movements(branch, excludeDeviceId, after, limit) {
      const rows = await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE branch = ? AND server_seq > ? AND device_id <> ? ORDER BY server_seq LIMIT ?`, [branch, after, excludeDeviceId, limit]);
      return rows.map((r) => ({ seq: num(r.server_seq), value: toMovement(r) }));
    },
    async items(after, limit) {
      const rows = await conn.all(`SELECT sku, server_seq, name, category, brand, barcode, unit, updated_at FROM items WHERE server_seq > ? ORDER BY server_seq LIMIT ?`, [after, limit]);
      const codes = await barcodesOf(conn, rows.map((r) => String(r.sku)));
      return rows.map((r) => ({
        seq: num(r.server_seq),
        // `barcodes` is every code, the primary first; a PC that predates it ignores the field.
        value: { sku: String(r.sku), name: String(r.name), category: str(r.category), brand: str(r.brand), barcode: str(r.barcode), barcodes: codes.get(String(r.sku)) ?? [], unit: str(r.unit), updatedAt: String(r.updated_at) },
      }));
    },
    async transfers(branch, after, limit) {
      const heads = await conn.all(`SELECT ${TRANSFER_SELECT} FROM transfers t WHERE (t.from_branch = ? OR t.to_branch = ?) AND t.server_seq > ? ORDER BY t.server_seq LIMIT ?`, [branch, branch, after, limit]);
      if (!heads.length) return [];
      const lines = await conn.all(`SELECT transfer_id, sku, qty, unit_cost FROM transfer_lines WHERE transfer_id ${conn.inList()} ORDER BY transfer_id, line_no`, [conn.list(heads.map((h) => h.id))]);
      return toTransfers(heads, lines).map(({ serverSeq, storedAt: _s, ...t }) => ({ seq: serverSeq, value: t }));
    },
    async receipts(branch, after, limit) {
      const rows = await conn.all(`SELECT * FROM transfer_receipts WHERE (branch = ? OR from_branch = ?) AND server_seq > ? ORDER BY server_seq LIMIT ?`, [branch, branch, after, limit]);
      return rows.map((r) => ({ seq: num(r.server_seq), value: toReceipt(r) }));
    },
    async quarantine(branch, after, limit) {
      // A row set aside (open) and, later, the decision on it: two notices, each at its own change sequence.
      const rows = await conn.all(`SELECT * FROM (
          SELECT q.server_seq AS seq, q.device_id, q.device_seq, q.movement_id, q.hash, q.reason, 'open' AS status, NULL AS note
            FROM quarantine q WHERE q.branch = ? AND q.server_seq > ?
          UNION ALL
          SELECT r.server_seq AS seq, q.device_id, q.device_seq, q.movement_id, q.hash, q.reason, r.decision AS status, r.note
            FROM quarantine_resolutions r JOIN quarantine q ON q.id = r.quarantine_id WHERE r.branch = ? AND r.server_seq > ?
        ) AS notices ORDER BY seq LIMIT ?`, [branch, after, branch, after, limit]);
      return rows.map((r) => ({
        seq: num(r.seq),
        value: { deviceId: String(r.device_id), deviceSeq: num(r.device_seq), id: str(r.movement_id), hash: str(r.hash), reason: String(r.reason), status: String(r.status) as 'open', note: str(r.note) },
      }));
    },
    async head() {
      const [r] = await conn.all(`SELECT MAX(s) AS head FROM (
        SELECT MAX(server_seq) AS s FROM movements UNION ALL SELECT MAX(server_seq) FROM items
        UNION ALL SELECT MAX(server_seq) FROM transfers UNION ALL SELECT MAX(server_seq) FROM transfer_receipts
        UNION ALL SELECT MAX(server_seq) FROM quarantine UNION ALL SELECT MAX(server_seq) FROM quarantine_resolutions) AS heads`);
      return num(r?.head);
    },
  };
}
