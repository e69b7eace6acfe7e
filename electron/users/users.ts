import type { Database } from 'better-sqlite3';
import type { Clerk, ClerkRole } from '../../shared/contract/users';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';
import { hashPin, pinMatches } from './pin';

/** After this many wrong PINs in a row a user is locked for LOCK_MS. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 60_000;

interface UserDbRow { id: string; name: string; role: ClerkRole; pin_salt: string; pin_hash: string; active: number; failed_attempts: number; locked_until: number | null; created_at: number; updated_at: number }

const sql = (db: Database) => ({
  all: db.prepare(`SELECT * FROM users ORDER BY name COLLATE NOCASE`),
  count: db.prepare(`SELECT count(*) AS n FROM users`),
  byId: db.prepare(`SELECT * FROM users WHERE id = ?`),
  byName: db.prepare(`SELECT * FROM users WHERE name = ? COLLATE NOCASE`),
  activeManagers: db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'manager' AND active = 1 AND id <> ?`),
  insert: db.prepare(`INSERT INTO users (id, name, role, pin_salt, pin_hash, active, created_at, updated_at) VALUES (@id, @name, @role, @salt, @hash, 1, @now, @now)`),
  update: db.prepare(`UPDATE users SET name = @name, role = @role, pin_salt = @salt, pin_hash = @hash, failed_attempts = 0, locked_until = NULL, updated_at = @now WHERE id = @id`),
  setActive: db.prepare(`UPDATE users SET active = @active, updated_at = @now WHERE id = @id`),
  failed: db.prepare(`UPDATE users SET failed_attempts = @failed, locked_until = @lockedUntil WHERE id = @id`),
  succeeded: db.prepare(`UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?`),
});

function toClerk(r: UserDbRow): Clerk {
  return { id: r.id, name: r.name, role: r.role, active: r.active === 1, createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at) };
}

export function userById(db: Database, id: string): Clerk | null {
  const r = prepared(db, sql).byId.get(id) as UserDbRow | undefined;
  return r ? toClerk(r) : null;
}

export function listUsers(db: Database, includeDisabled = false): { rows: Clerk[]; firstRun: boolean } {
  const rows = (prepared(db, sql).all.all() as UserDbRow[]).filter((r) => includeDisabled || r.active === 1);
  return { rows: rows.map(toClerk), firstRun: (prepared(db, sql).count.get() as { n: number }).n === 0 };
}

/** Changing who may work here is a manager's job; the only exception is the very first user. */
function requireManager(db: Database, actor: string | undefined): void {
  const s = prepared(db, sql);
  if ((s.count.get() as { n: number }).n === 0) return;
  const who = actor ? (s.byName.get(actor) as UserDbRow | undefined) : undefined;
  if (!who || who.active !== 1 || who.role !== 'manager') {
    throw new CommandError('FORBIDDEN', `Only a manager can change clerks${actor ? `, and ${actor} is not one` : ''}. Ask a manager to sign in.`, { actor: actor ?? null });
  }
}

/** `approvedBy`: a manager who approved on the spot (checked by the command layer's guard). */
export function upsertUser(ledger: Ledger, p: { id?: string; name: string; pin?: string; role?: ClerkRole; actor?: string }, now: number, approvedBy: string | null = null): Clerk {
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const s = prepared(db, sql);
    const firstUser = (s.count.get() as { n: number }).n === 0;
    requireManager(db, approvedBy ?? p.actor);
    const sameName = s.byName.get(p.name) as UserDbRow | undefined;
    if (sameName && sameName.id !== p.id) {
      throw new CommandError('CONFLICT', `There is already a clerk called ${sameName.name}. Pick another name, or edit that clerk.`, { name: p.name });
    }
    if (!p.id) {
      if (!p.pin) throw new CommandError('VALIDATION', `Give ${p.name} a PIN of 4 to 8 digits.`, { field: 'pin' });
      const { salt, hash } = hashPin(p.pin);
      const id = uuidv7(now);
      // The first user must be able to manage the others.
      s.insert.run({ id, name: p.name, role: firstUser ? 'manager' : p.role ?? 'clerk', salt, hash, now });
      return toClerk(s.byId.get(id) as UserDbRow);
    }
    const current = s.byId.get(p.id) as UserDbRow | undefined;
    if (!current) throw new CommandError('NOT_FOUND', `No clerk with id ${p.id}.`, { id: p.id });
    const role = p.role ?? current.role;
    if (current.role === 'manager' && role !== 'manager' && current.active === 1 && (s.activeManagers.get(current.id) as { n: number }).n === 0) {
      throw new CommandError('CONFLICT', `${current.name} is the only manager. Make someone else a manager first.`, { id: p.id });
    }
    const secret = p.pin ? hashPin(p.pin) : { salt: current.pin_salt, hash: current.pin_hash };
    s.update.run({ id: p.id, name: p.name, role, salt: secret.salt, hash: secret.hash, now });
    return toClerk(s.byId.get(p.id) as UserDbRow);
  });
}

export function setUserActive(ledger: Ledger, p: { userId: string; active: boolean; actor: string }, now: number, approvedBy: string | null = null): Clerk {
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const s = prepared(db, sql);
    requireManager(db, approvedBy ?? p.actor);
    const current = s.byId.get(p.userId) as UserDbRow | undefined;
    if (!current) throw new CommandError('NOT_FOUND', `No clerk with id ${p.userId}.`, { id: p.userId });
    if (!p.active && current.role === 'manager' && (s.activeManagers.get(current.id) as { n: number }).n === 0) {
      throw new CommandError('CONFLICT', `${current.name} is the only active manager and cannot be disabled. Make someone else a manager first.`, { id: p.userId });
    }
    s.setActive.run({ id: p.userId, active: p.active ? 1 : 0, now });
    return toClerk(s.byId.get(p.userId) as UserDbRow);
  });
}

/**
 * Checks a PIN. Wrong PINs are counted; after MAX_FAILED_ATTEMPTS the user waits LOCK_MS. The count is
 * committed before the refusal is thrown (a throw inside the transaction would roll it back).
 */
export function signIn(ledger: Ledger, p: { userId?: string; name?: string; pin: string }, now: number): Clerk {
  const outcome = writeTransaction(ledger, (): { clerk: Clerk } | { refusal: CommandError } => {
    const s = prepared(ledger.db, sql);
    const user = (p.userId ? s.byId.get(p.userId) : s.byName.get(p.name)) as UserDbRow | undefined;
    if (!user || user.active !== 1) {
      return { refusal: new CommandError('UNAUTHORIZED', `There is no active clerk${p.name ? ` called ${p.name}` : ' with that id'}. Pick your name from the list.`) };
    }
    if (user.locked_until !== null && user.locked_until > now) {
      const seconds = Math.ceil((user.locked_until - now) / 1000);
      return { refusal: new CommandError('UNAUTHORIZED', `Too many wrong PINs for ${user.name}. Wait ${seconds} seconds and try again.`, { lockedUntil: isoOf(user.locked_until) }) };
    }
    if (!pinMatches(p.pin, user.pin_salt, user.pin_hash)) {
      const failed = user.failed_attempts + 1;
      const locked = failed >= MAX_FAILED_ATTEMPTS;
      s.failed.run({ id: user.id, failed: locked ? 0 : failed, lockedUntil: locked ? now + LOCK_MS : null });
      return { refusal: new CommandError('UNAUTHORIZED', locked
        ? `Too many wrong PINs for ${user.name}. Wait ${LOCK_MS / 1000} seconds and try again.`
        : `That PIN is not right for ${user.name}. Try again.`, { attemptsLeft: locked ? 0 : MAX_FAILED_ATTEMPTS - failed }) };
    }
    s.succeeded.run(user.id);
    return { clerk: toClerk(user) };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return outcome.clerk;
}
