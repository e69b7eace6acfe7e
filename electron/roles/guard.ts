import type { Database } from 'better-sqlite3';
import type { ManagerApproval } from '../../shared/contract/approval';
import { AGE_LIMITED, MANAGER_ONLY } from '../../shared/roles/managerOnly';
import { CommandError } from '../../shared/errors';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { readSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import { signIn, userById } from '../users/users';
import type { Caller } from './caller';

/**
 * Manager-only commands, enforced where commands run. Over the app's transports a command in
 * MANAGER_ONLY runs only for a signed-in manager, or with a manager's approval (name + PIN) sent with
 * it; the approval is checked like a sign-in (wrong PINs counted, five lock the manager out for a
 * while) and recorded in the command log with what it approved. The CLI is the shop's operator.
 */
export interface Authorization {
  /** The manager who approved (by PIN on the spot), or null when a signed-in manager did it. */
  approvedBy: string | null;
  /** The signed-in user over the app, if any. */
  actor: string | null;
}

const sql = (db: Database) => ({
  recordedAt: db.prepare(`SELECT recorded_at FROM movements WHERE id = ?`),
  // By (doc_type, doc_id): movements_doc serves it; doc_id alone scanned the whole table on every document reversal.
  docRecordedAt: db.prepare(`SELECT max(recorded_at) AS t FROM movements WHERE doc_type = ? AND doc_id = ?`),
  log: db.prepare(`INSERT INTO command_log (at, command, via, actor, approved_by, subject) VALUES (?, ?, ?, ?, ?, ?)`),
  firstRun: db.prepare(`SELECT count(*) AS n FROM users`),
});

type Payload = Record<string, unknown> & { approval?: ManagerApproval };

/** Does this call need a manager? Reversals only beyond the branch's clerk age limit. */
function needsManager(db: Database, command: string, payload: Payload, now: number): boolean {
  if (!Object.prototype.hasOwnProperty.call(MANAGER_ONLY, command)) return false;
  // The very first user of a fresh ledger is created without anyone to approve it.
  if ((command === 'users.upsert' || command === 'setup.complete') && (prepared(db, sql).firstRun.get() as { n: number }).n === 0) return false;
  if (!AGE_LIMITED.has(command)) return true;
  const hours = readSettings(db).clerkReversalHours;
  const s = prepared(db, sql);
  const recorded = typeof payload.movementId === 'string'
    ? (s.recordedAt.get(payload.movementId) as { recorded_at: number } | undefined)?.recorded_at
    : typeof payload.id === 'string' && typeof payload.type === 'string' ? (s.docRecordedAt.get(payload.type, payload.id) as { t: number | null } | undefined)?.t ?? undefined : undefined;
  if (recorded === undefined) return false; // the command itself says what is missing
  return now - recorded > hours * 3_600_000;
}

export function authorize(ledger: Ledger, caller: Caller, command: string, payload: Payload, now: number): Authorization {
  if (caller.transport !== 'ui') return { approvedBy: null, actor: null };
  const db = ledger.db;
  const signedIn = caller.session.userId ? userById(db, caller.session.userId) : null;
  const actor = signedIn?.active ? signedIn.name : null;
  if (!needsManager(db, command, payload, now)) return { approvedBy: null, actor };
  if (signedIn?.active && signedIn.role === 'manager') return { approvedBy: null, actor };
  const what = MANAGER_ONLY[command]!;
  if (!payload.approval) {
    throw new CommandError('APPROVAL_REQUIRED', `Only a manager can ${what}. Ask a manager to sign in, or to approve it here with their name and PIN.`, { command, needs: 'manager' });
  }
  // Counted like a sign-in: a wrong PIN is remembered even though the command is refused.
  const approver = signIn(ledger, { name: payload.approval.manager, pin: payload.approval.pin }, now);
  if (approver.role !== 'manager') {
    throw new CommandError('FORBIDDEN', `${approver.name} is a clerk, not a manager, so cannot approve this: only a manager can ${what}. Ask a manager to enter their name and PIN.`, { command, approver: approver.name });
  }
  return { approvedBy: approver.name, actor };
}

/** Records a manager-only command that ran (with its approver) and every CLI operation that made a document. */
export function logCommand(ledger: Ledger, caller: Caller, command: string, auth: Authorization, payload: Payload, result: unknown, now: number): void {
  if (caller.transport === 'script') return;
  const managerOnly = Object.prototype.hasOwnProperty.call(MANAGER_ONLY, command);
  const subject = subjectOf(command, payload, result);
  if (!managerOnly && !(caller.transport === 'cli' && subject)) return;
  if (!ledger.db.open || ledger.db.readonly) return;
  const actor = caller.transport === 'cli' ? `${typeof payload.actor === 'string' ? payload.actor : 'operator'} (CLI)` : auth.actor ?? (typeof payload.actor === 'string' ? payload.actor : null);
  writeTransaction(ledger, () => prepared(ledger.db, sql).log.run(now, command, caller.transport === 'cli' ? 'cli' : 'app', actor, auth.approvedBy, subject));
}

function subjectOf(command: string, payload: Payload, result: unknown): string | null {
  const r = (result ?? {}) as Record<string, unknown>;
  if (typeof r.id === 'string') return r.id;
  if (command === 'settings.set') {
    const keys = Object.keys(payload).filter((k) => k !== 'approval');
    return `settings:${keys.join(',')}`;
  }
  if (command.startsWith('users.')) return typeof r.id === 'string' ? r.id : null;
  if (typeof payload.sessionId === 'string') return payload.sessionId;
  return null;
}

export interface CommandLogEntry { at: number; command: string; via: string; actor: string | null; approvedBy: string | null; subject: string | null }

export function commandLogFor(db: Database, subject: string): CommandLogEntry[] {
  return (db.prepare(`SELECT at, command, via, actor, approved_by AS approvedBy, subject FROM command_log WHERE subject = ? ORDER BY id`).all(subject) as CommandLogEntry[]);
}
