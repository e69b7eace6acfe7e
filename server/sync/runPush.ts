import { itemSchema } from '../../shared/contract/items';
import { composeBarcodes } from '../../shared/domain/barcodes';
import type { Movement } from '../../shared/movements/row';
import type { Transfer, TransferReceipt } from '../../shared/sync/protocol';
import { HqError } from '../errors';
import type { PushInput, PushResult } from '../store/store';
import { checkOwnership, lookupKeys, planPush, type DeviceChainState, type QuarantinedRow } from './planPush';
import { settleConflicts, type ConflictTx } from './settleConflicts';

/**
 * What a store supplies to run one push inside its write transaction. Each method is one (bulk)
 * statement; the rules are all in runPush/planPush, shared by SQLite and PostgreSQL.
 */
export interface PushTx extends ConflictTx {
  /** Locks the device's row for the rest of the transaction. */
  deviceState(deviceId: string): Promise<(DeviceChainState & { preBranchThroughSeq: number }) | null>;
  movementsByIds(ids: string[]): Promise<Map<string, Movement>>;
  movementsBySeqs(deviceId: string, seqs: number[]): Promise<Map<number, Movement>>;
  knownSkus(skus: string[]): Promise<Set<string>>;
  transfersByIds(ids: string[]): Promise<Map<string, Transfer>>;
  receiptsByTransferIds(ids: string[]): Promise<Map<string, TransferReceipt>>;
  insertLearnedItems(items: LearnedItem[], now: string): Promise<void>;
  insertTransfers(transfers: Transfer[], now: string): Promise<void>;
  insertReceipts(receipts: TransferReceipt[], now: string): Promise<void>;
  /** Stores rows under `branch` (the device's), keeping a differing label of a pre-branch row. */
  insertMovements(rows: Movement[], receivedAt: string, branch?: string): Promise<void>;
  insertQuarantine(rows: QuarantinedRow[], device: { deviceId: string; branch: string }, receivedAt: string): Promise<void>;
  /** Adds deltas to the per-branch balance cache; answers the on-hand after. */
  applyBalances(branch: string, deltas: Map<string, { onHand: number; reserved: number }>): Promise<Map<string, number>>;
  recordNegative(branch: string, rows: Array<{ sku: string; onHand: number }>, now: string): Promise<void>;
  saveDeviceState(deviceId: string, state: DeviceChainState & { pending: number | null; clockSkewMs: number | null }, now: string): Promise<void>;
}

/** An item HQ first hears of from a branch. `barcodes` is its whole list, the primary (`barcode`) first. */
export interface LearnedItem { sku: string; name: string; category: string | null; brand: string | null; barcode: string | null; barcodes: string[]; unit: string | null; learnedFrom: string }

const canonicalTransfer = (t: Transfer) => JSON.stringify([t.id, t.fromBranch, t.toBranch, t.lines.map((l) => [l.sku, l.qty, l.unitCost ?? null]), t.sentAt, t.actor, t.note ?? null]);
const canonicalReceipt = (r: TransferReceipt) => JSON.stringify([r.transferId, r.branch, r.lines.map((l) => [l.sku, l.sent, l.received, l.note ?? null]), r.receivedAt, r.actor]);

export async function runPush(tx: PushTx, input: PushInput): Promise<PushResult> {
  const { deviceId, branch } = input.device;
  const req = input.request;
  const nowIso = new Date(input.now).toISOString();
  const transfers = req.transfers ?? [];
  const receipts = req.transferReceipts ?? [];

  for (const t of transfers) {
    if (t.fromBranch !== branch) throw new HqError(403, 'FORBIDDEN', `Transfer ${t.id} says it was sent by branch ${t.fromBranch}, but this device belongs to branch ${branch}. Nothing from this batch was stored.`, { transferId: t.id });
  }
  for (const r of receipts) {
    if (r.branch !== branch) throw new HqError(403, 'FORBIDDEN', `A receipt of transfer ${r.transferId} names branch ${r.branch}, but this device belongs to branch ${branch}. Nothing from this batch was stored.`, { transferId: r.transferId });
  }

  const device = await tx.deviceState(deviceId);
  if (!device) throw new HqError(401, 'UNAUTHORIZED', 'This device is not enrolled at HQ; enroll it with a code from HQ.');
  const { preBranchThroughSeq, ...state } = device;
  checkOwnership(req.movements, deviceId, branch, preBranchThroughSeq);
  const keys = lookupKeys(req.movements, state.lastSeq);
  const plan = planPush({
    deviceId, branch, state, rows: req.movements, now: input.now, futureLimitMs: input.futureLimitMs,
    storedById: keys.ids.length ? await tx.movementsByIds(keys.ids) : new Map(),
    storedBySeq: keys.resentSeqs.length ? await tx.movementsBySeqs(deviceId, keys.resentSeqs) : new Map(),
  });

  const newTransfers = await unseen(transfers, (t) => t.id, tx.transfersByIds.bind(tx), canonicalTransfer, 'Transfer');
  const transferIds = receipts.map((r) => r.transferId);
  const knownTransfers = transferIds.length ? await tx.transfersByIds(transferIds) : new Map<string, Transfer>();
  for (const r of receipts) {
    const t = knownTransfers.get(r.transferId) ?? transfers.find((x) => x.id === r.transferId);
    if (t && t.toBranch !== branch) throw new HqError(403, 'FORBIDDEN', `Transfer ${r.transferId} was sent to branch ${t.toBranch}; branch ${branch} cannot record its receipt. Nothing from this batch was stored.`, { transferId: r.transferId });
  }
  const newReceipts = await unseen(receipts, (r) => r.transferId, tx.receiptsByTransferIds.bind(tx), canonicalReceipt, 'The receipt of transfer');

  // Items HQ does not know yet are accepted and flagged for review: a branch must be able to receive
  // goods before HQ's catalogue catches up. HQ's own catalogue entries win over a branch's copy.
  const offered = new Map((req.items ?? []).flatMap((raw) => {
    const i = itemSchema.safeParse(raw);
    return i.success ? [[i.data.sku, i.data] as const] : [];
  }));
  const skus = new Set<string>([...plan.accepted.map((m) => m.sku), ...offered.keys()]);
  for (const t of newTransfers) for (const l of t.lines) skus.add(l.sku);
  const known = skus.size ? await tx.knownSkus([...skus]) : new Set<string>();
  const learned: LearnedItem[] = [...skus].filter((s) => !known.has(s)).map((sku) => {
    const i = offered.get(sku);
    // A branch that predates barcode lists sends only `barcode`: then that is the whole list.
    const barcodes = i ? composeBarcodes(i, { barcode: null, barcodes: [] }, 'none') : [];
    return { sku, name: i?.name ?? sku, category: i?.category ?? null, brand: i?.brand ?? null, barcode: barcodes[0] ?? null, barcodes, unit: i?.unit ?? null, learnedFrom: branch };
  });

  if (learned.length) await tx.insertLearnedItems(learned, nowIso);
  if (newTransfers.length) await tx.insertTransfers(newTransfers, nowIso);
  if (newReceipts.length) await tx.insertReceipts(newReceipts, nowIso);
  // Quarantine notices take their change sequences before the rows behind them: a PC never holds a row
  // after a gap without the notice that explains the gap.
  if (plan.quarantined.length) await tx.insertQuarantine(plan.quarantined, input.device, nowIso);
  if (plan.accepted.length) {
    await tx.insertMovements(plan.accepted, nowIso, branch);
    // Offline conflicts these rows reveal are settled here, by appended compensations (never by refusing a row).
    const compensations = await settleConflicts(tx, branch, plan.accepted, nowIso);
    const deltas = new Map<string, { onHand: number; reserved: number }>();
    for (const m of [...plan.accepted, ...compensations]) {
      const d = deltas.get(m.sku) ?? { onHand: 0, reserved: 0 };
      d.onHand += m.onHandDelta;
      d.reserved += m.reservedDelta;
      deltas.set(m.sku, d);
    }
    const after = await tx.applyBalances(branch, deltas);
    // Negative stock (two offline PCs sold the same unit) is never refused: recorded when it happens.
    const wentNegative = [...after].filter(([sku, onHand]) => onHand < 0 && onHand - deltas.get(sku)!.onHand >= 0);
    if (wentNegative.length) await tx.recordNegative(branch, wentNegative.map(([sku, onHand]) => ({ sku, onHand })), nowIso);
  }
  const deviceTime = req.deviceTime ? Date.parse(req.deviceTime) : NaN;
  await tx.saveDeviceState(deviceId, { ...plan.state, pending: req.pending ?? null, clockSkewMs: Number.isNaN(deviceTime) ? null : deviceTime - input.now }, nowIso);

  return {
    ackedSeq: plan.state.lastSeq,
    accepted: plan.accepted.length,
    duplicates: plan.duplicates,
    quarantined: plan.quarantined.map((q) => ({ deviceSeq: q.deviceSeq, id: q.id, reason: q.reason })),
  };
}

/** Documents HQ has not seen; an id HQ holds with different content is refused (409), never overwritten. */
async function unseen<T>(docs: T[], key: (d: T) => string, fetch: (ids: string[]) => Promise<Map<string, T>>, canonical: (d: T) => string, label: string): Promise<T[]> {
  if (!docs.length) return [];
  const stored = await fetch(docs.map(key));
  const fresh = new Map<string, T>();
  for (const d of docs) {
    const prior = stored.get(key(d)) ?? fresh.get(key(d));
    if (prior) {
      if (canonical(prior) !== canonical(d)) {
        throw new HqError(409, 'CONFLICT', `${label} ${key(d)} differs from the copy HQ already holds; HQ keeps the first. Nothing from this batch was stored.`, { id: key(d) });
      }
      continue;
    }
    fresh.set(key(d), d);
  }
  return [...fresh.values()];
}
