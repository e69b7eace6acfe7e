import type { Movement } from '../../../shared/movements/row';
import type { ChainHead } from '../../../shared/sync/protocol';
import { HqError } from '../../errors';
import { num, str, type SqlConn } from '../sql';
import { MOVEMENT_SELECT, toMovement } from './rows';

/** HQ's side of divergence detection and recovery (DESIGN.md "Divergence"), in the SQL both stores speak. */

/** The highest row of the device HQ stores as a movement (quarantined sequences have none). */
export async function chainHeadOf(conn: SqlConn, deviceId: string): Promise<ChainHead> {
  const [r] = await conn.all(`SELECT device_seq, hash FROM movements WHERE device_id = ? AND device_seq <= (SELECT last_seq FROM devices WHERE device_id = ?)
    ORDER BY device_seq DESC LIMIT 1`, [deviceId, deviceId]);
  return r ? { seq: num(r.device_seq), hash: String(r.hash) } : null;
}

export async function forkStateOf(conn: SqlConn, deviceId: string): Promise<{ retiredInto: string | null; forkedFrom: string | null }> {
  const [r] = await conn.all(`SELECT retired_into, forked_from FROM devices WHERE device_id = ?`, [deviceId]);
  return { retiredInto: str(r?.retired_into), forkedFrom: str(r?.forked_from) };
}

/** The device's own rows, in device order, for a PC taking back what its file lost. */
export async function deviceRows(conn: SqlConn, deviceId: string, after: number, limit: number): Promise<Movement[]> {
  return (await conn.all(`SELECT ${MOVEMENT_SELECT} FROM movements WHERE device_id = ? AND device_seq > ? ORDER BY device_seq LIMIT ?`, [deviceId, after, limit])).map(toMovement);
}

/**
 * Retires `deviceId` into a fresh device of the same branch with its own token: the old chain stays
 * as HQ holds it and takes no more rows; the new one starts at sequence 1. Repeating it with the same
 * new id (a lost answer) sets the token again (the PC sends the same one); another new id is refused.
 */
export async function forkDevice(conn: SqlConn, input: { deviceId: string; newDeviceId: string; tokenHash: string; lastCommonSeq: number; now: string }): Promise<{ branch: { code: string; name: string } }> {
  const [d] = await conn.all(`SELECT d.branch, d.name, d.retired_into, b.name AS branch_name FROM devices d JOIN branches b ON b.code = d.branch WHERE d.device_id = ?`, [input.deviceId]);
  if (!d) throw new HqError(401, 'UNAUTHORIZED', 'This device is not enrolled at HQ; enroll it with a code from HQ.');
  const branch = { code: String(d.branch), name: String(d.branch_name) };
  if (d.retired_into && d.retired_into !== input.newDeviceId) {
    throw new HqError(409, 'CONFLICT', `This device was already recovered as device ${String(d.retired_into)}; use that one.`, { retiredInto: d.retired_into });
  }
  const [taken] = await conn.all(`SELECT forked_from FROM devices WHERE device_id = ?`, [input.newDeviceId]);
  if (taken && taken.forked_from !== input.deviceId) throw new HqError(409, 'CONFLICT', `Device id ${input.newDeviceId} is already in use; recover with a new one.`, { deviceId: input.newDeviceId });
  if (taken) {
    await conn.run(`UPDATE devices SET token_hash = ?, last_seen_at = ? WHERE device_id = ?`, [input.tokenHash, input.now, input.newDeviceId]);
  } else {
    const name = `${d.name ? String(d.name) : 'PC'} (recovered after row ${input.lastCommonSeq})`;
    await conn.run(`INSERT INTO devices (device_id, branch, name, token_hash, enrolled_at, last_seen_at, last_seq, last_hash, forked_from) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      [input.newDeviceId, branch.code, name.slice(0, 200), input.tokenHash, input.now, input.now, '0'.repeat(64), input.deviceId]);
    await conn.run(`UPDATE devices SET retired_into = ? WHERE device_id = ?`, [input.newDeviceId, input.deviceId]);
  }
  return { branch };
}
