import { checkLink, GENESIS_HASH, type DeviceSeal } from '../../../shared/movements/chain';
import type { TransferReceipt } from '../../../shared/sync/protocol';
import { num, str, type Row, type SqlConn } from '../sql';
import type { BranchStatus, BranchStock, ChainReport, DeviceInfo, NegativeStock, QuarantineEntry, TransferView } from '../store';
import { transfersReceivedTwice } from './conflictReports';
import { MOVEMENT_SELECT, toMovement, toReceipt, toTransfers, TRANSFER_SELECT } from './rows';

/** HQ's read-side answers (admin CLI, admin routes), in the SQL both stores speak. */

const SUM = (col: string) => `CAST(COALESCE(SUM(${col}), 0) AS BIGINT)`;
const NOT_RECEIVED = `NOT EXISTS (SELECT 1 FROM transfer_receipts r WHERE r.transfer_id = t.id)`;

export async function stockOf(conn: SqlConn, sku: string): Promise<BranchStock[]> {
  const ledger = await conn.all(`SELECT branch, ${SUM('on_hand_delta')} AS on_hand, ${SUM('reserved_delta')} AS reserved FROM movements WHERE sku = ? GROUP BY branch`, [sku]);
  const transit = await conn.all(`SELECT t.from_branch, t.to_branch, ${SUM('l.qty')} AS qty FROM transfer_lines l JOIN transfers t ON t.id = l.transfer_id
    WHERE l.sku = ? AND ${NOT_RECEIVED} GROUP BY t.from_branch, t.to_branch`, [sku]);
  const branches = await conn.all(`SELECT code, name FROM branches ORDER BY code`);
  const out = new Map<string, BranchStock>(branches.map((b) => [String(b.code), { branch: String(b.code), name: String(b.name), onHand: 0, reserved: 0, available: 0, inTransit: 0, inTransitOut: 0 }]));
  const at = (code: string) => {
    let s = out.get(code);
    if (!s) out.set(code, (s = { branch: code, name: code, onHand: 0, reserved: 0, available: 0, inTransit: 0, inTransitOut: 0 }));
    return s;
  };
  for (const r of ledger) Object.assign(at(String(r.branch)), { onHand: num(r.on_hand), reserved: num(r.reserved) });
  for (const r of transit) {
    at(String(r.to_branch)).inTransit += num(r.qty);
    at(String(r.from_branch)).inTransitOut += num(r.qty);
  }
  for (const s of out.values()) s.available = s.onHand - s.reserved;
  return [...out.values()].sort((a, b) => a.branch.localeCompare(b.branch));
}

export async function transfersView(conn: SqlConn, filter: { inTransitOnly?: boolean; branch?: string } = {}): Promise<TransferView[]> {
  const where = [filter.inTransitOnly ? NOT_RECEIVED : '1 = 1', filter.branch ? '(t.from_branch = ? OR t.to_branch = ?)' : '1 = 1'].join(' AND ');
  const heads = await conn.all(`SELECT ${TRANSFER_SELECT} FROM transfers t WHERE ${where} ORDER BY t.server_seq DESC`, filter.branch ? [filter.branch, filter.branch] : []);
  if (!heads.length) return [];
  const ids = conn.list(heads.map((h) => h.id));
  const lines = await conn.all(`SELECT transfer_id, sku, qty, unit_cost FROM transfer_lines WHERE transfer_id ${conn.inList()} ORDER BY transfer_id, line_no`, [ids]);
  const receipts = new Map((await conn.all(`SELECT * FROM transfer_receipts WHERE transfer_id ${conn.inList()}`, [ids])).map((r) => [String(r.transfer_id), toReceipt(r)]));
  const twice = await transfersReceivedTwice(conn);
  return toTransfers(heads, lines).map(({ serverSeq: _s, storedAt, ...t }) => {
    const receipt = receipts.get(t.id) ?? null;
    const discrepancies = receipt ? discrepanciesOf(t.lines, receipt) : [];
    return { ...t, storedAt, receipt, discrepancies, receivedTwice: twice.has(t.id), status: !receipt ? 'in_transit' : discrepancies.length ? 'received_with_discrepancy' : 'received' };
  });
}

function discrepanciesOf(lines: Array<{ sku: string; qty: number }>, receipt: TransferReceipt): TransferView['discrepancies'] {
  const sent = new Map<string, number>();
  for (const l of lines) sent.set(l.sku, (sent.get(l.sku) ?? 0) + l.qty);
  const received = new Map<string, { qty: number; note: string | null }>();
  for (const l of receipt.lines) received.set(l.sku, { qty: (received.get(l.sku)?.qty ?? 0) + l.received, note: l.note ?? received.get(l.sku)?.note ?? null });
  const out: TransferView['discrepancies'] = [];
  for (const sku of new Set([...sent.keys(), ...received.keys()])) {
    const s = sent.get(sku) ?? 0;
    const r = received.get(sku)?.qty ?? 0;
    if (s !== r) out.push({ sku, sent: s, received: r, difference: r - s, note: received.get(sku)?.note ?? null });
  }
  return out;
}

export async function inTransitByItem(conn: SqlConn): Promise<Array<{ sku: string; fromBranch: string; toBranch: string; qty: number; transfers: number }>> {
  const rows = await conn.all(`SELECT l.sku, t.from_branch, t.to_branch, ${SUM('l.qty')} AS qty, COUNT(DISTINCT t.id) AS transfers
    FROM transfer_lines l JOIN transfers t ON t.id = l.transfer_id WHERE ${NOT_RECEIVED}
    GROUP BY l.sku, t.from_branch, t.to_branch ORDER BY l.sku, t.from_branch, t.to_branch`);
  return rows.map((r) => ({ sku: String(r.sku), fromBranch: String(r.from_branch), toBranch: String(r.to_branch), qty: num(r.qty), transfers: num(r.transfers) }));
}

export async function quarantineList(conn: SqlConn, filter: { deviceId?: string; branch?: string } = {}): Promise<QuarantineEntry[]> {
  const rows = await conn.all(`SELECT q.*, r.decision, r.note AS decision_note, r.actor AS decision_actor, r.resolved_at
    FROM quarantine q LEFT JOIN quarantine_resolutions r ON r.quarantine_id = q.id
    WHERE (CAST(? AS TEXT) IS NULL OR q.device_id = ?) AND (CAST(? AS TEXT) IS NULL OR q.branch = ?) ORDER BY q.id`,
  [filter.deviceId ?? null, filter.deviceId ?? null, filter.branch ?? null, filter.branch ?? null]);
  return rows.map((r) => ({
    id: num(r.id), deviceId: String(r.device_id), branch: String(r.branch), deviceSeq: num(r.device_seq), movementId: str(r.movement_id), reason: String(r.reason), payload: String(r.payload), receivedAt: String(r.received_at),
    resolution: r.decision ? { decision: String(r.decision) as 'accepted' | 'rejected', note: String(r.decision_note), actor: String(r.decision_actor), resolvedAt: String(r.resolved_at) } : null,
  }));
}

export async function negativeStock(conn: SqlConn, branch?: string): Promise<NegativeStock[]> {
  const rows = await conn.all(`SELECT b.branch, b.sku, b.on_hand, (SELECT MAX(e.detected_at) FROM negative_events e WHERE e.branch = b.branch AND e.sku = b.sku) AS since
    FROM balances b WHERE b.on_hand < 0 AND (CAST(? AS TEXT) IS NULL OR b.branch = ?) ORDER BY b.branch, b.sku`, [branch ?? null, branch ?? null]);
  return rows.map((r) => ({ branch: String(r.branch), sku: String(r.sku), onHand: num(r.on_hand), since: String(r.since ?? '') }));
}

export async function devicesList(conn: SqlConn): Promise<DeviceInfo[]> {
  const rows = await conn.all(`SELECT d.*,
      (SELECT COUNT(*) FROM movements m WHERE m.device_id = d.device_id) AS movements,
      (SELECT COUNT(*) FROM quarantine q WHERE q.device_id = d.device_id) AS quarantined
    FROM devices d ORDER BY d.branch, d.enrolled_at`);
  return rows.map(toDeviceInfo);
}

function toDeviceInfo(r: Row): DeviceInfo {
  return {
    deviceId: String(r.device_id), branch: String(r.branch), name: str(r.name), enrolledAt: String(r.enrolled_at), revokedAt: str(r.revoked_at),
    lastSeenAt: str(r.last_seen_at), lastPushAt: str(r.last_push_at), lastSeq: num(r.last_seq), backlog: num(r.pending),
    clockSkewMs: r.clock_skew_ms === null || r.clock_skew_ms === undefined ? null : num(r.clock_skew_ms), movements: num(r.movements), quarantined: num(r.quarantined),
  };
}

export async function branchStatus(conn: SqlConn, code: string): Promise<BranchStatus | null> {
  const [b] = await conn.all(`SELECT code, name, created_at FROM branches WHERE code = ?`, [code]);
  if (!b) return null;
  const [d] = await conn.all(`SELECT COUNT(*) - COUNT(revoked_at) AS active, COUNT(revoked_at) AS revoked, MAX(last_seen_at) AS last_seen, ${SUM('CASE WHEN revoked_at IS NULL THEN pending ELSE 0 END')} AS backlog FROM devices WHERE branch = ?`, [code]);
  const [m] = await conn.all(`SELECT COUNT(*) AS n, MAX(received_at) AS last FROM movements WHERE branch = ?`, [code]);
  const [i] = await conn.all(`SELECT COUNT(*) AS n FROM balances WHERE branch = ?`, [code]);
  const [q] = await conn.all(`SELECT COUNT(*) AS n FROM quarantine WHERE branch = ?`, [code]);
  const transfers = await transfersView(conn, { branch: code });
  return {
    branch: { code: String(b.code), name: String(b.name), createdAt: String(b.created_at) },
    devices: { active: num(d?.active), revoked: num(d?.revoked), lastSeenAt: str(d?.last_seen), backlog: num(d?.backlog) },
    movements: num(m?.n),
    lastReceivedAt: str(m?.last),
    items: num(i?.n),
    quarantined: num(q?.n),
    negativeStock: await negativeStock(conn, code),
    transfers: {
      inTransitOut: transfers.filter((t) => t.status === 'in_transit' && t.fromBranch === code).length,
      inTransitIn: transfers.filter((t) => t.status === 'in_transit' && t.toBranch === code).length,
      withDiscrepancy: transfers.filter((t) => t.status === 'received_with_discrepancy').length,
    },
  };
}

/** Walks every device's chain in sequence order, a page at a time (keyset on device_id, device_seq). */
export async function verifyChains(conn: SqlConn): Promise<ChainReport> {
  const report: ChainReport = { ok: true, devices: 0, rows: 0, problems: [] };
  const quarantined = new Map<string, Set<number>>();
  for (const q of await conn.all(`SELECT device_id, device_seq FROM quarantine`)) {
    const set = quarantined.get(String(q.device_id)) ?? new Set<number>();
    set.add(num(q.device_seq));
    quarantined.set(String(q.device_id), set);
  }
  const seals = new Map<string, DeviceSeal>();
  for (const s of await conn.all(`SELECT device_id, seal_key, seal_from FROM device_seals`)) seals.set(String(s.device_id), { key: Buffer.from(String(s.seal_key), 'base64'), from: num(s.seal_from) });
  let device = '';
  let expected = 1;
  let prev: string | null = GENESIS_HASH;
  let after: [string, number] = ['', 0];
  const problem = (deviceId: string, deviceSeq: number, text: string) => report.problems.length < 1000 && report.problems.push({ deviceId, deviceSeq, problem: text });
  for (;;) {
    const rows = await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE device_id > ? OR (device_id = ? AND device_seq > ?) ORDER BY device_id, device_seq LIMIT 5000`, [after[0], after[0], after[1]]);
    if (!rows.length) break;
    for (const r of rows) {
      const m = toMovement(r);
      if (m.deviceId !== device) {
        device = m.deviceId;
        expected = 1;
        prev = GENESIS_HASH;
        report.devices++;
      }
      const skipped = quarantined.get(device) ?? new Set<number>();
      while (expected < m.deviceSeq && skipped.has(expected)) {
        expected++;
        prev = null; // the quarantined row's hash is not trusted: the link after it is unchecked
      }
      if (m.deviceSeq !== expected) problem(device, expected, `rows ${expected}–${m.deviceSeq - 1} are missing`);
      // HQ holds every device's key, so a keyed link it cannot reproduce is an edit or a forgery.
      if (checkLink(m, m.hash, seals.get(device) ?? null) !== 'ok') problem(device, m.deviceSeq, 'hash does not match the row');
      else if (prev !== null && m.prevHash !== prev && m.deviceSeq === expected) problem(device, m.deviceSeq, 'does not chain to the previous row');
      prev = m.hash;
      expected = m.deviceSeq + 1;
      report.rows++;
    }
    const last = toMovement(rows[rows.length - 1]!);
    after = [last.deviceId, last.deviceSeq];
  }
  report.ok = report.problems.length === 0;
  return report;
}
