import type { Movement } from '../../shared/movements/row';
import type { ChainHead, PullResponse, PushRequest, PushResponse, Transfer, TransferReceipt } from '../../shared/sync/protocol';
import type { ItemFields } from '../../shared/contract/items';
import type { ParkedReport } from '../../shared/sync/protocol';
import type { QuarantineDecision, QuarantineResolution } from '../sync/resolveQuarantine';
import type { ConflictEntry } from './common/conflictReports';

export type { ConflictEntry };

/**
 * HQ's storage, one interface with two implementations: embedded SQLite (default, a file in the data
 * directory) and PostgreSQL (DATABASE_URL). The push and pull rules live once, in server/sync/, and
 * run inside each store's write/read transaction; the stores only supply the SQL.
 *
 * Times HQ stamps are ISO strings (UTC). A movement's own occurredAt/recordedAt strings are kept
 * verbatim, since its hash covers them.
 */
export interface HqStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Minted when the store is created; a restore from backup shows clients a different HQ history only if the epoch differs. */
  readonly epoch: string;
  close(): Promise<void>;
  /** Mints a new epoch (after restoring HQ from a backup, with HQ stopped): clients then re-send and re-pull. */
  renewEpoch(): Promise<string>;

  addBranch(branch: { code: string; name: string; timeZone?: string | null }, now?: number): Promise<Branch>;
  setBranchTimeZone(code: string, timeZone: string | null): Promise<void>;
  listBranches(): Promise<Branch[]>;

  /** Stores a one-time enrollment code (hashed) for a branch. NOT_FOUND for an unknown branch. */
  addEnrollmentCode(input: { branch: string; codeHash: string; expiresAt: number }, now?: number): Promise<void>;
  /** Redeems a code: marks it used and enrolls (or re-enrolls) the device; a refusal leaves the code unused. */
  enrollDevice(input: EnrollInput, now?: number): Promise<{ branch: Branch; retried: boolean; seal: { key: string; from: number } | null }>;
  /** Every enrolment attempt with its outcome; refusals carry the sentence the PC was given. */
  logEnrollment(entry: Omit<EnrollmentLogEntry, 'id' | 'at'>, now?: number): Promise<void>;
  listEnrollments(filter?: { refusedOnly?: boolean; limit?: number }): Promise<EnrollmentLogEntry[]>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceAuth | null>;
  /** Marks a device seen (auth hook, throttled by the caller). */
  touchDevice(deviceId: string, now?: number): Promise<void>;
  revokeDevice(deviceId: string, now?: number): Promise<boolean>;
  listDevices(): Promise<DeviceInfo[]>;
  deviceAckedSeq(deviceId: string): Promise<number>;

  /** HQ's catalogue entry (clears the review flag of an item learned from a branch). */
  upsertItem(item: CatalogueInput, now?: number): Promise<HqItem>;
  listItems(filter?: { review?: boolean }): Promise<HqItem[]>;
  getItem(sku: string): Promise<HqItem | null>;

  push(input: PushInput): Promise<PushResult>;
  pull(input: PullInput): Promise<PullResult>;

  /** Each branch's on-hand, reserved and in-transit for one item (every known branch, zeros included). */
  stock(sku: string): Promise<BranchStock[]>;
  branchStatus(code: string): Promise<BranchStatus | null>;
  transfers(filter?: { inTransitOnly?: boolean }): Promise<TransferView[]>;
  inTransitByItem(): Promise<Array<{ sku: string; fromBranch: string; toBranch: string; qty: number; transfers: number }>>;
  quarantine(filter?: { deviceId?: string }): Promise<QuarantineEntry[]>;
  /** An operator's decision on a quarantined row (server/sync/resolveQuarantine.ts); appended, never edited. */
  resolveQuarantine(decision: QuarantineDecision, now?: number): Promise<QuarantineResolution>;
  /** What a PC could not store from a pull, as it reported it. */
  recordParked(device: { deviceId: string; branch: string }, entries: ParkedReport[], now?: number): Promise<void>;
  parkedReports(filter?: { branch?: string }): Promise<Array<ParkedReport & { deviceId: string; branch: string; reportedAt: string }>>;
  /** Branch/item pairs whose on-hand is below zero now, with when it first went negative. */
  negativeStock(): Promise<NegativeStock[]>;
  /** HQ's row at the top of what it stores of a device (divergence check), null when none. */
  chainHead(deviceId: string): Promise<ChainHead>;
  forkState(deviceId: string): Promise<{ retiredInto: string | null; forkedFrom: string | null }>;
  /** A device's own rows in device order (recovery after its ledger went back in time). */
  deviceRows(deviceId: string, after: number, limit: number): Promise<Movement[]>;
  /** Retires a device into a fresh chain of the same branch (recovery); answers the branch. */
  forkDevice(input: { deviceId: string; newDeviceId: string; tokenHash: string; lastCommonSeq: number }, now?: number): Promise<{ branch: { code: string; name: string } }>;
  /** Offline conflicts HQ settled by a compensation (flagged for review), newest first. */
  conflicts(filter?: { branch?: string }): Promise<ConflictEntry[]>;
  /** Every stored movement, in server order (tests, export, verify). */
  movements(filter?: { branch?: string; deviceId?: string; afterServerSeq?: number; limit?: number }): Promise<StoredMovement[]>;
  /** Recomputes every device's hash chain; quarantined rows break the chain only where they sit. */
  verifyChains(): Promise<ChainReport>;
}

export interface Branch { code: string; name: string; createdAt: string; timeZone?: string | null }

export interface EnrollInput {
  codeHash: string;
  deviceId: string;
  deviceName: string | null;
  tokenHash: string;
  /** Hash of the PC's device key: binds the device id to the PC that first enrolled it. */
  keyHash?: string | null;
  /** The PC's assigned branch: a code for another branch is refused before it is used. */
  expectBranch?: string | null;
  preBranchThroughSeq?: number;
  /** A sealing key HQ proposes for the device; a device that already has one keeps its first. */
  seal?: { key: string; from: number };
}

export interface EnrollmentLogEntry {
  id: number;
  at: string;
  outcome: 'enrolled' | 'retried' | 'refused';
  branch: string | null;
  deviceId: string | null;
  deviceName: string | null;
  reason: string | null;
  requestId: string | null;
  client: string | null;
}

export interface DeviceAuth { deviceId: string; branch: string; revokedAt: string | null }

export interface DeviceInfo {
  deviceId: string;
  branch: string;
  name: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastPushAt: string | null;
  /** Highest device sequence HQ holds (accepted or quarantined). */
  lastSeq: number;
  /** Rows the device said it still had waiting at its last push. */
  backlog: number;
  /** Device clock minus HQ clock at the last push (ms), when the device sent its time. */
  clockSkewMs: number | null;
  movements: number;
  quarantined: number;
}

/** The catalogue fields HQ accepts for an item: the same shape the branch's items.upsert takes. */
export type CatalogueInput = ItemFields;

export interface HqItem {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  /** The primary barcode: the first of `barcodes`. */
  barcode: string | null;
  /** Every code of the item, the primary first (the pull carries them to the branches). */
  barcodes: string[];
  unit: string | null;
  /** Learned from a branch's push and not yet confirmed by HQ. */
  needsReview: boolean;
  learnedFrom: string | null;
  updatedAt: string;
}

export interface PushInput {
  device: { deviceId: string; branch: string };
  request: PushRequest;
  now: number;
  /** A row whose occurredAt is further ahead of HQ's clock than this is quarantined. */
  futureLimitMs: number;
}
export type PushResult = Omit<PushResponse, 'epoch' | 'serverTime'>;

export interface PullInput { branch: string; deviceId: string; cursor: number; limit: number }
export type PullResult = Omit<PullResponse, 'epoch' | 'serverTime'>;

export interface StoredMovement extends Movement { serverSeq: number; receivedAt: string }

export interface BranchStock {
  branch: string;
  name: string;
  onHand: number;
  reserved: number;
  available: number;
  /** Sent to this branch, not received yet. */
  inTransit: number;
  /** Sent by this branch, not received yet. */
  inTransitOut: number;
}

export interface BranchStatus {
  branch: Branch;
  devices: { active: number; revoked: number; lastSeenAt: string | null; backlog: number };
  movements: number;
  lastReceivedAt: string | null;
  items: number;
  quarantined: number;
  negativeStock: NegativeStock[];
  transfers: { inTransitOut: number; inTransitIn: number; withDiscrepancy: number };
}

export interface TransferView extends Transfer {
  storedAt: string;
  status: 'in_transit' | 'received' | 'received_with_discrepancy';
  receipt: TransferReceipt | null;
  /** Received on more than one PC of the receiving branch: counted once by the conflict rule, flagged for review (`conflicts`). */
  receivedTwice: boolean;
  /** Per sku: received − sent (negative = short), only for lines that differ. */
  discrepancies: Array<{ sku: string; sent: number; received: number; difference: number; note: string | null }>;
}

export interface QuarantineEntry {
  id: number;
  deviceId: string;
  branch: string;
  deviceSeq: number;
  movementId: string | null;
  reason: string;
  /** The row exactly as pushed (JSON). */
  payload: string;
  receivedAt: string;
  /** The operator's decision, once made. */
  resolution: { decision: 'accepted' | 'rejected'; note: string; actor: string; resolvedAt: string } | null;
}

export interface NegativeStock { branch: string; sku: string; onHand: number; since: string }

export interface ChainReport {
  ok: boolean;
  devices: number;
  rows: number;
  problems: Array<{ deviceId: string; deviceSeq: number; problem: string }>;
}
