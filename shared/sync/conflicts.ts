import { createHash } from 'node:crypto';
import { GENESIS_HASH, hashMovement } from '../movements/chain';
import type { Movement } from '../movements/row';

/**
 * Offline conflicts between PCs of one branch (DESIGN.md "Offline conflicts"), as pure rules that the
 * branch and HQ both run, so both append exactly the same rows.
 *
 * Some actions may happen only once per thing: a movement is reversed once, a transfer is received
 * once by its branch, a hold is closed (fulfilled or released) once. Two PCs that were offline can
 * both do it. Both rows are facts and both are kept. The rule: among the PCs that did it, the one
 * with the LOWEST DEVICE ID keeps its action (a device id never changes, so this never depends on a
 * clock or on who synced first); every row of the other PCs for that thing is neutralised by a
 * compensation: a reversal of that row, attributed to `system`, with a note saying why.
 *
 * The compensation is a function of the row it cancels and nothing else (not of the winner, not of
 * the time it is computed): its id, its content and its one-row hash chain (device `conflict:<id>`,
 * sequence 1) are the same wherever it is computed. Every PC appends it when it learns of the
 * conflict, HQ appends it inside the push that reveals it, and sync dedupes it by id. A later
 * arrival can only add losers (the lowest device id of a growing set can only get lower), so the
 * set of compensations only grows and every side converges on the same one.
 */

export const COMPENSATION_ACTOR = 'system';
export const COMPENSATION_DEVICE_PREFIX = 'conflict:';

export type ConflictRule = 'reversal' | 'receipt' | 'close' | 'recount';

export type ConflictLookup = { by: 'reverses'; id: string } | { by: 'document'; docType: string; docId: string } | { by: 'stocktake'; sku: string };

/**
 * A stock-take difference says which earlier count of the item it builds on (the last one its PC held
 * at the count position), at the end of its note. Two differences on the same item that build on the same
 * earlier count were counted without knowing of each other: both subtract the same shortage.
 */
export const STOCKTAKE_DOC = 'stocktake';
const PREVIOUS_COUNT = / \[previous count: (none|[^\]\s]+)\]$/;
export const previousCountMarker = (previousId: string | null) => ` [previous count: ${previousId ?? 'none'}]`;
export function previousCountOf(note: string | null): string | null {
  return note ? PREVIOUS_COUNT.exec(note)?.[1] ?? null : null;
}

export interface ConflictKey {
  rule: ConflictRule;
  /** Rows with the same key compete. */
  key: string;
  /** How a store finds the candidates (then filtered by key). */
  lookup: ConflictLookup;
}

/**
 * The "once only" actions, by kind: one entry per kind that can conflict. A row that reverses
 * another competes with the other reversals of that row, whatever its kind.
 */
const ONCE_PER_DOCUMENT: Record<string, { rule: ConflictRule; docType?: string }> = {
  transfer_in: { rule: 'receipt' },
  fulfil: { rule: 'close', docType: 'reservation' },
  release: { rule: 'close', docType: 'reservation' },
};

export function conflictKeyOf(m: Pick<Movement, 'kind' | 'reverses' | 'branch' | 'docType' | 'docId' | 'sku' | 'note'>): ConflictKey | null {
  if (m.reverses !== null) return { rule: 'reversal', key: `reverses:${m.reverses}`, lookup: { by: 'reverses', id: m.reverses } };
  if (m.docType === STOCKTAKE_DOC) {
    const previous = previousCountOf(m.note);
    return previous ? { rule: 'recount', key: `recount:${m.branch}:${m.sku}:${previous}`, lookup: { by: 'stocktake', sku: m.sku } } : null;
  }
  const once = ONCE_PER_DOCUMENT[m.kind];
  if (!once || (once.docType && once.docType !== m.docType)) return null;
  return { rule: once.rule, key: `${once.rule}:${m.branch}:${m.docType}:${m.docId}`, lookup: { by: 'document', docType: m.docType, docId: m.docId } };
}

/** The rows that must be neutralised among those competing for one key: all but the lowest device's. */
export function losersAmong<T extends Pick<Movement, 'deviceId'>>(members: T[]): T[] {
  if (members.length < 2) return [];
  let winner = members[0]!.deviceId;
  for (const m of members) if (m.deviceId < winner) winner = m.deviceId;
  return members.filter((m) => m.deviceId !== winner);
}

export function isCompensation(m: Pick<Movement, 'deviceId'>): boolean {
  return m.deviceId.startsWith(COMPENSATION_DEVICE_PREFIX);
}

/** A UUID (version 8, RFC 9562 "custom") derived from a name: the same everywhere it is computed. */
export function derivedUuid(name: string): string {
  const b = createHash('sha256').update(name).digest();
  b[6] = 0x80 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function whatHappened(rule: ConflictRule, loser: Movement): string {
  switch (rule) {
    case 'reversal': return `movement ${loser.reverses} was reversed on more than one PC`;
    case 'receipt': return `transfer ${loser.docId} was received on more than one PC`;
    case 'close': return `hold ${loser.docId} was closed on more than one PC`;
    case 'recount': return `item ${loser.sku} was counted in two stock takes on different PCs, neither knowing of the other`;
  }
}

/**
 * The compensation that neutralises `loser`: its exact negation, pointing at it, on the loser's
 * document (so a hold's or a transfer's own fold sees it), at the loser's business time.
 */
export function compensationFor(loser: Movement): Movement {
  const key = conflictKeyOf(loser);
  const rule = key?.rule ?? 'reversal';
  const base: Omit<Movement, 'hash'> = {
    id: derivedUuid(`stock-ledger/compensation/${loser.id}`),
    deviceId: `${COMPENSATION_DEVICE_PREFIX}${loser.id}`,
    deviceSeq: 1,
    branch: loser.branch,
    sku: loser.sku,
    kind: 'reversal',
    qty: -loser.qty + 0,
    onHandDelta: -loser.onHandDelta + 0,
    reservedDelta: -loser.reservedDelta + 0,
    unitCost: loser.unitCost,
    docType: loser.docType,
    docId: loser.docId,
    docLine: loser.docLine,
    reverses: loser.id,
    note: `Offline conflict: ${whatHappened(rule, loser)}. The PC with the lowest device id keeps its action; this cancels the one by ${loser.actor} on device ${loser.deviceId} (row ${loser.deviceSeq}).`,
    actor: COMPENSATION_ACTOR,
    occurredAt: loser.occurredAt,
    recordedAt: loser.recordedAt,
    prevHash: GENESIS_HASH,
  };
  return { ...base, hash: hashMovement(base) };
}

/**
 * Given the rows just added and a way to read the competing rows, the compensations still missing.
 * `members` must return every stored row with the same lookup (the new ones included).
 */
export function missingCompensations(added: Movement[], members: (lookup: ConflictLookup) => Movement[], exists: (id: string) => boolean): Movement[] {
  const out = new Map<string, Movement>();
  const seen = new Set<string>();
  for (const m of added) {
    const key = conflictKeyOf(m);
    if (!key || seen.has(key.key)) continue;
    seen.add(key.key);
    const competing = members(key.lookup).filter((x) => conflictKeyOf(x)?.key === key.key);
    for (const loser of losersAmong(competing)) {
      const c = compensationFor(loser);
      if (!out.has(c.id) && !exists(c.id)) out.set(c.id, c);
    }
  }
  return [...out.values()];
}
