import type { Database } from 'better-sqlite3';
import type { CountEventView, CountResult, StocktakeItemCount, StocktakeProgress } from '../../shared/contract/stocktake';
import { foldCount, type CountEvent, type ItemCount } from '../../shared/domain/stocktake';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { requestHash } from '../documents/store';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { ledgerPosition, stockAtPosition } from '../ledger/stockAt';
import { writeTransaction } from '../ledger/write';
import { admitToScope, markCounted, progressOf, requireOpen, requireSession, type SessionRow } from './sessions';

interface EventRow {
  seq: number;
  id: string;
  session_id: string;
  sku: string;
  mode: 'add' | 'set' | 'undo';
  qty: number;
  undoes: string | null;
  position: number;
  actor: string;
  counted_at: number;
  request_hash: string;
}

const sql = (db: Database) => ({
  byId: db.prepare(`SELECT * FROM stocktake_events WHERE id = ?`),
  itemEvents: db.prepare(`SELECT * FROM stocktake_events WHERE session_id = ? AND sku = ? ORDER BY seq`),
  sessionEvents: db.prepare(`SELECT * FROM stocktake_events WHERE session_id = ? ORDER BY sku, seq`),
  insert: db.prepare(`
    INSERT INTO stocktake_events (id, session_id, sku, mode, qty, undoes, position, actor, counted_at, request_hash)
    VALUES (@id, @sessionId, @sku, @mode, @qty, @undoes, @position, @actor, @now, @hash)`),
  undoneBy: db.prepare(`SELECT id FROM stocktake_events WHERE undoes = ?`),
  itemBySku: db.prepare(`SELECT sku, name FROM items WHERE sku = ?`),
  itemByBarcode: db.prepare(`SELECT i.sku, i.name FROM item_barcodes b JOIN items i ON i.sku = b.sku WHERE b.barcode = ?`),
  page: db.prepare(`
    SELECT e.*, i.name, u.id AS undone_by FROM stocktake_events e
    LEFT JOIN items i ON i.sku = e.sku LEFT JOIN stocktake_events u ON u.undoes = e.id
    WHERE e.session_id = @sessionId AND (@sku IS NULL OR e.sku = @sku) AND e.seq < @before
    ORDER BY e.seq DESC LIMIT @limit`),
});

const toEvent = (r: EventRow): CountEvent => ({ id: r.id, seq: r.seq, mode: r.mode, qty: r.qty, undoes: r.undoes, position: r.position, actor: r.actor, countedAt: r.counted_at });

function eventView(db: Database, r: EventRow, name: string | null): CountEventView {
  const undoneBy = (prepared(db, sql).undoneBy.get(r.id) as { id: string } | undefined)?.id ?? null;
  return { id: r.id, seq: r.seq, sessionId: r.session_id, sku: r.sku, name, mode: r.mode, qty: r.qty, undoes: r.undoes, undoneBy, position: r.position, actor: r.actor, countedAt: isoOf(r.counted_at) };
}

/** Every counted item of a session, folded by the position rule (shared/domain/stocktake.ts). */
export function allItemCounts(db: Database, sessionId: string): Map<string, ItemCount> {
  const counts = new Map<string, ItemCount>();
  let sku: string | null = null;
  let batch: CountEvent[] = [];
  const flush = () => {
    const c = sku === null ? null : foldCount(batch);
    if (c) counts.set(sku!, c);
  };
  for (const r of prepared(db, sql).sessionEvents.iterate(sessionId) as IterableIterator<EventRow>) {
    if (r.sku !== sku) {
      flush();
      sku = r.sku;
      batch = [];
    }
    batch.push(toEvent(r));
  }
  flush();
  return counts;
}

/** A count for the screen; expected stays null while a blind count is not committed. */
function itemCountView(db: Database, sku: string, name: string, c: ItemCount, showExpected: boolean): StocktakeItemCount {
  return {
    sku, name, counted: c.counted, position: c.position, countedAt: isoOf(c.positionAt), lastCountedAt: isoOf(c.lastCountedAt),
    events: c.events, countedBy: c.actors, expected: showExpected ? stockAtPosition(db, sku, c.position).onHand : null,
  };
}

/** The result of an event as it stood when it was made (so a retried request gets the first answer). */
function resultFor(db: Database, session: SessionRow, event: EventRow): CountResult {
  const events = (prepared(db, sql).itemEvents.all(session.id, event.sku) as EventRow[]).filter((e) => e.seq <= event.seq).map(toEvent);
  const item = prepared(db, sql).itemBySku.get(event.sku) as { sku: string; name: string } | undefined;
  const name = item?.name ?? event.sku;
  const count = foldCount(events);
  // Blind: the counter's screen never shows expected quantities, not even after commit.
  const blind = session.blind === 1;
  return { event: eventView(db, event, name), item: count ? itemCountView(db, event.sku, name, count, !blind) : null, progress: progressOf(db, session), blind };
}

function resolveItem(db: Database, code: string): { sku: string; name: string } {
  const s = prepared(db, sql);
  const item = (s.itemBySku.get(code) ?? s.itemByBarcode.get(code)) as { sku: string; name: string } | undefined;
  if (!item) throw new CommandError('NOT_FOUND', `No item with SKU or barcode ${code}. Check the code, or put the item aside and add it to the catalogue first.`, { sku: code });
  return item;
}

/** A retried event id returns the first result; the same id for something else is a conflict. */
function earlierEvent(db: Database, id: string | undefined, sessionId: string, hash: string): EventRow | null {
  if (id === undefined) return null;
  const row = prepared(db, sql).byId.get(id) as EventRow | undefined;
  if (!row) return null;
  if (row.session_id !== sessionId || row.request_hash !== hash) {
    throw new CommandError('CONFLICT', `Count event id ${id} was already used for a different count. Use a new id for a new scan.`, { id });
  }
  return row;
}

export interface CountInput { sessionId: string; sku: string; qty: number; mode: 'add' | 'set'; actor: string; id?: string }

/**
 * Appends one event for an item at the current ledger position, refusing a count below zero, and
 * keeps the counted-items cache in step. The caller holds the write transaction and checked the session.
 */
function appendEvent(db: Database, session: SessionRow, e: { id: string; sku: string; mode: CountEvent['mode']; qty: number; undoes: string | null; actor: string; hash: string }, now: number): EventRow {
  const s = prepared(db, sql);
  const events = (s.itemEvents.all(session.id, e.sku) as EventRow[]).map(toEvent);
  const position = ledgerPosition(db);
  const after = foldCount([...events, { id: e.id, seq: Number.MAX_SAFE_INTEGER, mode: e.mode, qty: e.qty, undoes: e.undoes, position, actor: e.actor, countedAt: now }]);
  if (after && after.counted < 0) {
    throw new CommandError('VALIDATION', `That would make the count of ${e.sku} ${after.counted}; a count cannot go below zero. Use "set" to enter the right number.`, { sku: e.sku, counted: after.counted });
  }
  s.insert.run({ id: e.id, sessionId: session.id, sku: e.sku, mode: e.mode, qty: e.qty, undoes: e.undoes, position, actor: e.actor, now, hash: e.hash });
  markCounted(db, session.id, e.sku, after !== null);
  return s.byId.get(e.id) as EventRow;
}

/** Refuses items outside the session's scope. */
function requireCountable(db: Database, session: SessionRow, code: string): { sku: string; name: string } {
  const item = resolveItem(db, code);
  if (!admitToScope(db, session, item.sku)) {
    throw new CommandError('VALIDATION', `${item.sku} (${item.name}) is not part of this count. Put it aside and count it in a count that covers it.`, { sku: item.sku });
  }
  return item;
}

/** Records one count event (a scan, a typed quantity, or a recount) at the current ledger position. */
export function recordCount(ledger: Ledger, p: CountInput, now: number): CountResult {
  const { id: givenId, ...request } = p;
  const hash = requestHash(request);
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const session = requireSession(db, p.sessionId);
    const earlier = earlierEvent(db, givenId, session.id, hash);
    if (earlier) return resultFor(db, session, earlier);
    requireOpen(db, session);
    const item = requireCountable(db, session, p.sku);
    const event = appendEvent(db, session, { id: givenId ?? uuidv7(now), sku: item.sku, mode: p.mode, qty: p.qty, undoes: null, actor: p.actor, hash }, now);
    return resultFor(db, session, event);
  });
}

/**
 * Many counts at once, all or none (a handheld terminal's upload, a bulk recount). Event ids are
 * derived from the batch id, so re-sending the same batch records nothing twice.
 */
export function recordCounts(ledger: Ledger, p: { sessionId: string; counts: Array<{ sku: string; qty: number; mode: 'add' | 'set' }>; actor: string; id: string }, now: number): { events: number; alreadyRecorded: boolean; progress: StocktakeProgress } {
  // Every event carries the whole batch's fingerprint: the same id with other counts is a conflict.
  const batch = requestHash({ counts: p.counts, actor: p.actor });
  const hashOf = (i: number) => requestHash({ batch, line: i });
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const session = requireSession(db, p.sessionId);
    const first = earlierEvent(db, `${p.id}:0`, session.id, hashOf(0));
    if (first) return { events: p.counts.length, alreadyRecorded: true, progress: progressOf(db, session) };
    requireOpen(db, session);
    p.counts.forEach((c, i) => {
      const item = requireCountable(db, session, c.sku);
      appendEvent(db, session, { id: `${p.id}:${i}`, sku: item.sku, mode: c.mode, qty: c.qty, undoes: null, actor: p.actor, hash: hashOf(i) }, now);
    });
    return { events: p.counts.length, alreadyRecorded: false, progress: progressOf(db, session) };
  });
}

/** Takes a count event back with a compensating `undo` event; the first one stays in the record. */
export function undoCount(ledger: Ledger, p: { sessionId: string; eventId: string; actor: string; id?: string }, now: number): CountResult {
  const id = p.id ?? `undo-${p.eventId}`;
  const hash = requestHash({ sessionId: p.sessionId, eventId: p.eventId, actor: p.actor });
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const session = requireSession(db, p.sessionId);
    const earlier = earlierEvent(db, id, session.id, hash);
    if (earlier) return resultFor(db, session, earlier);
    requireOpen(db, session);
    const target = prepared(db, sql).byId.get(p.eventId) as EventRow | undefined;
    if (!target || target.session_id !== session.id) throw new CommandError('NOT_FOUND', `No count event ${p.eventId} in this stock take. Pick the scan from the list of recent scans.`, { eventId: p.eventId });
    if (target.mode === 'undo') throw new CommandError('VALIDATION', 'An undo cannot itself be undone. Scan the item again instead.', { eventId: p.eventId });
    const by = prepared(db, sql).undoneBy.get(target.id) as { id: string } | undefined;
    if (by) throw new CommandError('ALREADY_REVERSED', `This scan was already undone (by ${by.id}).`, { eventId: p.eventId, undoneBy: by.id });
    // qty is informational (the fold ignores undone events): an add is compensated by its negation.
    const event = appendEvent(db, session, { id, sku: target.sku, mode: 'undo', qty: target.mode === 'add' ? -target.qty : 0, undoes: target.id, actor: p.actor, hash }, now);
    return resultFor(db, session, event);
  });
}

/** Count events newest first (who counted what, when, at which position), paged by `before` = seq. */
export function listEvents(db: Database, p: { sessionId: string; sku?: string; limit?: number; before?: number }): { rows: CountEventView[]; nextBefore: number | null } {
  requireSession(db, p.sessionId);
  const limit = p.limit ?? 50;
  const rows = prepared(db, sql).page.all({ sessionId: p.sessionId, sku: p.sku ?? null, before: p.before ?? Number.MAX_SAFE_INTEGER, limit }) as Array<EventRow & { name: string | null; undone_by: string | null }>;
  return {
    rows: rows.map((r) => ({ id: r.id, seq: r.seq, sessionId: r.session_id, sku: r.sku, name: r.name, mode: r.mode, qty: r.qty, undoes: r.undoes, undoneBy: r.undone_by, position: r.position, actor: r.actor, countedAt: isoOf(r.counted_at) })),
    nextBefore: rows.length === limit ? rows[rows.length - 1]!.seq : null,
  };
}
