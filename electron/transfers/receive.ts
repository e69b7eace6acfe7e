import { requireBranch } from '../identity/branch';
import type { z } from 'zod';
import type { transferCommands, TransferView } from '../../shared/contract/transfers';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import type { TransferReceipt } from '../../shared/sync/protocol';
import { findItem, upsertItem } from '../catalogue/items';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';
import { enqueueDoc } from '../sync/outbox';
import { headSeq } from '../sync/state';
import { refuseRepeatedSkus } from './send';
import { findReceipt, findTransfer, saveReceipt, transferView } from './store';

type ReceiveInput = z.output<(typeof transferCommands)['transfers.receive']>;

/**
 * Confirms an inbound transfer: transfer_in for what arrived (one transaction), and a receipt with
 * sent vs received per line that goes to HQ and from there to the sender. Every line of the transfer
 * must be answered (0 for nothing arrived), so a forgotten line is never read as "all arrived".
 */
export function receiveTransfer(ledger: Ledger, p: ReceiveInput, now: number): TransferView {
  const { db } = ledger;
  const own = requireBranch(db, 'receive a transfer');
  refuseRepeatedSkus(p.lines, 'receipt');
  return writeTransaction(ledger, () => {
    const transfer = findTransfer(db, p.transferId);
    if (!transfer) throw new CommandError('NOT_FOUND', `Transfer ${p.transferId} has not reached this branch. Run sync (sync screen) so HQ can hand it over, then try again.`, { transferId: p.transferId });
    if (transfer.toBranch !== own) throw new CommandError('FORBIDDEN', `Transfer ${p.transferId} goes to branch ${transfer.toBranch}, not to this branch (${own}).`, { transferId: p.transferId, toBranch: transfer.toBranch });
    const earlier = findReceipt(db, p.transferId);
    if (earlier) {
      throw new CommandError('ALREADY_COMMITTED', `Transfer ${p.transferId} was already received on ${earlier.receivedAt} by ${earlier.actor}. It cannot be received twice; record an adjustment if that count was wrong.`, { transferId: p.transferId, receipt: earlier });
    }
    const given = new Map(p.lines.map((l) => [l.sku, l]));
    const missing = transfer.lines.filter((l) => !given.has(l.sku)).map((l) => l.sku);
    const sent = new Set(transfer.lines.map((l) => l.sku));
    const extra = p.lines.filter((l) => !sent.has(l.sku)).map((l) => l.sku);
    if (missing.length) throw new CommandError('VALIDATION', `Say how many arrived for every line of the transfer (0 if none): missing ${missing.join(', ')}.`, { missing });
    if (extra.length) throw new CommandError('VALIDATION', `${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not on transfer ${p.transferId}. Record goods that were not sent as a separate receipt.`, { extra });

    // The destination may not have the item yet when HQ's catalogue has not reached it: receiving must not wait for that.
    for (const l of transfer.lines) if (!findItem(db, l.sku)) upsertItem(db, { sku: l.sku, name: l.sku }, now);
    const lines = transfer.lines.map((l) => ({ sku: l.sku, sent: l.qty, received: given.get(l.sku)!.received, note: given.get(l.sku)!.note ?? null, unitCost: l.unitCost }));
    appendMovements(ledger, lines.flatMap((l, i) => (l.received > 0 ? [{
      sku: l.sku, kind: 'transfer_in' as const, qty: l.received, unitCost: l.unitCost, docType: 'transfer', docId: transfer.id, docLine: i,
      note: l.note ?? `from ${transfer.fromBranch}`, actor: p.actor, occurredAt: now,
    }] : [])), { now, enforceAvailability: false });
    const receipt: TransferReceipt = {
      transferId: transfer.id, branch: own, lines: lines.map(({ sku, sent: s, received, note }) => ({ sku, sent: s, received, note })), receivedAt: isoOf(now), actor: p.actor,
    };
    saveReceipt(db, receipt, now);
    enqueueDoc(db, 'receipt', transfer.id, receipt, headSeq(db, ledger.deviceId), now);
    return transferView(db, transfer, own);
  });
}
