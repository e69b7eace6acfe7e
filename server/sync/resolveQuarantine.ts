import { checkLink, GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import { reversalDeltas } from '../../shared/movements/kinds';
import { movementSchema, type Movement } from '../../shared/movements/row';
import { movementProblem } from '../../shared/movements/validate';
import { uuidv7 } from '../../shared/ids';
import { textProblem } from '../../shared/text/safeText';
import { HqError } from '../errors';
import { makePushTx } from '../store/common/pushTx';
import { num, str, type SqlConn } from '../store/sql';

/**
 * The way out of quarantine (`stock-ledger-hq quarantine resolve ID --accept|--reject --note …`). A
 * decision is appended (quarantine_resolutions), never an edit, and travels to the branch's PCs by pull:
 *
 * - accept: a person vouches for the row as the PC recorded it (a clock that was wrong, a reversal whose
 *   original is now here). It must pass the shared validator and its own hash; it is appended to HQ's
 *   movements as sent, so the branch's other PCs receive it and every chain closes over the gap.
 * - reject: the row's effect must not stand. When the row is storable it is appended as the fact it is
 *   (the PC that recorded it holds it anyway) together with a reversal authored by HQ (device
 *   `hq:BRANCH`, actor and note from the decision), so HQ, the recording PC and its siblings all end with
 *   the row neutralised and the trail says why. A row no ledger can store (malformed) is only marked
 *   rejected: it never existed anywhere but on the device that sent it.
 */
export interface QuarantineDecision { id: number; decision: 'accepted' | 'rejected'; note: string; actor: string }
export interface QuarantineResolution extends QuarantineDecision { movementId: string | null; reversalId: string | null; resolvedAt: string }

export const hqDeviceId = (branch: string) => `hq:${branch}`;

function checkWords(what: string, s: string, max: number): void {
  const problem = s.trim() === '' ? 'is empty' : s.length > max ? `is longer than ${max} characters` : textProblem(s, true);
  if (problem) throw new HqError(400, 'VALIDATION', `The ${what} ${problem}; say in a few words why.`, { field: what });
}

export async function resolveQuarantine(conn: SqlConn, input: QuarantineDecision, now: number): Promise<QuarantineResolution> {
  checkWords('note', input.note, 1000);
  checkWords('actor', input.actor, 100);
  const nowIso = new Date(now).toISOString();
  const tx = makePushTx(conn);
  const [q] = await conn.all(`SELECT q.id, q.device_id, q.branch, q.device_seq, q.payload, r.decision, r.resolved_at
    FROM quarantine q LEFT JOIN quarantine_resolutions r ON r.quarantine_id = q.id WHERE q.id = ?`, [input.id]);
  if (!q) throw new HqError(404, 'NOT_FOUND', `There is no quarantined row ${input.id}; see stock-ledger-hq quarantine list.`, { id: input.id });
  if (q.decision) throw new HqError(409, 'CONFLICT', `Quarantined row ${input.id} was already ${String(q.decision)} (${String(q.resolved_at)}); a decision is kept as made.`, { id: input.id, decision: q.decision });
  const branch = String(q.branch);

  // Can the row as the PC sent it be stored in a ledger at all?
  let raw: unknown = null;
  try { raw = JSON.parse(String(q.payload)); } catch { /* stays null: not a movement */ }
  const parsed = movementSchema.safeParse(raw);
  let row: Movement | null = null;
  let problem: string | null = null;
  if (!parsed.success) problem = 'it is not a readable movement';
  else {
    const m = parsed.data;
    const reversed = m.reverses ? (await tx.movementsByIds([m.reverses])).get(m.reverses) ?? null : null;
    if (m.deviceId !== String(q.device_id) || m.deviceSeq !== num(q.device_seq) || m.branch !== branch) problem = 'it names another device, sequence or branch than the one that sent it';
    else if (checkLink(m, m.hash, (await tx.deviceState(m.deviceId))?.seal ?? null) !== 'ok') problem = 'its hash does not match its content, so it is not what the PC recorded';
    else if ((await tx.movementsByIds([m.id])).has(m.id)) problem = `HQ already holds a movement with id ${m.id}`;
    else problem = movementProblem(m, { reversed });
    if (!problem) row = m;
  }
  if (input.decision === 'accepted' && !row) {
    throw new HqError(409, 'CONFLICT', `Quarantined row ${input.id} cannot be accepted as sent: ${problem}. Reject it with a note instead; the branch records the correction as a new movement.`, { id: input.id, problem });
  }

  const stored: Movement[] = [];
  let reversalId: string | null = null;
  if (row) {
    stored.push(row);
    if (input.decision === 'rejected') {
      const reversal = await hqReversal(conn, row, input, nowIso);
      reversalId = reversal.id;
      stored.push(reversal);
    }
    await tx.insertMovements(stored, nowIso);
    const known = await tx.knownSkus([row.sku]);
    if (!known.has(row.sku)) await tx.insertLearnedItems([{ sku: row.sku, name: row.sku, category: null, brand: null, barcode: null, barcodes: [], unit: null, learnedFrom: branch }], nowIso);
    const delta = stored.reduce((d, m) => ({ onHand: d.onHand + m.onHandDelta, reserved: d.reserved + m.reservedDelta }), { onHand: 0, reserved: 0 });
    const after = await tx.applyBalances(branch, new Map([[row.sku, delta]]));
    const onHand = after.get(row.sku) ?? 0;
    if (onHand < 0 && onHand - delta.onHand >= 0) await tx.recordNegative(branch, [{ sku: row.sku, onHand }], nowIso);
  }
  // After the movements: a PC that pulls the decision already holds what it refers to.
  const [seq] = await conn.nextSeqs(1);
  await conn.insertMany('quarantine_resolutions', [['quarantine_id', 'int8'], ['server_seq', 'int8'], ['branch', 'text'], ['decision', 'text'], ['note', 'text'], ['actor', 'text'], ['movement_id', 'text'], ['reversal_id', 'text'], ['resolved_at', 'text']],
    [[input.id, seq, branch, input.decision, input.note, input.actor, row?.id ?? null, reversalId, nowIso]]);
  return { ...input, movementId: row?.id ?? null, reversalId, resolvedAt: nowIso };
}

/** HQ's own attributed reversal of a rejected row, on HQ's chain for that branch. */
async function hqReversal(conn: SqlConn, original: Movement, d: QuarantineDecision, nowIso: string): Promise<Movement> {
  const deviceId = hqDeviceId(original.branch);
  const [head] = await conn.all(`SELECT device_seq, hash FROM movements WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1`, [deviceId]);
  const deltas = reversalDeltas({ onHand: original.onHandDelta, reserved: original.reservedDelta });
  const base: Omit<Movement, 'hash'> = {
    id: uuidv7(Date.parse(nowIso)), deviceId, deviceSeq: num(head?.device_seq) + 1, branch: original.branch, sku: original.sku,
    kind: 'reversal', qty: -original.qty + 0, onHandDelta: deltas.onHand, reservedDelta: deltas.reserved, unitCost: original.unitCost,
    docType: 'quarantine', docId: `quarantine-${d.id}`, docLine: 0, reverses: original.id,
    note: `Rejected at HQ: ${d.note}`.slice(0, 2000), actor: d.actor, occurredAt: original.occurredAt, recordedAt: nowIso,
    prevHash: str(head?.hash) ?? GENESIS_HASH,
  };
  const m = { ...base, hash: hashMovement(base) };
  const problem = movementProblem(m, { reversed: original });
  if (problem) throw new Error(`HQ's reversal of a rejected row is invalid: ${problem}`);
  return m;
}
