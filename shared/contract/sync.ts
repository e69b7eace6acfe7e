import { z } from 'zod';
import { actor, empty } from './common';
import { managerApproval } from './approval';

function isHttpUrl(u: string): boolean {
  try {
    return /^https?:$/.test(new URL(u).protocol);
  } catch {
    return false;
  }
}

/** Commands of the replication client (electron/sync). */
export const syncCommands = {
  /** Enrolls this PC with HQ once: the code (from `stock-ledger-hq enroll BRANCH`) picks the branch. */
  'sync.configure': z.object({
    serverUrl: z.string().trim().max(500).refine(isHttpUrl, 'serverUrl must be an address like http://hq.example:8080'),
    enrollmentCode: z.string().trim().min(4, 'the enrollment code is at least 4 characters').max(100),
    deviceName: z.string().trim().max(200).optional(),
    approval: managerApproval.optional(),
  }),
  'sync.status': empty,
  /** Runs one sync round now (after any round already running) and answers with its counts. */
  'sync.now': empty,
  /**
   * A manager brings back a PC whose ledger went back in time (sync.now answers DIVERGED): the rows HQ
   * holds come back, the rows recorded here since go to HQ under a new device id. Nothing is rewritten.
   */
  'sync.recover': z.object({ actor }).strict(),
  /**
   * The review list: what pulls delivered that this PC could not store (an item HQ's catalogue got wrong, a
   * row it cannot apply), with the reason; and this PC's rows HQ quarantined, with HQ's decision.
   */
  'sync.parked': empty,
};

/** What an enrolment assigned: the branch (code, name and the zone the ledger now uses), HQ's address, this PC's id. */
export interface EnrolmentResult {
  branch: { code: string; name: string; timeZone: string };
  /** HQ supplied the branch's zone and this ledger took it (its first branch). */
  zoneFromHq: boolean;
  serverUrl: string;
  deviceId: string;
}

export interface ParkedEntryView {
  id: number;
  kind: 'item' | 'movement' | 'transfer' | 'receipt' | 'notice';
  key: string;
  reason: string;
  /** What HQ sent (JSON, possibly shortened). */
  payload: string;
  at: string;
  /** Told HQ (POST /v1/parked) at. */
  reportedAt: string | null;
  /** A later pull delivered it in a shape this PC could store. */
  appliedAt: string | null;
}

export interface SyncParked {
  /** Entries still parked (not applied since). */
  open: number;
  rows: ParkedEntryView[];
  /** This PC's rows HQ set aside, and what HQ decided (open until an operator resolves them). */
  quarantined: Array<{ deviceSeq: number; id: string | null; reason: string; status: 'open' | 'accepted' | 'rejected'; note: string | null }>;
}

export interface SyncErrorEntry {
  at: string;
  code: string;
  message: string;
}

export interface SyncStatus {
  configured: boolean;
  serverUrl: string | null;
  branch: string | null;
  deviceId: string;
  /** Did the last attempt reach HQ? null until the first attempt. */
  online: boolean | null;
  running: boolean;
  /** This PC's rows HQ has not acknowledged yet. */
  pending: number;
  ackedSeq: number;
  headSeq: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** The last failure in plain words (cleared by the next success). */
  lastError: string | null;
  recentErrors: SyncErrorEntry[];
  /** HQ's clock minus this PC's clock; shown, never used for ordering. */
  clockSkewMs: number | null;
  clockWarning: string | null;
  /** The round in progress: rows pushed so far of the backlog it started with. */
  progress: { pushed: number; pending: number } | null;
  nextAttemptAt: string | null;
  /** Rows HQ set aside as malformed (reported, never dropped silently). */
  quarantined: Array<{ deviceSeq: number; id: string | null; reason: string; at: string }>;
  /** Items whose stock went below zero after replication: flagged for a compensating movement. */
  negativeStock: Array<{ sku: string; onHand: number }>;
  /** Set when this PC's ledger no longer matches what HQ holds of it: sync is stopped until a manager recovers it. */
  diverged: { message: string; detectedAt: string; hqSeq: number; localHead: number; firstDifferentSeq: number | null } | null;
  /**
   * What the sync scheduler is doing and what it decided lately, for support and failed-test reports (a write
   * that did not go by itself). Only in the process that runs the scheduler (the app's ledger worker); null elsewhere.
   */
  scheduler: SchedulerDiagnostics | null;
}

export interface SchedulerDiagnostics {
  /** A scheduled round is running (rounds started by "Sync now" show in `running` above). */
  roundInFlight: boolean;
  /** Something asked for another round while one ran: it follows the current one. */
  roundAfterThis: boolean;
  /** When the scheduler's timer fires next (null: no timer armed). */
  timerDueAt: string | null;
  /** Writes wait for this retry (set after a failed round). */
  backingOffUntil: string | null;
  failuresInARow: number;
  rounds: number;
  /** The last look for new rows of this device, and the newest row it saw. */
  lastWatchAt: string | null;
  lastHeadSeen: number | null;
  stopped: boolean;
  /** Its latest decisions, newest first (at most 20). */
  recent: Array<{ at: string; event: string }>;
}

export interface SyncRecoverResult {
  oldDeviceId: string;
  newDeviceId: string;
  lastCommonSeq: number;
  restored: number;
  resent: number;
  /** The round run right after (null when it failed: the recovery stands, sync retries by itself). */
  round: SyncRoundResult | null;
  roundError: string | null;
}

export interface SyncRoundResult {
  pushed: number;
  duplicates: number;
  quarantined: number;
  batches: number;
  pulled: { movements: number; items: number; transfers: number; receipts: number };
  pending: number;
  epochChanged: boolean;
  ms: number;
}

export interface SyncResults {
  'sync.configure': EnrolmentResult;
  'sync.status': SyncStatus;
  'sync.now': SyncRoundResult;
  'sync.recover': SyncRecoverResult;
  'sync.parked': SyncParked;
}
