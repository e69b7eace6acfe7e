import type { Database } from 'better-sqlite3';
import { CommandError } from '../../shared/errors';
import type { ChainHead } from '../../shared/sync/protocol';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';
import { divergence, DIVERGENCE_KEYS, setDivergenceMeta, type Divergence } from './divergenceState';
import { headSeq } from './state';
import { deviceCodeSql } from '../ledger/leanRows';

/**
 * Divergence detection (DESIGN.md "Divergence"). HQ tells the PC what it holds of this device (the
 * acknowledged sequence and its row at the top); the PC compares with its own file. If HQ holds rows
 * the file lacks, or its row at that sequence is not the file's, the file went back in time (a
 * restored backup, a power cut on synchronous=NORMAL) and the PC has since recorded different rows
 * under the same sequences. Pushing then would either be refused or, worse, skip rows silently, so
 * the PC stops pushing until a manager runs the recovery (./recover.ts).
 */

const sql = (db: Database) => ({
  hashAt: db.prepare(`SELECT hash FROM movements WHERE device = ${deviceCodeSql} AND device_seq = ?`),
});

export const RECOVER_HINT = 'A manager can press "Recover" on the Sync screen (or run sync.recover): the rows HQ holds come back to this PC and the rows recorded here since are sent again under a new device id. Until then this PC keeps recording but does not sync.';

/** Compares HQ's view of this device with the file; null when they agree. */
export function findDivergence(ledger: Ledger, ackedSeq: number, head: ChainHead | undefined, now: number): Divergence | null {
  const { db, deviceId } = ledger;
  const local = headSeq(db, deviceId);
  if (ackedSeq > local) {
    return {
      detectedAt: new Date(now).toISOString(), hqSeq: ackedSeq, localHead: local, firstDifferentSeq: local + 1,
      message: `HQ already holds ${ackedSeq} rows recorded on this PC, but this PC's ledger has only ${local}: the ledger file went back in time (restored from a backup, or the PC lost power). ${RECOVER_HINT}`,
    };
  }
  if (head) {
    const mine = prepared(db, sql).hashAt.get(deviceId, head.seq) as { hash: string } | undefined;
    if (!mine || mine.hash !== head.hash) {
      return {
        detectedAt: new Date(now).toISOString(), hqSeq: ackedSeq, localHead: local, firstDifferentSeq: head.seq,
        message: `Row ${head.seq} of this PC at HQ is not the row ${head.seq} in this PC's ledger: the ledger file went back in time (restored from a backup, or the PC lost power) and different movements were recorded since. ${RECOVER_HINT}`,
      };
    }
  }
  return null;
}

/** Records the divergence (the status bar and sync screen show it) and refuses with DIVERGED. */
export function stopForDivergence(ledger: Ledger, d: Divergence): never {
  // The round's own error handling records the sentence in the recent problems (once).
  writeTransaction(ledger, () => setDivergenceMeta(ledger.db, DIVERGENCE_KEYS.diverged, d));
  throw divergedError(d);
}

export function divergedError(d: Divergence): CommandError {
  return new CommandError('DIVERGED', d.message, { hqSeq: d.hqSeq, localHead: d.localHead, firstDifferentSeq: d.firstDifferentSeq, detectedAt: d.detectedAt });
}

/** Throws DIVERGED if this PC stopped for divergence and was not recovered yet. */
export function refuseIfDiverged(db: Database): void {
  const d = divergence(db);
  if (d) throw divergedError(d);
}

/** Checks HQ's answer and stops the round on a mismatch. */
export function assertSameChain(ledger: Ledger, ackedSeq: number, head: ChainHead | undefined, now: number): void {
  const d = findDivergence(ledger, ackedSeq, head, now);
  if (d) stopForDivergence(ledger, d);
}
