import type { Database } from 'better-sqlite3';
import type { StocktakeProgress, StocktakeScope, StocktakeSession, StocktakeStatus } from '../../shared/contract/stocktake';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { requireItems } from '../catalogue/items';
import { requestHash } from '../documents/store';
import type { Ledger } from '../ledger/open';
import { prepared, preparedText } from '../ledger/prepared';
import { ledgerPosition } from '../ledger/stockAt';
import { writeTransaction } from '../ledger/write';

/** The source-document type of a stock take's adjustment movements (docId = session id). */
export const STOCKTAKE_DOC_TYPE = 'stocktake';

export interface SessionRow {
  id: string;
  scope_kind: StocktakeScope['kind'];
  scope_value: string | null;
  blind: number;
  note: string | null;
  started_by: string;
  started_at: number;
  start_position: number;
  request_hash: string;
}

export interface ClosingRow {
  session_id: string;
  outcome: 'committed' | 'cancelled';
  actor: string;
  reason: string | null;
  uncounted: 'leave' | 'zero' | null;
  position: number;
  closed_at: number;
  request_hash: string;
}

const sql = (db: Database) => ({
  session: db.prepare(`SELECT * FROM stocktake_sessions WHERE id = ?`),
  closing: db.prepare(`SELECT * FROM stocktake_closings WHERE session_id = ?`),
  insertSession: db.prepare(`
    INSERT INTO stocktake_sessions (id, scope_kind, scope_value, blind, note, started_by, started_at, start_position, request_hash)
    VALUES (@id, @scopeKind, @scopeValue, @blind, @note, @actor, @now, @position, @hash)`),
  insertScopeSku: db.prepare(`INSERT OR IGNORE INTO stocktake_scope_skus (session_id, sku) VALUES (?, ?)`),
  scopeSkus: db.prepare(`SELECT sku FROM stocktake_scope_skus WHERE session_id = ? ORDER BY sku`),
  scopeHas: db.prepare(`SELECT 1 FROM stocktake_scope_skus WHERE session_id = ? AND sku = ?`),
  scopeCount: db.prepare(`SELECT count(*) AS n FROM stocktake_scope_skus WHERE session_id = ?`),
  insertClosing: db.prepare(`
    INSERT INTO stocktake_closings (session_id, outcome, actor, reason, uncounted, position, closed_at, request_hash)
    VALUES (@sessionId, @outcome, @actor, @reason, @uncounted, @position, @now, @hash)`),
  countedItems: db.prepare(`SELECT count(*) AS n FROM stocktake_counted WHERE session_id = ?`),
  markCounted: db.prepare(`INSERT OR IGNORE INTO stocktake_counted (session_id, sku) VALUES (?, ?)`),
  unmarkCounted: db.prepare(`DELETE FROM stocktake_counted WHERE session_id = ? AND sku = ?`),
  adjustments: db.prepare(`SELECT count(*) AS n, coalesce(sum(qty), 0) AS net FROM movements WHERE doc_type = '${STOCKTAKE_DOC_TYPE}' AND doc_id = ?`),
});

/** Items matching a scope's definition now (named parameter @value). Not for a SKU list, which is its own scope. */
function definitionSelect(kind: Exclude<StocktakeScope['kind'], 'skus'>): string {
  switch (kind) {
    case 'all': return `SELECT sku FROM items`;
    case 'category': return `SELECT sku FROM items WHERE category = @value`;
    case 'brand': return `SELECT sku FROM items WHERE brand = @value`;
  }
}

export function scopeOf(row: SessionRow, db: Database): StocktakeScope {
  switch (row.scope_kind) {
    case 'all': return { kind: 'all' };
    case 'category': return { kind: 'category', category: row.scope_value! };
    case 'brand': return { kind: 'brand', brand: row.scope_value! };
    case 'skus': return { kind: 'skus', skus: (prepared(db, sql).scopeSkus.all(row.id) as Array<{ sku: string }>).map((r) => r.sku) };
  }
}

function scopeLabel(row: SessionRow, db: Database): string {
  switch (row.scope_kind) {
    case 'all': return 'All items';
    case 'category': return `Category ${row.scope_value}`;
    case 'brand': return `Brand ${row.scope_value}`;
    case 'skus': {
      const n = (prepared(db, sql).scopeCount.get(row.id) as { n: number }).n;
      return n === 1 ? '1 item' : `${n} items`;
    }
  }
}

/**
 * The scope is frozen when the session starts (its items are written to stocktake_scope_skus), so
 * "uncounted" and "counted as zero" mean the same items all day, even if the catalogue changes.
 * An item that matches the definition later (a new item added to the category mid-count) joins the
 * scope when it is first counted.
 */
export function skusInScope(db: Database, row: SessionRow): string[] {
  return (prepared(db, sql).scopeSkus.all(row.id) as Array<{ sku: string }>).map((r) => r.sku);
}

/** Is the item part of this count? Admits a late item that matches the scope's definition (write transaction only). */
export function admitToScope(db: Database, row: SessionRow, sku: string): boolean {
  const s = prepared(db, sql);
  if (s.scopeHas.get(row.id, sku)) return true;
  if (row.scope_kind === 'skus') return false;
  const matches = preparedText(db, `SELECT 1 FROM (${definitionSelect(row.scope_kind)}) WHERE sku = @sku`).get({ value: row.scope_value, sku }) !== undefined;
  if (matches) s.insertScopeSku.run(row.id, sku);
  return matches;
}

/** Counted items / items in scope. Answered on every scan, so it reads two index counts, never the events. */
export function progressOf(db: Database, row: SessionRow): StocktakeProgress {
  const s = prepared(db, sql);
  return { counted: (s.countedItems.get(row.id) as { n: number }).n, inScope: (s.scopeCount.get(row.id) as { n: number }).n };
}

/** Keeps the counted-items cache in step with an item's fold, inside the event's transaction. */
export function markCounted(db: Database, sessionId: string, sku: string, counted: boolean): void {
  const s = prepared(db, sql);
  if (counted) s.markCounted.run(sessionId, sku);
  else s.unmarkCounted.run(sessionId, sku);
}

export function findSession(db: Database, id: string): SessionRow | null {
  return (prepared(db, sql).session.get(id) as SessionRow | undefined) ?? null;
}

export function requireSession(db: Database, id: string): SessionRow {
  const row = findSession(db, id);
  if (!row) throw new CommandError('NOT_FOUND', `No stock take with id ${id}. Pick it from the list of counts.`, { sessionId: id });
  return row;
}

export function closingOf(db: Database, id: string): ClosingRow | null {
  return (prepared(db, sql).closing.get(id) as ClosingRow | undefined) ?? null;
}

/** Refuses any change to a session that is committed or cancelled. */
export function requireOpen(db: Database, row: SessionRow): void {
  const closing = closingOf(db, row.id);
  if (!closing) return;
  const when = isoOf(closing.closed_at);
  if (closing.outcome === 'committed') {
    throw new CommandError('ALREADY_COMMITTED', `This stock take was committed by ${closing.actor} at ${when}; it can no longer change. Start a new count for anything missed.`, { sessionId: row.id, committedBy: closing.actor, committedAt: when });
  }
  throw new CommandError('CONFLICT', `This stock take was cancelled by ${closing.actor} at ${when}. Start a new count.`, { sessionId: row.id, cancelledBy: closing.actor, cancelledAt: when });
}

export function statusOf(closing: ClosingRow | null): StocktakeStatus {
  return closing ? closing.outcome : 'open';
}

export function sessionView(db: Database, row: SessionRow): StocktakeSession {
  const closing = closingOf(db, row.id);
  const adj = closing?.outcome === 'committed' ? (prepared(db, sql).adjustments.get(row.id) as { n: number; net: number }) : null;
  return {
    id: row.id,
    scope: scopeOf(row, db),
    scopeLabel: scopeLabel(row, db),
    blind: row.blind === 1,
    note: row.note,
    status: statusOf(closing),
    startedBy: row.started_by,
    startedAt: isoOf(row.started_at),
    startPosition: row.start_position,
    closedBy: closing?.actor ?? null,
    closedAt: closing ? isoOf(closing.closed_at) : null,
    closeReason: closing?.reason ?? null,
    uncounted: closing?.uncounted ?? null,
    commitPosition: closing?.outcome === 'committed' ? closing.position : null,
    progress: progressOf(db, row),
    adjustments: adj ? { movements: adj.n, netUnits: adj.net } : null,
  };
}

export function startSession(ledger: Ledger, p: { scope: StocktakeScope; blind: boolean; note?: string; actor: string; id?: string }, now: number): StocktakeSession {
  const { id: givenId, ...request } = p;
  const hash = requestHash(request);
  const id = givenId ?? uuidv7(now);
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const earlier = findSession(db, id);
    if (earlier) {
      if (earlier.request_hash !== hash) throw new CommandError('CONFLICT', `Stock take id ${id} is already used for another count. Use a new id.`, { sessionId: id });
      return sessionView(db, earlier);
    }
    const s = prepared(db, sql);
    const value = p.scope.kind === 'category' ? p.scope.category : p.scope.kind === 'brand' ? p.scope.brand : null;
    if (p.scope.kind === 'skus') requireItems(db, p.scope.skus);
    s.insertSession.run({ id, scopeKind: p.scope.kind, scopeValue: value, blind: p.blind ? 1 : 0, note: p.note ?? null, actor: p.actor, now, position: ledgerPosition(db), hash });
    if (p.scope.kind === 'skus') for (const sku of p.scope.skus) s.insertScopeSku.run(id, sku);
    else preparedText(db, `INSERT OR IGNORE INTO stocktake_scope_skus (session_id, sku) SELECT @sessionId, sku FROM (${definitionSelect(p.scope.kind)})`).run({ sessionId: id, value });
    const row = findSession(db, id)!;
    if ((s.scopeCount.get(id) as { n: number }).n === 0) {
      const what = p.scope.kind === 'all' ? 'The catalogue has no items' : `No item has ${p.scope.kind} ${value}`;
      throw new CommandError('NOT_FOUND', `${what}, so there is nothing to count. Check the spelling, or add the items first.`, { scope: p.scope });
    }
    return sessionView(db, row);
  });
}

export function cancelSession(ledger: Ledger, p: { sessionId: string; actor: string; reason?: string }, now: number): StocktakeSession {
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const row = requireSession(db, p.sessionId);
    const closing = closingOf(db, row.id);
    if (closing?.outcome === 'cancelled') return sessionView(db, row); // a repeated cancel is harmless
    requireOpen(db, row);
    prepared(db, sql).insertClosing.run({ sessionId: row.id, outcome: 'cancelled', actor: p.actor, reason: p.reason ?? null, uncounted: null, position: ledgerPosition(db), now, hash: requestHash(p) });
    return sessionView(db, row);
  });
}

export function insertCommitClosing(db: Database, c: { sessionId: string; actor: string; uncounted: 'leave' | 'zero'; position: number; now: number; hash: string }): void {
  prepared(db, sql).insertClosing.run({ ...c, outcome: 'committed', reason: null });
}

export function listSessions(db: Database, p: { status?: StocktakeStatus; limit?: number; offset?: number }): { rows: StocktakeSession[]; total: number } {
  const where = p.status === undefined ? '' : p.status === 'open' ? 'WHERE c.session_id IS NULL' : 'WHERE c.outcome = @status';
  const from = `FROM stocktake_sessions s LEFT JOIN stocktake_closings c ON c.session_id = s.id ${where}`;
  const params = p.status && p.status !== 'open' ? { status: p.status } : {};
  const rows = preparedText(db, `SELECT s.* ${from} ORDER BY s.started_at DESC, s.id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: p.limit ?? 50, offset: p.offset ?? 0 }) as SessionRow[];
  const total = (preparedText(db, `SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
  return { rows: rows.map((r) => sessionView(db, r)), total };
}
