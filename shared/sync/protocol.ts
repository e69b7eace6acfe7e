import { z } from 'zod';
import { safeText } from '../contract/common';
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

/**
 * Enrolment is retry-safe: the token is derived from the device key and the code, so the same code with
 * the same key answers the same token again (a lost answer costs nothing), and a device id stays bound to
 * the key it first enrolled with. `expectBranch` is the PC's assigned branch (HQ refuses a code for another
 * branch before using it); `preBranchThroughSeq` is the last device sequence recorded before the PC had
 * that branch: those rows carry an older label and HQ files them under the enrolled branch.
 */
export const enrollRequest = z.object({
  code: z.string().trim().min(4).max(100),
  deviceId: z.string().min(1).max(100),
  deviceName: z.string().max(200).optional(),
  deviceKey: z.string().min(32).max(200).optional(),
  expectBranch: z.string().min(1).max(32).nullable().optional(),
  preBranchThroughSeq: z.number().int().nonnegative().optional(),
  /** The device sequence from which this PC will seal its rows with the key HQ issues (its head + 1). */
  sealFrom: z.number().int().positive().optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;
/** An object other concerns may extend (e.g. a per-device secret); clients ignore fields they do not know. */
export const enrollResponse = z.object({
  token: z.string().min(20),
  deviceId: z.string(),
  branch: z.object({ code: z.string(), name: z.string(), timeZone: z.string().nullable().optional() }),
  /** The device's sealing key (base64) and the sequence sealing starts at; HQ keeps the key to verify. */
  seal: z.object({ key: z.string().min(40), from: z.number().int().positive() }).optional(),
  epoch: z.string(),
  serverTime: z.string(),
});

/** A transfer as the sending branch records it; travels with the push that carries its transfer_out rows. */
// Text that HQ stores and PCs show: no control characters or lone surrogates (PostgreSQL cannot store U+0000).
const word = (max: number) => safeText(z.string().min(1).max(max));
const freeText = (max: number) => safeText(z.string().max(max), true);
export const transferSchema = z.object({
  id: word(100),
  fromBranch: word(32),
  toBranch: word(32),
  lines: z.array(z.object({ sku: word(64), qty: z.number().int().positive().max(1_000_000_000), unitCost: z.number().int().nonnegative().max(1e12).nullable() })).min(1),
  sentAt: word(40),
  actor: word(100),
  note: freeText(1000).nullable(),
});
export type Transfer = z.infer<typeof transferSchema>;

/** What the receiving branch counted in; the difference per line is the discrepancy everyone sees. */
export const transferReceiptSchema = z.object({
  transferId: word(100),
  branch: word(32),
  lines: z.array(z.object({ sku: word(64), sent: z.number().int().nonnegative().max(1_000_000_000), received: z.number().int().nonnegative().max(1_000_000_000), note: freeText(1000).nullable() })).min(1),
  receivedAt: word(40),
  actor: word(100),
});
export type TransferReceipt = z.infer<typeof transferReceiptSchema>;

export const pushRequest = z.object({
  deviceId: z.string().min(1),
  /** The device's rows in device-sequence order, starting right after what HQ acknowledged. */
  movements: z.array(z.unknown()).max(5000),
  /**
   * Items this branch created that HQ may not know yet (HQ accepts and flags them for review). Each is
   * read alone (itemSchema): one HQ cannot store is ignored, never the reason a push fails.
   */
  items: z.array(z.unknown()).max(5000).optional(),
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
 * GET /v1/branches (device token) → BranchesResponse: the branches HQ knows other than the caller's own,
 * for the transfer form's "To branch" list. The PC keeps the last answer, so the list works offline.
 */
export const hqBranch = z.object({ code: z.string().min(1).max(32), name: z.string().max(200) });
export type HqBranch = z.infer<typeof hqBranch>;
export const branchesResponse = z.object({ branches: z.array(hqBranch).max(10_000), serverTime: z.string() });

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

/**
 * A row of this branch that HQ set aside (status open) or decided on (accepted: HQ now holds it as a
 * movement and sends it; rejected: it never becomes one). A PC uses these to tell a gap HQ made in
 * another device's chain from a removed row, and to show the fate of its own quarantined rows.
 */
export const quarantineNotice = z.object({
  deviceId: z.string(),
  deviceSeq: z.number().int().positive(),
  id: z.string().nullable(),
  /** The quarantined row's hash when it recomputes: the next row of that device links to it. */
  hash: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['open', 'accepted', 'rejected']),
  note: z.string().nullable(),
});
export type QuarantineNotice = z.infer<typeof quarantineNotice>;

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
  /** Quarantine notices of this branch (absent from an older HQ). */
  quarantine: z.array(quarantineNotice).optional(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponse>;

/**
 * How a PC reads a pull answer: the envelope strictly, each entry on its own (electron/sync/review), so
 * one entry it cannot store is parked instead of making the whole page unreadable.
 */
export const pullEnvelope = pullResponse.extend({
  movements: z.array(z.unknown()),
  items: z.array(z.unknown()),
  transfers: z.array(z.unknown()),
  transferReceipts: z.array(z.unknown()),
  quarantine: z.array(z.unknown()).optional(),
});
export type PullEnvelope = z.infer<typeof pullEnvelope>;

/**
 * POST /v1/parked: what this PC could not store from its pulls (its review list), so HQ sees it too.
 * Answered { recorded: n }. Re-reporting an entry replaces HQ's copy (e.g. when it later applied).
 */
export const parkedReport = z.object({
  kind: z.enum(['item', 'movement', 'transfer', 'receipt', 'notice']),
  key: safeText(z.string().min(1).max(200)),
  reason: safeText(z.string().min(1).max(2000), true),
  at: z.string().max(40),
  applied: z.boolean(),
});
export type ParkedReport = z.infer<typeof parkedReport>;
export const parkedRequest = z.object({ entries: z.array(parkedReport).min(1).max(500) });

export const protocolError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });
