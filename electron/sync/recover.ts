import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { checkLink, GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import { currentSeal } from '../safety/deviceSeal';
import type { Movement } from '../../shared/movements/row';
import { enrollResponse, recoverRowsResponse } from '../../shared/sync/protocol';
import { isoOf } from '../../shared/domain/time';
import { appendMovements, appendReplicated } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { movementFromRow, type MovementDbRow } from '../ledger/rows';
import { writeTransaction } from '../ledger/write';
import { divergence, DIVERGENCE_KEYS, getDivergenceMeta, localOnlyDevices, setDivergenceMeta } from './divergenceState';
import { hqRequest, type HttpOptions } from './http';
import { KEYS, readConfig, recordError, setMeta } from './state';
import { deviceCodeSql } from '../ledger/leanRows';

/**
 * Recovery after divergence (DESIGN.md "Divergence"; detection in ./divergence.ts). Nothing is
 * rewritten: the file keeps every row it has, HQ keeps every row it has.
 *
 * 1. Take back this device's rows as HQ holds them and find the last row both chains share (k).
 * 2. Ask HQ to retire the old device id into a fresh one (same branch, linked to the old, new token).
 * 3. In one transaction:
 *    - rows recorded here after k (HQ never got them: it holds other rows under those sequences) are
 *      recorded again under the new device id, same item, kind, quantity, document, actor and
 *      business time, each note naming the original (device, row, id); they go to HQ as usual;
 *    - on a local-only chain (`restored:<old id>`, never pushed), each such original is cancelled
 *      (its re-recorded copy counts instead) and each row HQ holds that the file lost comes back
 *      (it cannot go in under its own device and sequence: the file's own row sits there).
 *    So this PC and HQ count exactly the same movements, and every chain on both sides verifies.
 * 4. The old device's rows arriving by pull are skipped (the file has its own or a restored copy),
 *    and the conflict rule leaves local-only chains out (sync/conflicts.ts).
 */

export interface RecoverResult {
  oldDeviceId: string;
  newDeviceId: string;
  lastCommonSeq: number;
  /** Rows HQ held that this file had lost, restored on this PC. */
  restored: number;
  /** Rows recorded here after the split, sent again under the new device id. */
  resent: number;
}

const sql = (db: Database) => ({
  ownAfter: db.prepare(`SELECT * FROM movements WHERE device = ${deviceCodeSql} AND device_seq > ? ORDER BY device_seq`),
  hashAt: db.prepare(`SELECT hash FROM movements WHERE device = ${deviceCodeSql} AND device_seq = ?`),
  setDevice: db.prepare(`UPDATE meta SET value = ? WHERE key = 'device_id'`),
  user: db.prepare(`SELECT role, active FROM users WHERE name = ? COLLATE NOCASE`),
  users: db.prepare(`SELECT count(*) AS n FROM users`),
  rebaseDocs: db.prepare(`UPDATE sync_outbox_docs SET after_seq = ? WHERE acked_at IS NULL`),
});

function requireManager(db: Database, actor: string): void {
  const s = prepared(db, sql);
  if ((s.users.get() as { n: number }).n === 0) return;
  const who = s.user.get(actor) as { role: string; active: number } | undefined;
  if (!who || who.active !== 1 || who.role !== 'manager') {
    throw new CommandError('FORBIDDEN', `Only a manager can recover this PC's sync, and ${actor} is not one. Ask a manager to sign in.`, { actor });
  }
}

async function fetchHqRows(ledger: Ledger, serverUrl: string, token: string, http: HttpOptions): Promise<Movement[]> {
  const rows: Movement[] = [];
  let prev = GENESIS_HASH;
  for (;;) {
    const { body } = await hqRequest(serverUrl, 'GET', `/v1/recover/rows?after=${rows.at(-1)?.deviceSeq ?? 0}&limit=1000`, recoverRowsResponse, { ...http, token });
    for (const m of body.movements) {
      // HQ's copy must be a chain of this device: the rows that come back are checked like any pulled row.
      if (m.deviceId !== ledger.deviceId || checkLink(m, m.hash, currentSeal(ledger)) !== 'ok' || (m.prevHash !== prev && m.deviceSeq === (rows.at(-1)?.deviceSeq ?? 0) + 1)) {
        throw new CommandError('SERVER_ERROR', `HQ's copy of this PC's row ${m.deviceSeq} does not verify; recovery stopped and nothing changed. Report this to HQ.`, { deviceSeq: m.deviceSeq });
      }
      prev = m.hash;
      rows.push(m);
    }
    if (!body.hasMore || body.movements.length === 0) return rows;
  }
}

/** A local-only chain of rows, hashed like any other so `verify` checks it too. */
function chain(deviceId: string, drafts: Array<Omit<Movement, 'deviceId' | 'deviceSeq' | 'prevHash' | 'hash'>>): Movement[] {
  let prevHash = GENESIS_HASH;
  return drafts.map((d, i) => {
    const base = { ...d, deviceId, deviceSeq: i + 1, prevHash };
    const row = { ...base, hash: hashMovement(base) };
    prevHash = row.hash;
    return row;
  });
}

export async function recoverSync(ledger: Ledger, actor: string, http: HttpOptions): Promise<RecoverResult> {
  const { db } = ledger;
  requireManager(db, actor);
  if (!divergence(db)) throw new CommandError('CONFLICT', 'This PC\'s ledger agrees with HQ; there is nothing to recover. Sync runs as usual.');
  const config = readConfig(ledger);
  if (!config) throw new CommandError('UNAUTHORIZED', 'This PC is not connected to HQ.');
  const oldId = ledger.deviceId;

  const hqRows = await fetchHqRows(ledger, config.serverUrl, config.token, http);
  const s = prepared(db, sql);
  let k = 0;
  for (const m of hqRows) {
    const mine = s.hashAt.get(oldId, m.deviceSeq) as { hash: string } | undefined;
    if (!mine || mine.hash !== m.hash || m.deviceSeq !== k + 1) break;
    k = m.deviceSeq;
  }
  const lost = hqRows.filter((m) => m.deviceSeq > k);

  // The new id is chosen once and kept, so a retry after a lost answer forks to the same device.
  const newId = getDivergenceMeta<string>(db, DIVERGENCE_KEYS.forkTo) ?? uuidv7(http.now());
  const newToken = getDivergenceMeta<string>(db, DIVERGENCE_KEYS.forkToken) ?? randomBytes(32).toString('base64url');
  writeTransaction(ledger, () => {
    setDivergenceMeta(db, DIVERGENCE_KEYS.forkTo, newId);
    setDivergenceMeta(db, DIVERGENCE_KEYS.forkToken, newToken);
  });
  const fork = await hqRequest(config.serverUrl, 'POST', '/v1/recover/fork', enrollResponse, { ...http, token: config.token, body: { newDeviceId: newId, lastCommonSeq: k, token: newToken } });
  if (fork.body.token !== newToken || fork.body.deviceId !== newId) throw new CommandError('SERVER_ERROR', 'HQ answered the recovery with another device or token; nothing changed here. Try again.');

  const now = http.now();
  const at = isoOf(now);
  return writeTransaction(ledger, () => {
    const divergent = (s.ownAfter.all(oldId, k) as MovementDbRow[]).map(movementFromRow);
    const restoredId = `restored:${oldId}`;
    const localOnly = localOnlyDevices(db);
    localOnly.add(oldId);
    localOnly.add(restoredId);
    setDivergenceMeta(db, DIVERGENCE_KEYS.localOnly, [...localOnly]);
    setDivergenceMeta(db, DIVERGENCE_KEYS.retired, [...(getDivergenceMeta<string[]>(db, DIVERGENCE_KEYS.retired) ?? []), oldId]);
    s.setDevice.run(newId);
    ledger.deviceId = newId;

    // Re-record what HQ never got, under the new chain (pushed as usual).
    const copyOf = new Map<string, string>();
    for (const m of divergent) {
      const [copy] = appendMovements(ledger, [{
        sku: m.sku, kind: m.kind as never, qty: m.qty, deltas: { onHand: m.onHandDelta, reserved: m.reservedDelta }, unitCost: m.unitCost,
        docType: m.docType, docId: m.docId, docLine: m.docLine, reverses: m.reverses ? copyOf.get(m.reverses) ?? m.reverses : null,
        note: `${m.note ? `${m.note} ` : ''}(sent again after recovery; first recorded on this PC as row ${m.deviceSeq} of device ${oldId}, id ${m.id})`,
        actor: m.actor, occurredAt: Date.parse(m.occurredAt),
      }], { enforceAvailability: false, now });
      copyOf.set(m.id, copy!.id);
    }
    // Local only: cancel the originals (their copies count now) and bring back what HQ holds and the file lost.
    const restoredOf = new Map<string, string>();
    const drafts: Array<Omit<Movement, 'deviceId' | 'deviceSeq' | 'prevHash' | 'hash'>> = [];
    for (const m of divergent) {
      drafts.push({
        id: uuidv7(now), branch: m.branch, sku: m.sku, kind: 'reversal', qty: -m.qty + 0, onHandDelta: -m.onHandDelta + 0, reservedDelta: -m.reservedDelta + 0,
        unitCost: m.unitCost, docType: m.docType, docId: m.docId, docLine: m.docLine, reverses: m.id,
        note: `Recovery: HQ holds a different row ${m.deviceSeq} of device ${oldId}; this row was sent again as ${copyOf.get(m.id)} under device ${newId}, which counts instead.`,
        actor, occurredAt: m.occurredAt, recordedAt: at,
      });
    }
    for (const m of lost) {
      const id = uuidv7(now);
      restoredOf.set(m.id, id);
      drafts.push({
        id, branch: m.branch, sku: m.sku, kind: m.kind, qty: m.qty, onHandDelta: m.onHandDelta, reservedDelta: m.reservedDelta, unitCost: m.unitCost,
        docType: m.docType, docId: m.docId, docLine: m.docLine, reverses: m.reverses ? restoredOf.get(m.reverses) ?? m.reverses : null,
        note: `${m.note ? `${m.note} ` : ''}(restored from HQ after recovery: row ${m.deviceSeq} of device ${oldId}, id ${m.id}, by ${m.actor})`,
        actor: m.actor, occurredAt: m.occurredAt, recordedAt: at,
      });
    }
    if (drafts.length) appendReplicated(ledger, chain(restoredId, drafts), now);

    // Headers waiting for rows of the old chain go with the new chain's rows.
    s.rebaseDocs.run(divergent.length);
    // The fresh chain's token; readConfig moves it into the secret store on first use (the chain is unsealed until HQ issues it a key).
    setMeta(db, KEYS.token, fork.body.token);
    setMeta(db, KEYS.ackedSeq, 0);
    setDivergenceMeta(db, DIVERGENCE_KEYS.diverged, null);
    setDivergenceMeta(db, DIVERGENCE_KEYS.forkTo, null);
    setDivergenceMeta(db, DIVERGENCE_KEYS.forkToken, null);
    recordError(db, now, 'RECOVERED', `${actor} recovered sync: ${lost.length} row(s) HQ held came back, ${divergent.length} row(s) recorded here since were sent again under device ${newId}.`);
    return { oldDeviceId: oldId, newDeviceId: newId, lastCommonSeq: k, restored: lost.length, resent: divergent.length };
  });
}
