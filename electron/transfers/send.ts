import { requireBranch } from '../identity/branch';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { transferCommands, TransferView } from '../../shared/contract/transfers';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import type { Transfer } from '../../shared/sync/protocol';
import { requireItems } from '../catalogue/items';
import { findRecorded, requestHash, saveDocumentHeader } from '../documents/store';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';
import { enqueueDoc } from '../sync/outbox';
import { knownBranches } from '../sync/branches';
import { headSeq } from '../sync/state';
import { findTransfer, saveTransfer, transferView } from './store';
import { outflowCost } from '../costs/outflowCost';

type SendInput = z.output<(typeof transferCommands)['transfers.send']>;

const sql = (db: Database) => ({
  // For goods the sender holds no cost layers for (sold below zero): the latest inflow that carried a
  // cost. Chosen by delta sign, not by kind.
  lastInflowCost: db.prepare(`SELECT unit_cost FROM movements WHERE sku = ? AND on_hand_delta > 0 AND unit_cost IS NOT NULL ORDER BY seq DESC LIMIT 1`),
});

function senderUnitCost(db: Database, movementId: string, sku: string): number | null {
  const fifo = outflowCost(db, movementId);
  if (fifo.unitCost !== null && fifo.pendingQty === 0) return fifo.unitCost;
  return (prepared(db, sql).lastInflowCost.get(sku) as { unit_cost: number } | undefined)?.unit_cost ?? fifo.unitCost;
}

export function refuseRepeatedSkus(lines: Array<{ sku: string }>, what: string): void {
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.sku)) throw new CommandError('VALIDATION', `${l.sku} appears twice on the ${what}. Put each item on one line with the total quantity.`, { sku: l.sku });
    seen.add(l.sku);
  }
}

/** Once HQ gave its list of branches, a transfer goes to one of them: a typo would leave stock in transit for ever. */
function refuseUnknownBranch(db: Database, toBranch: string, own: string): void {
  const known = knownBranches(db, own);
  if (!known || known.branches.some((b) => b.code === toBranch)) return;
  const some = known.branches.slice(0, 8).map((b) => b.code).join(', ');
  throw new CommandError('VALIDATION', `HQ knows no branch ${toBranch}. Pick the receiving branch from the list${some ? ` (${some}${known.branches.length > 8 ? ', …' : ''})` : ''}; if it is new, sync once so this PC learns it.`, { field: 'toBranch', toBranch });
}

/**
 * Sends stock to another branch: one transfer_out row per line now (on-hand goes down at once, like a
 * sale, so the usual availability rule applies), and the header queued for HQ, which hands it to the
 * destination. The stock is "in transit" until the destination confirms what arrived.
 */
export function sendTransfer(ledger: Ledger, p: SendInput, now: number): TransferView {
  const { db } = ledger;
  const own = requireBranch(db, 'send a transfer');
  if (p.toBranch === own) throw new CommandError('VALIDATION', `A transfer goes to another branch: ${p.toBranch} is this branch. Pick the branch that should receive the goods.`, { toBranch: p.toBranch });
  refuseRepeatedSkus(p.lines, 'transfer');
  const id = p.id ?? uuidv7(now);
  const hash = requestHash({ toBranch: p.toBranch, lines: p.lines, note: p.note ?? null, actor: p.actor });
  return writeTransaction(ledger, () => {
    if (findRecorded(db, id, 'transfer', hash)) return transferView(db, findTransfer(db, id)!, own);
    refuseUnknownBranch(db, p.toBranch, own);
    requireItems(db, p.lines.map((l) => l.sku));
    // The outflow is priced by the sender's FIFO layers (in this same transaction); the destination's
    // transfer in carries that cost, so the goods keep their value across branches.
    const appended = appendMovements(ledger, p.lines.map((l, i) => ({
      sku: l.sku, kind: 'transfer_out', qty: l.qty, unitCost: null, docType: 'transfer', docId: id, docLine: i,
      note: p.note ?? `to ${p.toBranch}`, actor: p.actor, occurredAt: now,
    })), { now });
    const lines = p.lines.map((l, i) => ({ sku: l.sku, qty: l.qty, unitCost: senderUnitCost(db, appended[i]!.id, l.sku) }));
    saveDocumentHeader(db, { id, type: 'transfer', actor: p.actor, note: p.note ?? null, occurredAt: now, recordedAt: now, requestHash: hash });
    const transfer: Transfer = { id, fromBranch: own, toBranch: p.toBranch, lines, sentAt: isoOf(now), actor: p.actor, note: p.note ?? null };
    saveTransfer(db, transfer, now);
    enqueueDoc(db, 'transfer', id, transfer, headSeq(db, ledger.deviceId), now);
    return transferView(db, transfer, own);
  });
}
