import { createHash, randomBytes } from 'node:crypto';
import { HqError } from '../errors';
import { num, str, type Backend, type Row } from '../store/sql';
import { iso } from './db';
import { hashPassword, passwordProblem } from './passwords';

/** Head-office people who sign in to the console. Admins may change things; viewers only look. */
export type Role = 'admin' | 'viewer';
export const ROLES: Role[] = ['admin', 'viewer'];

export interface Operator { name: string; role: Role; createdAt: string; disabledAt: string | null; passwordChangedAt: string }
export interface SessionAuth { operator: string; role: Role; csrf: string; expiresAt: number }

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const toOperator = (r: Row): Operator => ({ name: String(r.name), role: String(r.role) as Role, createdAt: String(r.created_at), disabledAt: str(r.disabled_at), passwordChangedAt: String(r.password_changed_at) });
export const sessionHash = (token: string): string => createHash('sha256').update(`console-session:${token}`).digest('hex');

export interface SessionPolicy {
  /** A session ends this long after sign-in, whatever happens (default 12 h). */
  absoluteMs: number;
  /** …or after this long unused (default 2 h). */
  idleMs: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

export class OperatorStore {
  constructor(private readonly db: Backend, private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY) {}

  async add(name: string, role: Role, password: string, now = Date.now()): Promise<Operator> {
    if (!NAME.test(name)) throw new HqError(400, 'VALIDATION', 'An operator name is 1–64 letters, digits, ".", "_", "@" or "-".');
    if (!ROLES.includes(role)) throw new HqError(400, 'VALIDATION', `The role must be admin or viewer, not "${role}".`);
    const problem = passwordProblem(password);
    if (problem) throw new HqError(400, 'VALIDATION', problem);
    const hash = await hashPassword(password);
    return this.db.write(async (c) => {
      if ((await c.all(`SELECT name FROM operators WHERE name = ?`, [name])).length) throw new HqError(409, 'CONFLICT', `There is already an operator ${name}; use "operator passwd ${name}" to change the password.`);
      await c.run(`INSERT INTO operators (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)`, [name, role, hash, iso(now), iso(now)]);
      return { name, role, createdAt: iso(now), disabledAt: null, passwordChangedAt: iso(now) };
    }, { exclusive: false });
  }

  list(): Promise<Operator[]> {
    return this.db.read(async (c) => (await c.all(`SELECT * FROM operators ORDER BY name`)).map(toOperator));
  }

  /** The stored hash for a sign-in check, or null for an unknown or disabled operator. */
  credentials(name: string): Promise<{ role: Role; hash: string; disabled: boolean } | null> {
    return this.db.read(async (c) => {
      const [r] = await c.all(`SELECT role, password_hash, disabled_at FROM operators WHERE name = ?`, [name]);
      return r ? { role: String(r.role) as Role, hash: String(r.password_hash), disabled: r.disabled_at !== null && r.disabled_at !== undefined } : null;
    });
  }

  /** Disabling signs the operator out everywhere at once. */
  async disable(name: string, now = Date.now()): Promise<void> {
    await this.db.write(async (c) => {
      if (!(await c.run(`UPDATE operators SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL`, [iso(now), name]))) {
        throw new HqError(404, 'NOT_FOUND', `No active operator ${name}; see "operator list".`);
      }
      await c.run(`UPDATE operator_sessions SET revoked_at = ? WHERE operator = ? AND revoked_at IS NULL`, [iso(now), name]);
    }, { exclusive: false });
  }

  /** A new password signs the operator out of every existing session. */
  async setPassword(name: string, password: string, now = Date.now()): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new HqError(400, 'VALIDATION', problem);
    const hash = await hashPassword(password);
    await this.db.write(async (c) => {
      if (!(await c.run(`UPDATE operators SET password_hash = ?, password_changed_at = ? WHERE name = ?`, [hash, iso(now), name]))) {
        throw new HqError(404, 'NOT_FOUND', `No operator ${name}; see "operator list".`);
      }
      await c.run(`UPDATE operator_sessions SET revoked_at = ? WHERE operator = ? AND revoked_at IS NULL`, [iso(now), name]);
    }, { exclusive: false });
  }

  /** Starts a session: the cookie token is returned once and stored only as a hash. */
  async openSession(name: string, address: string, now = Date.now()): Promise<{ token: string; csrf: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = now + this.policy.absoluteMs;
    await this.db.write((c) => c.run(`INSERT INTO operator_sessions (token_hash, operator, csrf, created_at, last_used_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [sessionHash(token), name, csrf, now, now, expiresAt, address]), { exclusive: false });
    return { token, csrf, expiresAt };
  }

  /** The live session behind a cookie: not revoked, not expired, not idle too long, operator enabled. */
  async session(token: string, now = Date.now()): Promise<SessionAuth | null> {
    const hash = sessionHash(token);
    const [r] = await this.db.read((c) => c.all(`SELECT s.operator, s.csrf, s.expires_at, s.last_used_at, s.revoked_at, o.role, o.disabled_at
      FROM operator_sessions s JOIN operators o ON o.name = s.operator WHERE s.token_hash = ?`, [hash]));
    if (!r || r.revoked_at || r.disabled_at) return null;
    if (num(r.expires_at) <= now || num(r.last_used_at) + this.policy.idleMs <= now) return null;
    // Touch at most once a minute: reading pages should not become a stream of writes.
    if (now - num(r.last_used_at) > 60_000) await this.db.write((c) => c.run(`UPDATE operator_sessions SET last_used_at = ? WHERE token_hash = ?`, [now, hash]), { exclusive: false });
    return { operator: String(r.operator), role: String(r.role) as Role, csrf: String(r.csrf), expiresAt: num(r.expires_at) };
  }

  /** Ends every session of an operator (a lost laptop) without disabling them. Answers how many ended. */
  async revokeSessions(name: string, now = Date.now()): Promise<number> {
    // Only live sessions count (expired ones already let nobody in).
    return this.db.write((c) => c.run(`UPDATE operator_sessions SET revoked_at = ? WHERE operator = ? AND revoked_at IS NULL AND expires_at > ? AND last_used_at > ?`,
      [iso(now), name, now, now - this.policy.idleMs]), { exclusive: false });
  }

  async revokeSession(token: string, now = Date.now()): Promise<void> {
    await this.db.write((c) => c.run(`UPDATE operator_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`, [iso(now), sessionHash(token)]), { exclusive: false });
  }
}
