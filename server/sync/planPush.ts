import { canonicalMovement, checkLink, type DeviceSeal } from '../../shared/movements/chain';
import { movementSchema, type Movement } from '../../shared/movements/row';
import { isCanonicalTime, movementProblem } from '../../shared/movements/validate';
import { isSafeText } from '../../shared/text/safeText';
import { HqError } from '../errors';

/**
 * The push rules (DESIGN.md "Replication"), as a pure function over one device's batch and what HQ
 * already holds of it. The caller runs it inside the store's write transaction and stores what it
 * returns, or nothing at all when it returns an error.
 *
 * - Rows come in device-sequence order, starting right after what HQ acknowledged. A row at or below
 *   the acknowledged sequence is a duplicate: acknowledged again if identical, 409 CONFLICT if the
 *   device now sends different content under that sequence or id (history was rewritten).
 * - A row beyond the next expected sequence is a gap: 409 SEQUENCE_GAP, details.expectedSeq, and the
 *   whole batch is refused so the client re-sends from expectedSeq.
 * - A malformed row (hash does not recompute, does not chain, occurredAt far in the future, or anything
 *   the shared movement validator refuses: limits, text, time format, kind rules, a reversal that does
 *   not exactly negate an existing row of the same branch) is quarantined: its sequence is consumed so
 *   the rows behind it go in, and the device's cursor moves past it. Nothing is dropped silently:
 *   it is listed in the response and at HQ.
 * - A row without a usable deviceSeq takes the next expected position (rows arrive in order).
 */
export interface DeviceChainState {
  lastSeq: number;
  /** Hash the next row must chain to; null when the previous row was quarantined with an unusable hash. */
  lastHash: string | null;
  /** The device's sealing key: its rows from `from` on must carry the keyed link. */
  seal?: DeviceSeal | null;
}

export interface PlanInput {
  deviceId: string;
  branch: string;
  state: DeviceChainState;
  rows: unknown[];
  now: number;
  futureLimitMs: number;
  /** Rows HQ holds under the ids this batch uses or reverses (any device, any branch). */
  storedById: Map<string, Movement>;
  /** Rows HQ holds of this device at the sequences this batch re-sends. */
  storedBySeq: Map<number, Movement>;
}

export interface QuarantinedRow {
  deviceSeq: number;
  id: string | null;
  reason: string;
  payload: string;
  /** The row's own hash when it recomputes (the next row chains to it), so PCs can verify across the gap. */
  hash: string | null;
}

export interface PushPlan {
  accepted: Movement[];
  quarantined: QuarantinedRow[];
  duplicates: number;
  state: DeviceChainState;
}

type Loose = Record<string, unknown>;
const asObject = (v: unknown): Loose => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** What the store must look up before planning: ids used, and sequences re-sent at or below lastSeq. */
export function lookupKeys(rows: unknown[], lastSeq: number): { ids: string[]; resentSeqs: number[] } {
  const ids = new Set<string>();
  const resentSeqs: number[] = [];
  for (const raw of rows) {
    const r = asObject(raw);
    if (typeof r.id === 'string') ids.add(r.id);
    // The rows reversals point at: the shared validator checks each reversal against it.
    if (typeof r.reverses === 'string') ids.add(r.reverses);
    if (isSeq(r.deviceSeq) && r.deviceSeq <= lastSeq) resentSeqs.push(r.deviceSeq);
  }
  return { ids: [...ids], resentSeqs };
}

/**
 * 403 before anything else: HQ takes branch and device from the token, never from the rows. Rows up to
 * `preBranchThroughSeq` were recorded before the PC had a branch (the PC said so at enrolment): their
 * older label is accepted and they are filed under the device's branch.
 */
export function checkOwnership(rows: unknown[], deviceId: string, branch: string, preBranchThroughSeq = 0): void {
  for (const raw of rows) {
    const r = asObject(raw);
    const preBranch = isSeq(r.deviceSeq) && r.deviceSeq <= preBranchThroughSeq;
    if (typeof r.branch === 'string' && r.branch !== branch && !preBranch) {
      throw new HqError(403, 'FORBIDDEN', `This device belongs to branch ${branch}; it cannot send rows of branch ${r.branch}. Nothing from this batch was stored.`, { deviceSeq: r.deviceSeq ?? null, branch: r.branch, yourBranch: branch });
    }
    if (typeof r.deviceId === 'string' && r.deviceId !== deviceId) {
      throw new HqError(403, 'FORBIDDEN', `This token belongs to device ${deviceId}; it cannot send rows recorded by device ${r.deviceId}. Nothing from this batch was stored.`, { deviceSeq: r.deviceSeq ?? null, deviceId: r.deviceId });
    }
  }
}

export function sameMovement(a: Movement, b: Movement): boolean {
  return a.hash === b.hash && canonicalMovement(a) === canonicalMovement(b);
}

export function planPush(input: PlanInput): PushPlan {
  let { lastSeq, lastHash } = input.state;
  const accepted: Movement[] = [];
  const quarantined: QuarantinedRow[] = [];
  const batchIds = new Set<string>();
  const batchRows = new Map<string, Movement>();
  let duplicates = 0;

  for (const raw of input.rows) {
    const r = asObject(raw);
    const claimed = isSeq(r.deviceSeq) ? r.deviceSeq : null;
    if (claimed !== null && claimed <= lastSeq) {
      const stored = input.storedBySeq.get(claimed);
      if (stored) {
        const parsed = movementSchema.safeParse(raw);
        if (!parsed.success || !sameMovement(parsed.data, stored)) {
          throw new HqError(409, 'CONFLICT', `Row ${claimed} of device ${input.deviceId} differs from the row HQ already holds under that sequence (id ${stored.id}); HQ keeps the first version. Nothing from this batch was stored.`, { id: typeof r.id === 'string' ? r.id : null, deviceSeq: claimed, storedId: stored.id });
        }
      }
      // Identical, or a sequence HQ quarantined: acknowledged again, stored once.
      duplicates++;
      continue;
    }
    const seq = claimed ?? lastSeq + 1;
    if (seq > lastSeq + 1) {
      throw new HqError(409, 'SEQUENCE_GAP', `HQ expected row ${lastSeq + 1} of this device next but got row ${seq}; send the rows from ${lastSeq + 1} on. Nothing from this batch was stored.`, { expectedSeq: lastSeq + 1, gotSeq: seq });
    }
    const parsed = movementSchema.safeParse(raw);
    // Only text PostgreSQL can store goes into quarantine columns; the payload is JSON (escaped).
    const id = typeof r.id === 'string' && r.id.length <= 100 && isSafeText(r.id) ? r.id : null;
    let reason: string | null = null;
    let nextHash: string | null = null;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reason = `it is not a valid movement (${issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'unreadable'})`;
    } else {
      const m = parsed.data;
      const clash = input.storedById.get(m.id);
      if ((clash && !(clash.deviceId === m.deviceId && clash.deviceSeq === seq)) || batchIds.has(m.id)) {
        throw new HqError(409, 'CONFLICT', `Movement id ${m.id} is already used by another row with different content; HQ keeps the first. Nothing from this batch was stored.`, { id: m.id, deviceSeq: seq });
      }
      const hashOk = checkLink(m, m.hash, input.state.seal ?? null) === 'ok';
      if (hashOk) nextHash = m.hash;
      const reversed = m.reverses === null ? null : (batchRows.get(m.reverses) ?? input.storedById.get(m.reverses) ?? null);
      reason = rowProblem(m, hashOk, lastHash, input.now, input.futureLimitMs) ?? movementProblem(m, { reversed });
      if (!reason) {
        accepted.push(m);
        batchIds.add(m.id);
        batchRows.set(m.id, m);
      }
    }
    if (reason) quarantined.push({ deviceSeq: seq, id, reason: `Row ${seq} was quarantined: ${reason}.`, payload: JSON.stringify(raw) ?? 'null', hash: nextHash });
    lastSeq = seq;
    lastHash = nextHash;
  }
  return { accepted, quarantined, duplicates, state: { lastSeq, lastHash } };
}

function rowProblem(m: Movement, hashOk: boolean, lastHash: string | null, now: number, futureLimitMs: number): string | null {
  if (!hashOk) return 'its hash does not match its content (was it edited after it was recorded?)';
  if (lastHash !== null && m.prevHash !== lastHash) return 'it does not chain to the previous row of this device (prevHash differs), so a row before it was changed or is missing';
  const occurred = Date.parse(m.occurredAt);
  const recorded = Date.parse(m.recordedAt);
  // Shape, limits, kind rules and the reversal link are the shared validator's (movementProblem); this is HQ's clock policy.
  if (!Number.isNaN(occurred) && !Number.isNaN(recorded) && occurred > now + futureLimitMs) {
    return `occurredAt ${isCanonicalTime(m.occurredAt) ? m.occurredAt : JSON.stringify(m.occurredAt)} is more than ${Math.round(futureLimitMs / 3_600_000)} hours ahead of HQ's clock (${new Date(now).toISOString()}); check the shop PC's clock and record it again with the right date`;
  }
  return null;
}
