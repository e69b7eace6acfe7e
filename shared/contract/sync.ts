import { z } from 'zod';
import { actor, empty } from './common';

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
  }),
  'sync.status': empty,
  /** Runs one sync round now (after any round already running) and answers with its counts. */
  'sync.now': empty,
  /**
   * A manager brings back a PC whose ledger went back in time (sync.now answers DIVERGED): the rows HQ
   * holds come back, the rows recorded here since go to HQ under a new device id. Nothing is rewritten.
   */
  'sync.recover': z.object({ actor }).strict(),
};

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
  'sync.configure': { branch: { code: string; name: string }; serverUrl: string; deviceId: string };
  'sync.status': SyncStatus;
  'sync.now': SyncRoundResult;
  'sync.recover': SyncRecoverResult;
}
