import { COMPENSATION_DEVICE_PREFIX, conflictKeyOf, type ConflictRule } from '../../../shared/sync/conflicts';
import { num, type SqlConn } from '../sql';
import { toMovement } from './rows';

/** One offline conflict HQ settled: the row that was cancelled and the compensation that did it. */
export interface ConflictEntry {
  branch: string;
  sku: string;
  rule: ConflictRule;
  /** The compensation's note: what happened and the rule applied. */
  message: string;
  compensationId: string;
  serverSeq: number;
  receivedAt: string;
  cancelled: { id: string; deviceId: string; deviceSeq: number; actor: string; kind: string; qty: number; docType: string; docId: string; occurredAt: string };
}

const COLS = (p: string) => ['id', 'device_id', 'device_seq', 'branch', 'sku', 'kind', 'qty', 'on_hand_delta', 'reserved_delta', 'unit_cost', 'doc_type', 'doc_id',
  'doc_line', 'reverses', 'note', 'actor', 'occurred_at', 'recorded_at', 'prev_hash', 'hash'].map((c) => `${p}.${c} AS ${p}_${c}`).join(', ');

const strip = (r: Record<string, unknown>, p: string) => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith(`${p}_`)).map(([k, v]) => [k.slice(p.length + 1), v]));

/**
 * Compensation rows, as a range on device_id so the (device_id, device_seq) index finds them without
 * scanning every movement (';' is the character after ':').
 */
export const COMPENSATIONS = (alias: string) => `${alias}.device_id >= '${COMPENSATION_DEVICE_PREFIX}' AND ${alias}.device_id < '${COMPENSATION_DEVICE_PREFIX.slice(0, -1)};'`;

/** Transfers whose receipt was recorded on more than one PC of the receiving branch (settled by a compensation). */
export async function transfersReceivedTwice(conn: SqlConn): Promise<Set<string>> {
  const rows = await conn.all(`SELECT DISTINCT m.doc_id FROM movements m WHERE ${COMPENSATIONS('m')} AND m.doc_type = 'transfer'`);
  return new Set(rows.map((r) => String(r.doc_id)));
}

/** Every conflict HQ settled, newest first, for review (`stock-ledger-hq conflicts`). */
export async function conflictList(conn: SqlConn, filter: { branch?: string } = {}): Promise<ConflictEntry[]> {
  const rows = await conn.all(`SELECT c.server_seq AS server_seq, c.received_at AS received_at, ${COLS('c')}, ${COLS('l')}
    FROM movements c JOIN movements l ON l.id = c.reverses
    WHERE ${COMPENSATIONS('c')} AND (CAST(? AS TEXT) IS NULL OR c.branch = ?)
    ORDER BY c.server_seq DESC LIMIT 10000`, [filter.branch ?? null, filter.branch ?? null]);
  return rows.map((r) => {
    const c = toMovement(strip(r, 'c'));
    const l = toMovement(strip(r, 'l'));
    return {
      branch: c.branch, sku: c.sku, rule: conflictKeyOf(l)?.rule ?? 'reversal', message: c.note ?? '', compensationId: c.id,
      serverSeq: num(r.server_seq), receivedAt: String(r.received_at),
      cancelled: { id: l.id, deviceId: l.deviceId, deviceSeq: l.deviceSeq, actor: l.actor, kind: l.kind, qty: l.qty, docType: l.docType, docId: l.docId, occurredAt: l.occurredAt },
    };
  });
}
