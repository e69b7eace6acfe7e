import { z } from 'zod';
import { itemSchema } from '../contract/items';
import { movementSchema } from '../movements/row';

/**
 * The replication protocol between a branch device and HQ (DESIGN.md "Replication").
 * Every request carries PROTOCOL_HEADER; HQ answers an unknown version with 426 and code
 * UNSUPPORTED_PROTOCOL ("update the app"). Every error body is `{ error: { code, message, details? } }`
 * (the same shape as the command layer's errors). Authenticated routes take
 * `Authorization: Bearer <device token>`; HQ takes the branch from the token, never from the body.
 *
 *   GET  /v1/health                       → HealthResponse (no auth)
 *   POST /v1/enroll    EnrollRequest      → EnrollResponse (rate-limited per client address)
 *   GET  /v1/sync/state                   → SyncStateResponse (what HQ holds of this device)
 *   POST /v1/push      PushRequest        → PushResponse
 *   GET  /v1/pull?cursor=N&limit=M        → PullResponse
 *
 * Status codes: 400 VALIDATION (malformed JSON or body), 401 UNAUTHORIZED (no/unknown/revoked token),
 * 403 FORBIDDEN (rows of another branch, or another device's rows), 409 SEQUENCE_GAP (details.expectedSeq),
 * 409 CONFLICT (same id, different payload; details.id), 413 PAYLOAD_TOO_LARGE, 426 UNSUPPORTED_PROTOCOL,
 * 429 RATE_LIMITED (Retry-After), 503 SERVER_ERROR (Retry-After).
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-stock-ledger-protocol';

export const healthResponse = z.object({ ok: z.literal(true), epoch: z.string(), protocol: z.number().int(), serverTime: z.string() });

export const enrollRequest = z.object({
  code: z.string().trim().min(4).max(100),
  deviceId: z.string().min(1).max(100),
  deviceName: z.string().max(200).optional(),
  /** The device sequence from which this PC will seal its rows with the key HQ issues (its head + 1). */
  sealFrom: z.number().int().positive().optional(),
});
export const enrollResponse = z.object({
  token: z.string().min(20),
  deviceId: z.string(),
  branch: z.object({ code: z.string(), name: z.string() }),
  /** The device's sealing key (base64) and the sequence sealing starts at; HQ keeps the key to verify. */
  seal: z.object({ key: z.string().min(40), from: z.number().int().positive() }).optional(),
  epoch: z.string(),
  serverTime: z.string(),
});

/** A transfer as the sending branch records it; travels with the push that carries its transfer_out rows. */
export const transferSchema = z.object({
  id: z.string().min(1).max(100),
  fromBranch: z.string().min(1),
  toBranch: z.string().min(1),
  lines: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().positive(), unitCost: z.number().int().nonnegative().nullable() })).min(1),
  sentAt: z.string(),
  actor: z.string().min(1),
  note: z.string().nullable(),
});
export type Transfer = z.infer<typeof transferSchema>;

/** What the receiving branch counted in; the difference per line is the discrepancy everyone sees. */
export const transferReceiptSchema = z.object({
  transferId: z.string().min(1),
  branch: z.string().min(1),
  lines: z.array(z.object({ sku: z.string().min(1), sent: z.number().int().nonnegative(), received: z.number().int().nonnegative(), note: z.string().nullable() })).min(1),
  receivedAt: z.string(),
  actor: z.string().min(1),
});
export type TransferReceipt = z.infer<typeof transferReceiptSchema>;

export const pushRequest = z.object({
  deviceId: z.string().min(1),
  /** The device's rows in device-sequence order, starting right after what HQ acknowledged. */
  movements: z.array(z.unknown()).max(5000),
  /** Items this branch created that HQ may not know yet (HQ accepts and flags them for review). */
  items: z.array(itemSchema).max(5000).optional(),
  transfers: z.array(transferSchema).max(1000).optional(),
  transferReceipts: z.array(transferReceiptSchema).max(1000).optional(),
  /** How many rows the device still has waiting after this batch (shown at HQ as backlog). */
  pending: z.number().int().nonnegative().optional(),
  /** The device clock when it sent this, so HQ can report skew. */
  deviceTime: z.string().optional(),
});
export type PushRequest = z.infer<typeof pushRequest>;
/** Rows are validated one by one at HQ (movementSchema) so a malformed row is quarantined, not fatal. */
export { movementSchema };

/**
 * HQ's copy of a device's chain at its head: the highest row of the device HQ stores as a movement.
 * The device compares it with its own row at that sequence; a difference means its ledger went back
 * in time (a restored backup, a lost commit) and it must stop pushing (DESIGN.md "Divergence").
 */
export const chainHead = z.object({ seq: z.number().int().positive(), hash: z.string() }).nullable();
export type ChainHead = z.infer<typeof chainHead>;

export const pushResponse = z.object({
  /** The highest device sequence HQ has durably stored (accepted or quarantined). Move the cursor to this only. */
  ackedSeq: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  quarantined: z.array(z.object({ deviceSeq: z.number().int(), id: z.string().nullable(), reason: z.string() })),
  /** HQ's row at the top of what it stores of this device (optional: older HQs do not send it). */
  chainHead: chainHead.optional(),
  epoch: z.string(),
  serverTime: z.string(),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const syncStateResponse = z.object({
  epoch: z.string(),
  deviceId: z.string(),
  branch: z.string(),
  ackedSeq: z.number().int().nonnegative(),
  chainHead: chainHead.optional(),
  /** Set when this device was replaced by a fresh chain after a recovery: it may push nothing more. */
  retiredInto: z.string().nullable().optional(),
  serverTime: z.string(),
});

/**
 * Recovery after divergence (electron/sync/recover.ts):
 *   GET  /v1/recover/rows?after=N&limit=M  → RecoverRowsResponse: HQ's rows of the calling device, in device order
 *   POST /v1/recover/fork  ForkRequest      → EnrollResponse for the new device id (same branch), linked to the old
 * The old device takes no more rows once forked; repeating the fork with the same new id answers again.
 */
export const recoverRowsResponse = z.object({ movements: z.array(movementSchema), hasMore: z.boolean(), epoch: z.string(), serverTime: z.string() });
/**
 * The new device's token is chosen by the PC (32 random bytes, base64url) and kept until the fork is
 * answered, so a retried fork (a lost or duplicated request) sets the same token: never one the PC lacks.
 */
export const forkRequest = z.object({ newDeviceId: z.string().min(1).max(100), lastCommonSeq: z.number().int().nonnegative(), token: z.string().min(40).max(100) });

export const catalogueItem = itemSchema.extend({ updatedAt: z.string() });

export const pullResponse = z.object({
  epoch: z.string(),
  /** Pass back as `cursor` next time; store it in the same transaction as what was applied. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** This branch's movements recorded by its other devices. */
  movements: z.array(movementSchema),
  /** Catalogue changes since the cursor. */
  items: z.array(catalogueItem),
  /** Transfers to this branch (inbound), and this branch's own transfers (for their status). */
  transfers: z.array(transferSchema),
  /** Receipts of transfers this branch sent or received. */
  transferReceipts: z.array(transferReceiptSchema),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponse>;

export const protocolError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });
