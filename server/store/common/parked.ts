import type { ParkedReport } from '../../../shared/sync/protocol';
import type { SqlConn } from '../sql';

/** A PC's review list as it reported it (POST /v1/parked): one row per device, kind and key, latest report wins. */
export async function recordParked(conn: SqlConn, device: { deviceId: string; branch: string }, entries: ParkedReport[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  for (const e of entries) {
    const reason = e.applied ? `applied later: ${e.reason}` : e.reason;
    await conn.run(`INSERT INTO parked_reports (device_id, branch, kind, key, reason, parked_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (device_id, kind, key) DO UPDATE SET reason = excluded.reason, parked_at = excluded.parked_at, reported_at = excluded.reported_at`,
    [device.deviceId, device.branch, e.kind, e.key, reason, e.at, at]);
  }
}

export async function parkedReports(conn: SqlConn, filter: { branch?: string }): Promise<Array<ParkedReport & { deviceId: string; branch: string; reportedAt: string }>> {
  const rows = await conn.all(`SELECT * FROM parked_reports WHERE (CAST(? AS TEXT) IS NULL OR branch = ?) ORDER BY id`, [filter.branch ?? null, filter.branch ?? null]);
  return rows.map((r) => {
    const reason = String(r.reason);
    return {
      deviceId: String(r.device_id), branch: String(r.branch), kind: String(r.kind) as ParkedReport['kind'], key: String(r.key),
      reason: reason.replace(/^applied later: /, ''), applied: reason.startsWith('applied later: '), at: String(r.parked_at), reportedAt: String(r.reported_at),
    };
  });
}
