import { z } from 'zod';
import { actor, docId, empty, note, positiveQty, sku } from './common';

const branchCode = z.string().trim().min(1, 'toBranch is required').max(32).regex(/^[A-Za-z0-9_-]+$/, 'branch code: letters, digits, - and _ only');

export const transferCommands = {
  /** Sends stock to another branch: transfer_out now, transfer_in only when the other branch confirms. */
  'transfers.send': z.object({
    toBranch: branchCode,
    lines: z.array(z.object({ sku, qty: positiveQty })).min(1, 'a transfer needs at least one line').max(1000),
    id: docId.optional(),
    note: note(1000).optional(),
    actor,
  }),
  /** Transfers to this branch that have not been received yet. */
  'transfers.inbound': empty,
  /** Confirms what arrived, line by line; each line of the transfer must be answered once. */
  'transfers.receive': z.object({
    transferId: docId,
    lines: z.array(z.object({
      sku,
      received: z.number().int('received must be a whole number').nonnegative('received cannot be negative').max(1_000_000_000),
      note: note(500).optional(),
    })).min(1).max(1000),
    actor,
  }),
  /** Every transfer this branch sent or received, newest first, with its status and discrepancies. */
  'transfers.list': empty,
  /**
   * The branches a transfer can go to, as HQ last listed them (this branch left out). `known` is false
   * while this PC never got the list from HQ: then "To branch" is typed.
   */
  'transfers.branches': empty,
};

export interface TransferBranches {
  known: boolean;
  branches: Array<{ code: string; name: string }>;
  /** When HQ gave the list (the last successful sync round), null when never. */
  fetchedAt: string | null;
}

export type TransferStatus = 'in_transit' | 'received' | 'received_with_discrepancy';

export interface TransferLineView {
  sku: string;
  name: string | null;
  qty: number;
  unitCost: number | null;
  /** null while in transit. */
  received: number | null;
  /** received − sent (negative = short); null while in transit. */
  difference: number | null;
  note: string | null;
}

export interface TransferView {
  id: string;
  fromBranch: string;
  toBranch: string;
  direction: 'out' | 'in';
  status: TransferStatus;
  sentAt: string;
  actor: string;
  note: string | null;
  lines: TransferLineView[];
  receipt: { branch: string; receivedAt: string; actor: string } | null;
  /** Has HQ acknowledged this branch's part (the transfer it sent, or the receipt it recorded)? */
  syncedToHq: boolean;
}

export interface TransferResults {
  'transfers.send': TransferView;
  'transfers.inbound': { rows: TransferView[] };
  'transfers.receive': TransferView;
  'transfers.list': { rows: TransferView[] };
  'transfers.branches': TransferBranches;
}
