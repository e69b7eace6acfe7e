import type { Movement } from '../../shared/movements/row';
import { conflictKeyOf, missingCompensations, type ConflictLookup } from '../../shared/sync/conflicts';

/** What HQ's push transaction supplies to settle offline conflicts (pushTx.ts). */
export interface ConflictTx {
  /** Every row of the branch that reverses one of `reversed`, belongs to one of `documents`, or is a stock-take row of one of `counted`. */
  conflictCandidates(branch: string, reversed: string[], documents: Array<[docType: string, docId: string]>, counted: string[]): Promise<Movement[]>;
  movementsByIds(ids: string[]): Promise<Map<string, Movement>>;
  insertMovements(rows: Movement[], receivedAt: string): Promise<void>;
}

const lookupKey = (l: ConflictLookup) => (l.by === 'reverses' ? `r:${l.id}` : l.by === 'document' ? `d:${l.docType}\u0000${l.docId}` : `s:${l.sku}`);

/**
 * Inside the push that reveals an offline conflict, appends the compensations the shared rule asks for
 * (shared/sync/conflicts.ts): the same rows, with the same ids, that every PC of the branch appends
 * when it learns of the conflict, so sync dedupes them. A compensation can itself compete (a clerk
 * also reversed the losing row), hence the loop; it ends because each round only adds compensations
 * of rows not yet compensated.
 */
export async function settleConflicts(tx: ConflictTx, branch: string, accepted: Movement[], receivedAt: string): Promise<Movement[]> {
  const appended: Movement[] = [];
  let fresh = accepted;
  for (let round = 0; fresh.length && round < 20; round++) {
    const lookups = new Map<string, ConflictLookup>();
    for (const m of fresh) {
      const key = conflictKeyOf(m);
      if (key) lookups.set(lookupKey(key.lookup), key.lookup);
    }
    if (!lookups.size) break;
    const reversed: string[] = [];
    const documents: Array<[string, string]> = [];
    const counted: string[] = [];
    for (const l of lookups.values()) {
      if (l.by === 'reverses') reversed.push(l.id);
      else if (l.by === 'document') documents.push([l.docType, l.docId]);
      else counted.push(l.sku);
    }
    const candidates = await tx.conflictCandidates(branch, reversed, documents, counted);
    const byLookup = new Map<string, Movement[]>();
    for (const m of candidates) {
      const key = conflictKeyOf(m);
      if (!key) continue;
      const k = lookupKey(key.lookup);
      byLookup.set(k, [...(byLookup.get(k) ?? []), m]);
    }
    const wanted = missingCompensations(fresh, (l) => byLookup.get(lookupKey(l)) ?? [], () => false);
    if (!wanted.length) break;
    const stored = await tx.movementsByIds(wanted.map((c) => c.id));
    fresh = wanted.filter((c) => !stored.has(c.id));
    if (fresh.length) {
      await tx.insertMovements(fresh, receivedAt);
      appended.push(...fresh);
    }
  }
  return appended;
}
