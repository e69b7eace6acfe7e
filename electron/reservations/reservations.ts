import type { Database } from 'better-sqlite3';
import type { Reservation } from '../../shared/contract/reservations';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { requireItem } from '../catalogue/items';
import { appendMovements } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared, preparedText } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';

const DOC_TYPE = 'reservation';

interface ReservationDbRow { ref: string; sku: string; name: string | null; qty: number; customer: string | null; expires_at: number | null; created_at: number; actor: string; held: number; taken: number; lines: number }

// How much is still held, and whether stock left the shelf, come from the ref's movements only.
const SELECT = `
  SELECT r.*, (SELECT i.name FROM items i WHERE i.sku = r.sku) AS name, coalesce(sum(m.reserved_delta), 0) AS held, coalesce(sum(m.on_hand_delta), 0) AS taken, count(m.seq) AS lines
  FROM reservations r LEFT JOIN movements m ON m.doc_type = '${DOC_TYPE}' AND m.doc_id = r.ref`;

const sql = (db: Database) => ({
  get: db.prepare(`${SELECT} WHERE r.ref = ? GROUP BY r.ref`),
  insert: db.prepare(`INSERT INTO reservations (ref, sku, qty, customer, expires_at, created_at, actor) VALUES (@ref, @sku, @qty, @customer, @expiresAt, @createdAt, @actor)`),
  expired: db.prepare(`${SELECT} WHERE r.expires_at IS NOT NULL AND r.expires_at <= ? GROUP BY r.ref HAVING held > 0`),
});

function toReservation(r: ReservationDbRow): Reservation {
  const state = r.held > 0 ? 'open' : r.taken < 0 ? 'fulfilled' : 'released';
  return { ref: r.ref, sku: r.sku, name: r.name ?? null, qty: r.qty, customer: r.customer, expiresAt: r.expires_at === null ? null : isoOf(r.expires_at), createdAt: isoOf(r.created_at), actor: r.actor, held: r.held, state };
}

function load(db: Database, ref: string): ReservationDbRow | undefined {
  return prepared(db, sql).get.get(ref) as ReservationDbRow | undefined;
}

function mustLoad(db: Database, ref: string): ReservationDbRow {
  const r = load(db, ref);
  if (!r) throw new CommandError('NOT_FOUND', `No reservation ${ref}. Check the reference on the customer's slip.`, { ref });
  return r;
}

/** Holds stock for a customer: reserved goes up, available goes down, on-hand stays. */
export function reserve(ledger: Ledger, p: { sku: string; qty: number; ref: string; expiresAt?: string; customer?: string; actor: string }, now: number): Reservation {
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const existing = load(db, p.ref);
    if (existing) {
      if (existing.sku === p.sku && existing.qty === p.qty) return toReservation(existing);
      throw new CommandError('CONFLICT', `Reservation ${p.ref} already exists for ${existing.qty} × ${existing.sku}. Use a new reference.`, { ref: p.ref });
    }
    requireItem(db, p.sku);
    const expiresAt = p.expiresAt ? Date.parse(p.expiresAt) : null;
    if (expiresAt !== null && expiresAt <= now) throw new CommandError('VALIDATION', 'The hold would expire before it starts. Pick a later expiry.', { expiresAt: p.expiresAt });
    appendMovements(ledger, [{ sku: p.sku, kind: 'reserve', qty: p.qty, docType: DOC_TYPE, docId: p.ref, docLine: 0, note: p.customer ?? null, actor: p.actor, occurredAt: now }], { now });
    prepared(db, sql).insert.run({ ref: p.ref, sku: p.sku, qty: p.qty, customer: p.customer ?? null, expiresAt, createdAt: now, actor: p.actor });
    return toReservation(mustLoad(db, p.ref));
  });
}

/**
 * Ends a hold by appending a release (goods back to available) or a fulfil (handed over: on-hand and
 * reserved go down together). Repeating the same end is harmless; the other end is refused.
 */
function close(ledger: Ledger, ref: string, kind: 'release' | 'fulfil', actor: string | undefined, now: number, note: string | null = null): Reservation {
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const r = mustLoad(db, ref);
    const current = toReservation(r);
    if (current.state !== 'open') {
      const wanted = kind === 'release' ? 'released' : 'fulfilled';
      if (current.state === wanted) return current;
      throw new CommandError('CONFLICT', `Reservation ${ref} was already ${current.state}; it cannot be ${wanted} now.`, { ref, state: current.state });
    }
    appendMovements(ledger, [{ sku: r.sku, kind, qty: r.held, docType: DOC_TYPE, docId: ref, docLine: r.lines, note, actor: actor ?? r.actor, occurredAt: now }], { now, enforceAvailability: false });
    return toReservation(mustLoad(db, ref));
  });
}

export const release = (ledger: Ledger, ref: string, actor: string | undefined, now: number) => close(ledger, ref, 'release', actor, now);
export const fulfil = (ledger: Ledger, ref: string, actor: string | undefined, now: number) => close(ledger, ref, 'fulfil', actor, now);

/** Releases every hold whose time has passed, by appended movements (never by editing). */
export function expireHolds(ledger: Ledger, now: number): string[] {
  const due = prepared(ledger.db, sql).expired.all(now) as ReservationDbRow[];
  for (const r of due) close(ledger, r.ref, 'release', 'system', now, 'hold expired');
  return due.map((r) => r.ref);
}

export function listReservations(db: Database, p: { sku?: string; state?: 'open' | 'released' | 'fulfilled' | 'all' }): Reservation[] {
  const where = p.sku ? 'WHERE r.sku = @sku' : '';
  const rows = preparedText(db, `${SELECT} ${where} GROUP BY r.ref ORDER BY coalesce(r.expires_at, 9e15), r.created_at LIMIT 1000`).all(p.sku ? { sku: p.sku } : {}) as ReservationDbRow[];
  const state = p.state ?? 'open';
  return rows.map(toReservation).filter((r) => state === 'all' || r.state === state);
}
