import type { Database } from 'better-sqlite3';
import { UNASSIGNED_BRANCH } from '../../shared/contract/ledger';
import { CommandError } from '../../shared/errors';
import { prepared } from '../ledger/prepared';
import { readSettings } from '../ledger/settings';
import { deviceCodeSql } from '../ledger/leanRows';

/**
 * Branch identity. A ledger belongs to one branch, held in its settings (`branchCode`, null until
 * assigned), not on each row: every movement in this file belongs to the ledger's branch. A row's
 * own `branch` field is the label it was recorded under (covered by its hash, never rewritten); rows
 * recorded before a branch was assigned carry UNASSIGNED (or, in files from before this rule, the
 * silent default MAIN) and belong to the branch assigned later. HQ learns at enrolment up to which
 * device sequence such labels occur and files those rows under the enrolled branch.
 */
const sql = (db: Database) => ({
  count: db.prepare(`SELECT count(*) AS n FROM movements`),
  lastMislabelled: db.prepare(`SELECT coalesce(max(device_seq), 0) AS seq FROM movement_rows WHERE device = ${deviceCodeSql} AND branch <> ?`),
  head: db.prepare(`SELECT coalesce(max(device_seq), 0) AS seq FROM movement_rows WHERE device = ${deviceCodeSql}`),
  enrolledFor: db.prepare(`SELECT value FROM meta WHERE key = 'sync_branch'`),
});

/** The label new rows carry: the assigned branch, or UNASSIGNED before setup/enrolment. */
export function rowBranchLabel(db: Database): string {
  return readSettings(db).branchCode ?? UNASSIGNED_BRANCH;
}

/** The assigned branch, or a clear refusal naming what to do first. */
export function requireBranch(db: Database, what: string): string {
  const code = readSettings(db).branchCode;
  if (code === null) throw new CommandError('CONFLICT', `This shop has no branch yet, so it cannot ${what}. Finish the first-start setup (branch code, name and time zone) or connect to HQ with an enrolment code first.`, { branch: null });
  return code;
}

export function movementCount(db: Database): number {
  return (prepared(db, sql).count.get() as { n: number }).n;
}

/**
 * Refuses to change the branch of a ledger that already has one and has movements (they all belong to
 * it), or of a PC connected to HQ for another branch. The first assignment is always allowed.
 */
export function refuseBranchChange(db: Database, next: string): void {
  const current = readSettings(db).branchCode;
  if (current === null || current === next) return;
  const enrolled = (prepared(db, sql).enrolledFor.get() as { value: string } | undefined)?.value;
  if (enrolled && enrolled !== next) {
    throw new CommandError('CONFLICT', `This PC is connected to HQ as branch ${enrolled}, so its branch code cannot become ${next}. To work for branch ${next}, set up that branch's own PC (or a new ledger file) with an enrolment code for ${next}; to rename this branch, change only its name.`, { branch: current, requested: next });
  }
  const n = movementCount(db);
  if (n > 0) {
    throw new CommandError('CONFLICT', `This ledger already belongs to branch ${current} and holds ${n} movement${n === 1 ? '' : 's'} of that branch, so its branch code cannot change to ${next}. To rename the branch, change only its name; to run branch ${next}, set up a new ledger for it (first-start setup or an enrolment code for ${next}).`, { branch: current, requested: next, movements: n });
  }
}

/**
 * The last sequence of this device whose row carries a label other than `branch` (rows recorded before
 * the branch was assigned). With no branch yet, every row so far predates the assignment.
 */
export function preBranchThroughSeq(db: Database, deviceId: string, branch: string | null): number {
  const s = prepared(db, sql);
  return branch === null ? (s.head.get(deviceId) as { seq: number }).seq : (s.lastMislabelled.get(deviceId, branch) as { seq: number }).seq;
}
